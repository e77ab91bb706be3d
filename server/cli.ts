#!/usr/bin/env node
import { ConfigError, loadConfig } from './config.js';
import { VERSION } from './admin.js';
import { startLinkstack } from './linkstack.js';
import { InitError } from './seeding.js';
import { StateFileError } from './stateFile.js';
import { parsePace } from '../scenarios/runner/pace.js';

const USAGE = `Usage:
  linkstack [--port N] [--host H] [--enforce-iam off|soft|strict] [...]   serve (flags as in the README's Configuration table)
  linkstack replay [--endpoint URL] [--admin-token T] [--transcript FILE] [--id-seed S] [--no-color] <file|dir>...
                                  replay scenario files against an in-process server, or the one at URL
  linkstack replay --ui [--pace 1.5s|key] [--ui-port N] <file|dir>...
                                  the same, watched on the dashboard: pause between steps (default 1.5s)
  linkstack --help | --version`;

/** `serve`: listen until SIGTERM/SIGINT, then close cleanly. Exit 2 on a bad setting. */
async function serve(argv: string[]): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, argv);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`linkstack: ${e.message}\n\n${USAGE}`);
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
  console.error(`linkstack ${VERSION} listening on http://${config.host}:${server.port} (IAM enforcement: ${config.enforceIam})`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

/**
 * The SDK clients warn on every run that their future releases will need Node 22; linkstack
 * supports Node 20, and the warning would open every replay's timeline. The SDK's own switch
 * turns it off, unless the user set it.
 */
function muteSdkNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

async function replay(argv: string[]): Promise<number> {
  const paths: string[] = [];
  let endpoint: string | undefined;
  let adminToken = process.env.LINKSTACK_ADMIN_TOKEN || undefined;
  let transcriptFile: string | undefined;
  let idSeed: string | undefined;
  let color: boolean | undefined;
  let ui = false;
  let pace: string | undefined;
  let uiPort = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new ConfigError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--endpoint') endpoint = value();
    else if (flag === '--admin-token') adminToken = value();
    else if (flag === '--transcript') transcriptFile = value();
    else if (flag === '--id-seed') idSeed = value();
    else if (flag === '--no-color') color = false;
    else if (flag === '--color') color = true;
    else if (flag === '--ui') ui = true;
    else if (flag === '--pace') pace = value();
    else if (flag === '--ui-port') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > 65535) throw new ConfigError(`--ui-port must be a port number 0-65535, not '${v}'`);
      uiPort = Number(v);
    }
    else if (flag.startsWith('-')) throw new ConfigError(`unknown option ${flag}`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new ConfigError('name at least one scenario file or directory');
  if (endpoint !== undefined) {
    try {
      const u = new URL(endpoint);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new ConfigError(`--endpoint must be an http(s) URL, not '${endpoint}'`);
    }
  }
  if ((pace !== undefined || uiPort !== 0) && !ui) throw new ConfigError('--pace and --ui-port go with --ui');
  if (idSeed !== undefined && endpoint !== undefined) throw new ConfigError('--id-seed goes with in-process replays: start the server at --endpoint with LINKSTACK_ID_SEED instead');
  if (ui && endpoint !== undefined) throw new ConfigError('--ui replays in-process: it cannot be combined with --endpoint (open that server\'s /_linkstack/ui instead)');
  const watch = ui ? watchOptions(pace ?? '1.5s', uiPort) : undefined;
  muteSdkNodeVersionWarning();
  const [{ replayFiles }, { wantsColor }] = await Promise.all([import('../scenarios/runner/replayFiles.js'), import('../scenarios/runner/timeline.js')]);
  return replayFiles(paths, {
    endpoint,
    adminToken,
    transcriptFile,
    idSeed,
    write: (t) => process.stdout.write(t),
    color: color ?? wantsColor(process.stdout),
    command: ['linkstack replay', ...argv].join(' '),
    ui: watch,
  });
}

function watchOptions(paceText: string, port: number) {
  const pace = parsePace(paceText);
  if (pace === undefined) throw new ConfigError(`--pace must be a duration such as 1.5s or 500ms (at most 600s), or key, not '${paceText}'`);
  const interactive = process.stdin.isTTY === true;
  if (pace === 'key' && !interactive) throw new ConfigError('--pace key needs a terminal to read key presses from');
  const enter = (prompt: string) =>
    new Promise<void>((resolve) => {
      process.stderr.write(prompt);
      process.stdin.resume();
      process.stdin.once('data', () => {
        process.stdin.pause();
        resolve();
      });
    });
  return {
    port,
    pause: () => (pace === 'key' ? enter('  [Enter: next step] ') : new Promise<void>((resolve) => setTimeout(resolve, pace))),
    // At the end the dashboard stays up until the presenter is done (only at a terminal).
    atEnd: interactive ? () => enter('replay finished: the dashboard stays up until you press Enter ') : undefined,
  };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(USAGE);
    return;
  }
  if (argv[0] === '--version') {
    console.log(VERSION);
    return;
  }
  if (argv[0] === 'replay') {
    try {
      process.exitCode = await replay(argv.slice(1));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      console.error(`linkstack replay: ${e.message}\n\n${USAGE}`);
      process.exitCode = 2;
    }
    return;
  }
  await serve(argv[0] === 'serve' ? argv.slice(1) : argv);
}

void main(process.argv.slice(2));
