import { Clock } from '../state/clock.js';
import { settleStore } from '../state/settle.js';
import type { Store } from '../state/store.js';
import { buildCore, type LinkstackCore } from './linkstackCore.js';
import { listenLinkstack } from './linkstackServer.js';
import { seedFromScenarios } from './seeding.js';
import { loadStateFile, StateFileError, StateFileWriter } from './stateFile.js';
import { defaultConfig, loadConfig, type EnforcementMode, type LinkstackConfig } from './config.js';

/**
 * Options of `startLinkstack`: every setting of the README's Configuration table under its
 * camelCase name (`--enforce-iam` → `enforceIam`), plus what only an in-process server can offer.
 */
export interface StartLinkstackOptions extends Partial<Omit<LinkstackConfig, 'init'>> {
  /** Scenario files or folders to replay before the server listens (LINKSTACK_INIT). */
  init?: string | string[];
  /** Same as `enforceIam`; the shorter name reads better in test set-up. */
  enforcement?: EnforcementMode;
  /**
   * Where emulated time starts: a `Date` or ISO-8601 string freezes the clock at that instant,
   * `'frozen'` freezes it now, `'real'` (the default) lets it run with the wall clock.
   */
  clock?: Date | string;
  /**
   * Environment to read the Configuration table's variables from, exactly as `npm start` and the
   * container do (e.g. `process.env`); options given here win over it. Not read unless passed,
   * so a stray `PORT` in a CI shell cannot move a test server.
   */
  env?: NodeJS.ProcessEnv;
  /** Region handed back for clients (the server itself serves every region). Default `us-east-1`. */
  region?: string;
  /** Pino options, or `false` for no log at all (the default unless `logLevel` is set). */
  logger?: boolean | Record<string, unknown>;
  /**
   * The real clock that strict mode judges SigV4 timestamps against (default `Date.now`), apart
   * from the emulated one: move it to test how your client copes with a skewed machine clock.
   */
  wallClock?: () => number;
}

export interface LinkstackCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Moves emulated time. Every move settles due deletion tasks, as the admin clock route does. */
export interface LinkstackClock {
  now(): Date;
  readonly frozen: boolean;
  /** Freeze at the given instant (Date or ISO-8601), or where the clock is now. */
  freeze(at?: Date | string): Date;
  /** Move emulated time forward by `ms` milliseconds; works frozen or running. */
  advance(ms: number): Date;
  /** Let the clock run on from where it stands. */
  unfreeze(): Date;
}

export interface Linkstack {
  /** e.g. `http://127.0.0.1:54321`: the endpoint override for every client. */
  endpoint: string;
  port: number;
  region: string;
  /** `test`/`test`: the root of the default account, always allowed. */
  credentials: LinkstackCredentials;
  /** The settings the server runs with. */
  config: LinkstackConfig;
  clock: LinkstackClock;
  /** Forget all state (or one account's), as `POST /_linkstack/reset` does. */
  reset(account?: string): void;
  /** Stop listening and free the port. */
  close(): Promise<void>;
  /** The emulated state itself, for assertions no AWS API offers. */
  store: Store;
}

/** The server's settings: defaults, then `env` (when given), then the options. */
export function resolveConfig(options: StartLinkstackOptions = {}): LinkstackConfig {
  const base = options.env ? loadConfig(options.env) : { ...defaultConfig, port: 0, logLevel: 'silent' };
  const fromOptions: Partial<LinkstackConfig> = {};
  for (const key of Object.keys(defaultConfig) as (keyof LinkstackConfig)[]) {
    if (options[key] !== undefined) (fromOptions as Record<string, unknown>)[key] = options[key];
  }
  if (typeof options.init === 'string') fromOptions.init = [options.init];
  if (options.enforcement !== undefined) fromOptions.enforceIam = options.enforcement;
  return { ...base, ...fromOptions };
}

/**
 * Before the server listens: the state file's snapshot, or else the init scenarios; then, with
 * a state file, a save after every change (at most once a second). Answers what to run on
 * close (the last save).
 */
async function prepareState({ log, store, onAnswered }: LinkstackCore, config: LinkstackConfig): Promise<() => void> {
  const loaded = config.stateFile ? loadStateFile(config.stateFile, store) : false;
  if (loaded) log.info(`state restored from ${config.stateFile}`);
  if (config.init.length > 0) {
    if (loaded) log.info(`init skipped: the state comes from ${config.stateFile}`);
    else {
      const files = await seedFromScenarios(config.init, store, config);
      log.info(`init: replayed ${files.join(', ')}`);
    }
  }
  // What came due while the snapshot was kept is settled as of its own instant.
  settleStore(store);
  if (!config.stateFile) return () => undefined;
  const writer = new StateFileWriter(config.stateFile, store, (e) => log.error({ err: e }, `could not save ${config.stateFile}`));
  if (!loaded) {
    try {
      writer.write();
    } catch (e) {
      throw new StateFileError(`state file ${config.stateFile} cannot be written: ${(e as Error).message}`);
    }
  }
  onAnswered(() => writer.touch());
  return () => writer.flush();
}

function toDate(at: Date | string, what: string): Date {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) throw new RangeError(`${what} must be a Date or an ISO-8601 instant, not '${String(at)}'`);
  return d;
}

/**
 * Starts an in-process linkstack (no Docker) and resolves once it listens. Port 0 (the default
 * without `env`) picks a free port; read it back from `endpoint`.
 */
export async function startLinkstack(options: StartLinkstackOptions = {}): Promise<Linkstack> {
  const config = resolveConfig(options);
  const clock = new Clock();
  if (options.clock === 'frozen') clock.freeze();
  else if (options.clock !== undefined && options.clock !== 'real') clock.freeze(toDate(options.clock, 'clock'));

  const logger = options.logger ?? (config.logLevel === 'silent' ? false : { level: config.logLevel });
  const core = buildCore({ config, clock, logger, wallClock: options.wallClock });
  const { store } = core;
  // A bad state file or EADDRINUSE leaves nothing half-started behind: nothing listens before both.
  const lastSave = await prepareState(core, config);
  const listening = await listenLinkstack(core, config.port, config.host);
  const { port } = listening;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  // The same settling as POST /_linkstack/clock: what finished during the move is decided now.
  const settled = (): Date => {
    settleStore(store);
    return clock.now();
  };

  return {
    endpoint,
    port,
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    config,
    store,
    clock: {
      now: () => clock.now(),
      get frozen() {
        return clock.frozen;
      },
      freeze(at) {
        clock.freeze(at === undefined ? undefined : toDate(at, 'freeze'));
        return settled();
      },
      advance(ms) {
        clock.advance(ms);
        return settled();
      },
      unfreeze() {
        clock.unfreeze();
        return settled();
      },
    },
    reset: (account) => store.reset(account),
    close: async () => {
      await listening.close();
      lastSave();
    },
  };
}
