import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Store } from '../state/store.js';
import { registerSnapshotRoutes } from './snapshotRoutes.js';
import { AdminInputError, registerAdminRoutes } from './admin.js';
import { guardAdminRoutes } from './adminAccess.js';
import { registerStateAdminRoutes } from './adminRoutes.js';
import { edgeErrorAnswer, type AwsAnswer } from './awsEndpoint.js';
import { BODY_LIMIT, createAwsServer } from './awsHttp.js';
import type { LinkstackConfig } from './config.js';
import { buildCore, type CoreOptions, type LinkstackCore } from './linkstackCore.js';
import { httpErrors } from './protocols/errors.js';
import { registerDashboardRoutes } from './dashboard/routes.js';
import type { RequestLog } from './requestLog/requestLog.js';
import { adminChanges, announceAdminChanges, registerRequestLogRoutes } from './requestLog/routes.js';
import { ecsService } from './services/ecs/index.js';
import { iamService } from './services/iam/index.js';

export type AppOptions = CoreOptions;

export interface LinkstackApp {
  app: FastifyInstance;
  store: Store;
  config: LinkstackConfig;
  /** The recent AWS requests (GET /_linkstack/requests). */
  requestLog: RequestLog;
  /** Calls `listener` after every answer, AWS or admin (the state file schedules its saves so). */
  onAnswered(listener: () => void): void;
}

/** A linkstack with its Fastify app built at once: what tests drive with `app.inject`. */
export function buildApp(options: AppOptions = {}): LinkstackApp {
  const core = buildCore(options);
  const app = buildAdminApp(core, (fastifyListener) => createAwsServer(core, fastifyListener as http.RequestListener));
  return { app, store: core.store, config: core.config, requestLog: core.requestLog, onAnswered: core.onAnswered };
}

/**
 * The Fastify app over a core: the admin routes, the dashboard, and `/` for `app.inject` (real
 * ports answer AWS requests before Fastify, in awsHttp.ts). `serverFactory` is handed Fastify's
 * listener and answers the server it is to serve on.
 */
export function buildAdminApp(core: LinkstackCore, serverFactory: (fastifyListener: http.RequestListener) => http.Server): FastifyInstance {
  const { store, requestLog } = core;
  const app: FastifyInstance = Fastify({
    ...(core.logging ? { loggerInstance: core.log } : { logger: false }),
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
    serverFactory: (fastifyListener) => serverFactory(fastifyListener as http.RequestListener),
  }) as unknown as FastifyInstance;
  app.addHook('onResponse', async () => core.answered());

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

  const changes = adminChanges();
  announceAdminChanges(app, changes);
  // What real ports never reach (awsHttp.ts answers them first): `app.inject` and HEAD.
  const viaFastify = async (request: FastifyRequest, reply: FastifyReply) =>
    send(
      reply,
      core.endpoint({
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
  guardAdminRoutes(app, core.config.adminToken);
  registerAdminRoutes(app, store);
  registerStateAdminRoutes(app, store);
  registerSnapshotRoutes(app, store);
  registerRequestLogRoutes(app, requestLog, changes);
  registerDashboardRoutes(app, store, { iam: iamService, ecs: ecsService });
  return app;
}

function send(reply: FastifyReply, answer: AwsAnswer): void {
  reply.code(answer.status).headers(answer.headers);
  // As a Buffer, so Fastify adds no `; charset=utf-8` to the content type.
  reply.send(Buffer.from(answer.body));
}
