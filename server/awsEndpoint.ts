import type { FastifyReply, FastifyRequest } from 'fastify';
import { settleAccountOf } from '../state/settle.js';
import { type AwsError, isAwsError } from '../state/errors.js';
import type { RequestFootprint, Store } from '../state/store.js';
import { withIds } from '../state/ids.js';
import { enforce, permits, type Transport } from './authorization.js';
import type { EnforcementMode } from './config.js';
import { resolveCaller } from './identity.js';
import { isReadOnly, type RequestContext, type ServiceDefinition } from './operation.js';
import type { Protocol, WireAnswer } from './protocols/protocol.js';
import { compactInput, type RequestLog, type RequestTrace } from './requestLog/requestLog.js';
import { validate } from './shapes.js';
import { checkSignature } from './sigv4/signatureCheck.js';
import { readSignature, scopeOf, type RequestParts } from './sigv4/signedRequest.js';
import { isRegionName } from '../state/regionName.js';
import { protocols } from './services/index.js';

/**
 * The AWS edge: one `POST /` (and `GET /`) for every service. The request's protocol object
 * routes it to a service and operation; the edge works out who is calling and from which region,
 * then decodes, validates, authorizes and runs the operation, and the protocol renders the answer
 * (or the error). Nothing here knows a protocol or a service by name.
 */

export { supportedServices } from './services/index.js';

const DEFAULT_REGION = 'us-east-1';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The protocol a request speaks, with the services that speak it. */
function protocolFor(headers: FastifyRequest['headers']): { protocol: Protocol; services: readonly ServiceDefinition[] } {
  for (const [protocol, services] of protocols) if (protocol.recognizes(headers)) return { protocol, services };
  throw new Error('no protocol recognizes the request'); // the protocols partition every request
}

export interface AwsHandlerOptions {
  enforceIam?: EnforcementMode;
  /** The secret of the root keys (`test` and 12-digit account ids). */
  rootSecret?: string;
  /** The real clock signatures are judged against (the emulated one may be frozen anywhere). */
  wallClock?: () => number;
  /** Where each request is recorded (GET /_linkstack/requests); off when absent or of size 0. */
  requestLog?: RequestLog;
}

