#!/usr/bin/env node
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

/** `npm start`: serve until SIGTERM/SIGINT, then close cleanly. */
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
  const { app } = buildApp({ config });
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(`linkstack listening on ${address} (IAM enforcement: ${config.enforceIam})`);
  const stop = async (signal: string) => {
    app.log.info(`${signal}: closing`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

void main();
