import type { FastifyBaseLogger } from 'fastify';
import { Clock } from '../state/clock.js';
import { SeededIds } from '../state/ids.js';
import { Store } from '../state/store.js';
import { createAwsEndpoint, type AwsEndpoint } from './awsEndpoint.js';
import { defaultConfig, type LinkstackConfig } from './config.js';
import { createLogger, type LoggerOption } from './logger.js';
import { RequestLog } from './requestLog/requestLog.js';

export interface CoreOptions {
  config?: Partial<LinkstackConfig>;
  clock?: Clock;
  /** Serve this store instead of a new one (the seeding server shares the real one). */
  store?: Store;
  /** Pino options, or false for a silent server (tests). */
  logger?: LoggerOption;
  /** The real clock SigV4 timestamps are judged against (tests move it; default Date.now). */
  wallClock?: () => number;
}

/**
 * Everything a linkstack server is but its HTTP framework: the store, the settings, the request
 * log, the AWS endpoint and the logger. Fastify (the admin routes, the dashboard, `app.inject`)
 * is built on top of it in app.ts, eagerly for tests or on the first admin request for a server.
 */
export interface LinkstackCore {
  store: Store;
  config: LinkstackConfig;
  /** The recent AWS requests (GET /_linkstack/requests). */
  requestLog: RequestLog;
  endpoint: AwsEndpoint;
  log: FastifyBaseLogger;
  /** Whether `log` writes anything (Fastify gets no logger otherwise). */
  logging: boolean;
  /** Run after every answer, AWS or admin. */
  answered(): void;
  /** Calls `listener` after every answer, AWS or admin (the state file schedules its saves so). */
  onAnswered(listener: () => void): void;
}

export function buildCore(options: CoreOptions = {}): LinkstackCore {
  const config: LinkstackConfig = { ...defaultConfig, ...options.config };
  const store = options.store ?? newStore(config, options.clock ?? new Clock());
  const loggerOption = options.logger ?? (config.logLevel === 'silent' ? false : { level: config.logLevel });
  const requestLog = new RequestLog(config.requestLogSize);
  const listeners: Array<() => void> = [];
  return {
    store,
    config,
    requestLog,
    endpoint: createAwsEndpoint(store, {
      enforceIam: config.enforceIam,
      rootSecret: config.rootSecret,
      wallClock: options.wallClock,
      requestLog,
    }),
    log: createLogger(loggerOption),
    logging: loggerOption !== false,
    answered() {
      for (const listener of listeners) listener();
    },
    onAnswered: (listener) => void listeners.push(listener),
  };
}

function newStore(config: LinkstackConfig, clock: Clock): Store {
  return new Store({
    defaultAccountId: config.defaultAccount,
    clock,
    managedPolicyVersions: config.managedPolicyVersions,
    accountConfig: {
      deletion: { startDelayMs: config.deletionStartMs, durationMs: config.deletionDurationMs },
      usageReport: config.usageReport,
      tasks: {
        provisioningMs: config.taskProvisioningMs,
        pendingMs: config.taskPendingMs,
        activatingMs: config.taskActivatingMs,
        deactivatingMs: config.taskDeactivatingMs,
        stoppingMs: config.taskStoppingMs,
        deprovisioningMs: config.taskDeprovisioningMs,
      },
      deployments: { startDelayMs: config.deploymentStartMs },
    },
    ids: config.idSeed ? new SeededIds(config.idSeed) : undefined,
    retention: {
      credentialsMs: config.credentialRetentionSeconds * 1000,
      accessAdvisorJobsMs: config.accessAdvisorJobRetentionSeconds * 1000,
      deletionTasksMs: config.deletionTaskRetentionSeconds * 1000,
    },
  });
}
