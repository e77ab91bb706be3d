import type { FastifyBaseLogger } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
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
 * (or the error). Nothing here knows a protocol or a service by name, nor the HTTP server: a
 * request comes in as an `AwsRequest` and leaves as an `AwsAnswer`, synchronously (the raw
 * node:http listener in awsHttp.ts serves real ports; Fastify's `/` routes serve `app.inject`).
 */

export { supportedServices } from './services/index.js';

const DEFAULT_REGION = 'us-east-1';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The protocol a request speaks, with the services that speak it. */
function protocolFor(headers: IncomingHttpHeaders): { protocol: Protocol; services: readonly ServiceDefinition[] } {
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

/** One AWS request as the HTTP server received it, body read in full. */
export interface AwsRequest {
  id: string;
  method: string;
  /** Path and query string, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
  sourceIp: string;
  secure: boolean;
  log: FastifyBaseLogger;
}

/** What goes back: the status, the headers (with `x-amzn-RequestId`) and the body. */
export interface AwsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type AwsEndpoint = (request: AwsRequest) => AwsAnswer;

export function createAwsEndpoint(store: Store, options: AwsHandlerOptions = {}): AwsEndpoint {
  const enforceIam = options.enforceIam ?? 'off';
  const rootSecret = options.rootSecret ?? 'test';
  const wallClock = options.wallClock ?? Date.now;
  const requestLog = options.requestLog?.enabled ? options.requestLog : undefined;
  return function serveAwsRequest(request: AwsRequest): AwsAnswer {
    const requestId = request.id;
    const { protocol, services } = protocolFor(request.headers);
    // Until the request is routed, errors speak the protocol's first service's envelope.
    let service = services[0]!;
    const trace: RequestTrace | undefined = requestLog && { startedAt: performance.now(), arrivedAt: Date.now() };
    let failure: AwsError | undefined;
    let footprint: RequestFootprint | undefined;
    let wrote = false;
    let answer: AwsAnswer;
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
        body: request.body ?? '',
        signingName: service.name,
        errors: service.authErrors,
        caller,
        realNowMs: wallClock(),
        log: request.log,
        requestId,
      });
      const principal = caller.principal;
      const transport: Transport = { sourceIp: request.sourceIp, secure: request.secure };
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
      answer = toAnswer(200, requestId, protocol.success(service, routed.operation, requestId, result));
    } catch (e) {
      failure = asAwsError(e, service, request);
      answer = toAnswer(failure.status, requestId, protocol.error(service, requestId, failure));
    } finally {
      footprint?.end(wrote);
    }
    if (trace) recordRequest(requestLog!, trace, requestId, store, failure);
    return answer;
  };
}

function recordRequest(log: RequestLog, trace: RequestTrace, requestId: string, store: Store, failure: AwsError | undefined): void {
  log.append({
    requestId,
    arrivedAtMs: trace.arrivedAt,
    emulatedMs: store.clock.nowMs(),
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

function bodyText(body: Buffer | undefined, protocol: Protocol): string {
  if (body === undefined || body.length === 0) return '';
  try {
    return utf8.decode(body);
  } catch {
    throw protocol.unreadableBody();
  }
}

function asAwsError(e: unknown, service: ServiceDefinition, request: AwsRequest): AwsError {
  if (isAwsError(e)) return e;
  request.log.error({ err: e, requestId: request.id }, 'unexpected failure while handling an AWS request');
  return service.internalError();
}

function toAnswer(status: number, requestId: string, answer: WireAnswer): AwsAnswer {
  // AWS sends the bare content types (text/xml, application/x-amz-json-1.1), no `; charset`.
  return { status, headers: { 'x-amzn-RequestId': requestId, 'content-type': answer.contentType, ...answer.headers }, body: answer.body };
}

/**
 * For requests that failed before the edge saw them (e.g. a body too large): the error, in the
 * protocol the headers speak. `error` is given the service that answers, for its internal error.
 */
export function edgeErrorAnswer(headers: IncomingHttpHeaders, requestId: string, error: (service: ServiceDefinition) => AwsError): AwsAnswer {
  const { protocol, services } = protocolFor(headers);
  const e = error(services[0]!);
  return toAnswer(e.status, requestId, protocol.error(services[0]!, requestId, e));
}