export function createAwsHandler(store: Store, options: AwsHandlerOptions = {}) {
  const enforceIam = options.enforceIam ?? 'off';
  const rootSecret = options.rootSecret ?? 'test';
  const wallClock = options.wallClock ?? Date.now;
  const requestLog = options.requestLog?.enabled ? options.requestLog : undefined;
  return async function handleAwsRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const requestId = request.id as string;
    reply.header('x-amzn-RequestId', requestId);
    const { protocol, services } = protocolFor(request.headers);
    // Until the request is routed, errors speak the protocol's first service's envelope.
    let service = services[0]!;
    const trace: RequestTrace | undefined = requestLog && { startedAt: performance.now(), arrivedAt: Date.now() };
    let failure: AwsError | undefined;
    let footprint: RequestFootprint | undefined;
    let wrote = false;
    try {
      // The Query API also comes as GET with the parameters in the URL, as AWS documents it.
      const body = request.method === 'GET' ? urlQuery(request.url) : bodyText(request.body, protocol);
      const parts: RequestParts = { method: request.method, url: request.url, headers: request.headers };
      const reading = readSignature(parts);
      const scope = scopeOf(reading);
      const routed = protocol.route(body, services, scope?.service, request.headers);
      service = routed.service;
      if (trace) {
        trace.service = service.name;
        trace.operation = routed.operation.name;
      }
      // Every region linkstack keeps is one a client could sign for; anything else never reaches state.
      if (scope && !isRegionName(scope.region)) throw service.authErrors.invalidRegionScope(scope.region);
      const now = store.clock.now();
      const caller = resolveCaller(store, scope?.accessKeyId, now, rootSecret);
      // Operations AWS models as noAuth (sts:AssumeRoleWithWebIdentity) are served unsigned in every mode.
      if (!(routed.operation.unsigned && reading.kind === 'unsigned')) checkSignature({
        mode: enforceIam,
        reading,
        request: parts,
        body: Buffer.isBuffer(request.body) ? request.body : '',
        signingName: service.name,
        errors: service.authErrors,
        caller,
        realNowMs: wallClock(),
        log: request.log,
        requestId,
      });
      const principal = caller.principal;
      const transport: Transport = { sourceIp: request.ip, secure: request.protocol === 'https' };
      const region = scope?.region ?? DEFAULT_REGION;
      footprint = store.footprint(principal.accountId, region);
      const ctx: RequestContext = {
        store,
        account: store.account(principal.accountId),
        region,
        requestId,
        now,
        principal,
        log: request.log,
        permits: (authRequest) => permits(enforceIam, routed.service, ctx, authRequest, transport),
        trace,
      };
      if (trace) {
        trace.account = principal.accountId;
        trace.region = ctx.region;
        trace.callerArn = principal.arn;
      }
      // No timers: whatever came due since the account's last request (ECS schedulers, deletion tasks) is settled now.
      settleAccountOf(store, ctx.account, ctx.now.getTime());
      const input = protocol.decode(routed.operation, routed.payload);
      if (trace) trace.input = compactInput(input);
      const violations = validate(routed.operation.input, input, '', { xmlText: protocol.name === 'awsQuery' });
      if (violations.length > 0) throw routed.service.validationError(violations);
      enforce(enforceIam, routed.operation, routed.service, input, ctx, transport);
      const result = withIds(store.ids, () => routed.operation.handle(input, ctx));
      wrote = !isReadOnly(routed.operation);
      send(reply, 200, protocol.success(service, routed.operation, requestId, result));
    } catch (e) {
      failure = asAwsError(e, service, request);
      send(reply, failure.status, protocol.error(service, requestId, failure));
    } finally {
      footprint?.end(wrote);
    }
    if (trace) recordRequest(requestLog!, trace, requestId, store, failure);
  };
}

function recordRequest(log: RequestLog, trace: RequestTrace, requestId: string, store: Store, failure: AwsError | undefined): void {
  log.append({
    requestId,
    time: new Date(trace.arrivedAt).toISOString(),
    emulatedTime: store.clock.now().toISOString(),
    account: trace.account,
    region: trace.region,
    callerArn: trace.callerArn,
    service: trace.service,
    operation: trace.operation,
    input: trace.input,
    status: failure ? failure.status : 200,
    errorCode: failure?.code,
    errorMessage: failure?.message,
    durationMs: Math.round((performance.now() - trace.startedAt) * 1000) / 1000,
    decisions: trace.decisions,
  });
}

function urlQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}

function bodyText(body: unknown, protocol: Protocol): string {
  if (body === undefined || body === null) return '';
  if (!Buffer.isBuffer(body)) return String(body);
  try {
    return utf8.decode(body);
  } catch {
    throw protocol.unreadableBody();
  }
}

function asAwsError(e: unknown, service: ServiceDefinition, request: FastifyRequest): AwsError {
  if (isAwsError(e)) return e;
  request.log.error({ err: e, requestId: request.id }, 'unexpected failure while handling an AWS request');
  return service.internalError();
}

function send(reply: FastifyReply, status: number, answer: WireAnswer): void {
  reply.code(status).type(answer.contentType);
  for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
  // As a Buffer, so Fastify adds no `; charset=utf-8`: AWS sends the bare types (text/xml,
  // application/x-amz-json-1.1).
  reply.send(typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body);
}

/**
 * For requests that failed before the edge saw them (e.g. a body too large): the error, in the
 * protocol the headers speak. `error` is given the service that answers, for its internal error.
 */
export function sendEdgeError(
  reply: FastifyReply,
  headers: FastifyRequest['headers'],
  requestId: string,
  error: (service: ServiceDefinition) => AwsError,
): void {
  const { protocol, services } = protocolFor(headers);
  const e = error(services[0]!);
  send(reply, e.status, protocol.error(services[0]!, requestId, e));
}
