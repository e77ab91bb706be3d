#!/usr/bin/env node
import { ConfigError, loadConfig } from './config.js';
import { startLinkstack } from './linkstack.js';
import { InitError } from './seeding.js';
import { StateFileError } from './stateFile.js';

/** `npm start`: serve until SIGTERM/SIGINT, then close cleanly (saving the state file, if any). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`linkstack: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  let server;
  try {
    server = await startLinkstack({ ...config, logger: config.logLevel === 'silent' ? false : { level: config.logLevel } });
  } catch (e) {
    if (e instanceof StateFileError || e instanceof InitError) {
      console.error(`linkstack: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  console.error(`linkstack listening on http://${config.host}:${server.port} (IAM enforcement: ${config.enforceIam})`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

void main();
