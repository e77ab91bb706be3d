import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Clock } from '../state/clock.js';
import { Store } from '../state/store.js';
import { SeededIds } from '../state/ids.js';
import { registerSnapshotRoutes } from './snapshotRoutes.js';
import { AdminInputError, registerAdminRoutes } from './admin.js';
import { guardAdminRoutes } from './adminAccess.js';
import { registerStateAdminRoutes } from './adminRoutes.js';
import { createAwsEndpoint, edgeErrorAnswer, type AwsAnswer } from './awsEndpoint.js';
import { awsRequestListener } from './awsHttp.js';
import { defaultConfig, type LinkstackConfig } from './config.js';
import { httpErrors } from './protocols/errors.js';
import { registerDashboardRoutes } from './dashboard/routes.js';
import { RequestLog } from './requestLog/requestLog.js';
import { adminChanges, announceAdminChanges, registerRequestLogRoutes } from './requestLog/routes.js';
import { ecsService } from './services/ecs/index.js';
import { iamService } from './services/iam/index.js';

export interface AppOptions {
  config?: Partial<LinkstackConfig>;
  clock?: Clock;
  /** Serve this store instead of a new one (the seeding server shares the real one). */
  store?: Store;
  /** Pino options, or false for a silent server (tests). */
  logger?: boolean | Record<string, unknown>;
  /** The real clock SigV4 timestamps are judged against (tests move it; default Date.now). */
  wallClock?: () => number;
}

export interface LinkstackApp {
  app: FastifyInstance;
  store: Store;
  config: LinkstackConfig;
  /** The recent AWS requests (GET /_linkstack/requests). */
  requestLog: RequestLog;
  /** Calls `listener` after every answer, AWS or admin (the state file schedules its saves so). */
  onAnswered(listener: () => void): void;
}

/** Large enough for the biggest IAM policy document (131,072 characters) once form-encoded. */
const BODY_LIMIT = 4 * 1024 * 1024;

export function buildApp(options: AppOptions = {}): LinkstackApp {
  const config: LinkstackConfig = { ...defaultConfig, ...options.config };
  const store =
    options.store ??
    new Store({
      defaultAccountId: config.defaultAccount,
      clock: options.clock ?? new Clock(),
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
  const answeredListeners: Array<() => void> = [];
  const answered = () => {
    for (const listener of answeredListeners) listener();
  };
  const appLog = (): FastifyBaseLogger => app.log;
  const app: FastifyInstance = Fastify({
    // `silent` needs no logger at all, and skipping pino shortens start-up.
    logger: options.logger ?? (config.logLevel === 'silent' ? false : { level: config.logLevel }),
    bodyLimit: BODY_LIMIT,
    // Per-request log lines would cost more than the requests; errors are logged with their id.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    // A child logger per request costs about as much as a GetRole; errors carry the request id
    // in their own fields instead.
    childLoggerFactory: (logger) => logger,
    // No route declares a JSON schema, so Fastify's default compilers (ajv, fast-json-stringify)
    // would only cost start-up time; these stand-ins are never called.
    schemaController: {
      compilersFactory: {
        buildValidator: () => () => {
          throw new Error('linkstack routes declare no validation schemas');
        },
        buildSerializer: () => () => {
          throw new Error('linkstack routes declare no serialization schemas');
        },
      },
    },
    return503OnClosing: false,
    // AWS requests skip Fastify (see awsHttp.ts); the rest is Fastify's.
    serverFactory: (fastifyListener, options): http.Server => {
      const server = http.createServer(
        options.http ?? {},
        awsRequestListener({
          endpoint: (request) => awsEndpoint(request),
          bodyLimit: BODY_LIMIT,
          log: () => appLog(),
          answered,
          otherwise: fastifyListener as http.RequestListener,
        }),
      );
      // What Fastify's own factory sets from its defaults (keep-alive 72 s, no request timeout).
      server.keepAliveTimeout = options.keepAliveTimeout as number;
      server.requestTimeout = options.requestTimeout as number;
      server.setTimeout(options.connectionTimeout as number);
      return server;
    },
  });
  app.addHook('onResponse', async () => answered());

  // Every body is kept raw: AWS clients send form bodies with or without `; charset=utf-8`,
  // JSON as application/x-amz-json-1.1, and sometimes nothing at all.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (request.url.startsWith('/_linkstack/')) {
      const status = error instanceof AdminInputError ? 400 : (error.statusCode ?? 500);
      if (status >= 500) request.log.error({ err: error }, 'admin route failed');
      return reply.code(status).send({ error: status >= 500 ? 'internal error' : error.message });
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
    send(
      reply,
      edgeErrorAnswer(request.headers, request.id, (service) =>
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? httpErrors.requestEntityTooLarge(BODY_LIMIT)
          : status < 500
            ? httpErrors.malformedInput(status)
            : service.internalError(),
      ),
    );
  });

  app.setNotFoundHandler((request, reply) => {
    reply.header('x-amzn-RequestId', request.id);
    reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });

  const requestLog = new RequestLog(config.requestLogSize);
  const changes = adminChanges();
  announceAdminChanges(app, changes);
  const awsEndpoint = createAwsEndpoint(store, {
    enforceIam: config.enforceIam,
    rootSecret: config.rootSecret,
    wallClock: options.wallClock,
    requestLog,
  });
  // What real ports never reach (awsHttp.ts answers them first): `app.inject` and HEAD.
  const viaFastify = async (request: FastifyRequest, reply: FastifyReply) =>
    send(
      reply,
      awsEndpoint({
        id: request.id as string,
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.isBuffer(request.body) ? request.body : undefined,
        sourceIp: request.ip,
        secure: request.protocol === 'https',
        log: request.log,
      }),
    );
  app.post('/', viaFastify);
  app.get('/', viaFastify);
  guardAdminRoutes(app, config.adminToken);
  registerAdminRoutes(app, store);
  registerStateAdminRoutes(app, store);
  registerSnapshotRoutes(app, store);
  registerRequestLogRoutes(app, requestLog, changes);
  registerDashboardRoutes(app, store, { iam: iamService, ecs: ecsService });
  return { app, store, config, requestLog, onAnswered: (listener) => void answeredListeners.push(listener) };
}

function send(reply: FastifyReply, answer: AwsAnswer): void {
  reply.code(answer.status).headers(answer.headers);
  // As a Buffer, so Fastify adds no `; charset=utf-8` to the content type.
  reply.send(Buffer.from(answer.body));
}
