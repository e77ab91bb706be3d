import type { FastifyReply, FastifyRequest } from 'fastify';
import { settleDueDeletionTasks } from '../state/deletion/serviceLinkedRoleDeletion.js';
import { type AwsError, isAwsError } from '../state/errors.js';
import type { Store } from '../state/store.js';
import { enforce, permits, type Transport } from './authorization.js';
import type { EnforcementMode } from './config.js';
import { resolveCaller } from './identity.js';
import type { AnyOperation, JsonService, QueryService, RequestContext, ServiceDefinition } from './operation.js';
import { jsonErrors, queryErrors } from './protocols/errors.js';
import { decodeJsonInput, jsonErrorBody, toJson } from './protocols/json.js';
import { decodeQueryInput, malformedQueryString, parseForm, queryErrorXml, querySuccessXml } from './protocols/query.js';
import { compactInput, type RequestLog, type RequestTrace } from './requestLog/requestLog.js';
import { validate } from './shapes.js';
import { checkSignature } from './sigv4/signatureCheck.js';
import { readSignature, scopeOf, type RequestParts } from './sigv4/signedRequest.js';
import { isRegionName } from '../state/regionName.js';
import { ecsService } from './services/ecs/index.js';
import { iamService } from './services/iam/index.js';
import { stsService } from './services/sts/index.js';

/**
 * The AWS edge: one `POST /` for every service. It works out the protocol and operation,
 * who is calling and from which region, then decodes, validates and runs the operation, and
 * renders the answer (or the error) in the protocol the request was spoken in.
 */

const queryServicesByVersion = new Map<string, QueryService>([
  [iamService.version, iamService],
  [stsService.version, stsService],
]);
const jsonServicesByPrefix = new Map<string, JsonService>([[ecsService.targetPrefix, ecsService]]);

export const supportedServices: ServiceDefinition[] = [iamService, stsService, ecsService];

const DEFAULT_REGION = 'us-east-1';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What a request was resolved to before any operation runs. */
type Routed =
  | { service: QueryService; operation: AnyOperation; params: Map<string, string> }
  | { service: JsonService; operation: AnyOperation; json: unknown };

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
    const target = request.headers['x-amz-target'];
    // Until the request is routed, errors speak the protocol the request looks like.
    let service: ServiceDefinition = typeof target === 'string' ? ecsService : iamService;
    const trace: RequestTrace | undefined = requestLog && { startedAt: performance.now(), arrivedAt: Date.now() };
    let failure: AwsError | undefined;
    try {
      // The Query API also comes as GET with the parameters in the URL, as AWS documents it.
      const body = request.method === 'GET' ? urlQuery(request.url) : bodyText(request.body, service);
      const parts: RequestParts = { method: request.method, url: request.url, headers: request.headers };
      const reading = readSignature(parts);
      const scope = scopeOf(reading);
      const routed = route(typeof target === 'string' ? target : undefined, body, scope?.service);
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
      const ctx: RequestContext = {
        store,
        account: store.account(principal.accountId),
        region: scope?.region ?? DEFAULT_REGION,
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
      // Deletion tasks have no timers: whatever finished since the account's last request is settled now.
      settleDueDeletionTasks(ctx.account, ctx.now.getTime());
      const input =
        'params' in routed
          ? decodeQueryInput(routed.operation.input, routed.params)
          : decodeJsonBody(routed.service, routed.operation, routed.json);
      if (trace) trace.input = compactInput(input);
      const violations = validate(routed.operation.input, input);
      if (violations.length > 0) throw routed.service.validationError(violations);
      enforce(enforceIam, routed.operation, routed.service, input, ctx, transport);
      const result = routed.operation.handle(input, ctx);
      sendSuccess(reply, routed.service, routed.operation.name, requestId, result);
    } catch (e) {
      failure = asAwsError(e, service, request);
      sendError(reply, service, requestId, failure);
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

function bodyText(body: unknown, service: ServiceDefinition): string {
  if (body === undefined || body === null) return '';
  if (!Buffer.isBuffer(body)) return String(body);
  try {
    return utf8.decode(body);
  } catch {
    // Each protocol's own error for an unreadable body.
    throw service.protocol === 'query'
      ? malformedQueryString()
      : jsonErrors.bodyNotUtf8();
  }
}

function route(target: string | undefined, body: string, signedService: string | undefined): Routed {
  if (target !== undefined) {
    const dot = target.lastIndexOf('.');
    const service = jsonServicesByPrefix.get(target.slice(0, dot));
    if (!service) throw jsonErrors.unknownOperation();
    const operation = service.operations.get(target.slice(dot + 1));
    if (!operation) throw jsonErrors.unknownOperation();
    let json: unknown;
    try {
      json = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      throw jsonErrors.unexpectedToken('Start of structure or map');
    }
    return { service, operation, json };
  }
  const params = parseForm(body);
  const action = params.get('Action');
  if (!action) throw queryErrors.missingAction();
  const version = params.get('Version');
  if (!version) throw queryErrors.missingVersion();
  const service = queryServicesByVersion.get(version);
  if (!service) {
    // The error AWS's query services send for an API version they do not have.
    const named = signedService === 'sts' ? 'sts' : 'iam';
    throw queryErrors.noSuchVersion(version, named);
  }
  const operation = service.operations.get(action);
  if (!operation) throw queryErrors.invalidAction(action, version);
  return { service, operation, params };
}

function decodeJsonBody(service: JsonService, operation: AnyOperation, json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw jsonErrors.unexpectedToken('Start of structure or map');
  }
  return decodeJsonInput(operation.input, json);
}

function asAwsError(e: unknown, service: ServiceDefinition, request: FastifyRequest): AwsError {
  if (isAwsError(e)) return e;
  request.log.error({ err: e, requestId: request.id }, 'unexpected failure while handling an AWS request');
  return service.internalError();
}

function sendSuccess(reply: FastifyReply, service: ServiceDefinition, op: string, requestId: string, result: unknown) {
  if (service.protocol === 'query') {
    reply.type('text/xml').send(querySuccessXml(op, service.xmlNamespace, requestId, result));
  } else {
    reply.type('application/x-amz-json-1.1').send(toJson(result));
  }
}

export function sendError(reply: FastifyReply, service: ServiceDefinition, requestId: string, error: AwsError) {
  reply.code(error.status);
  if (service.protocol === 'query') {
    reply.type('text/xml').send(queryErrorXml(error, service.xmlNamespace, requestId));
  } else {
    reply.header('x-amzn-ErrorType', error.code).type('application/x-amz-json-1.1').send(jsonErrorBody(error));
  }
}

/** Which protocol a request that failed before routing (e.g. body too large) should be answered in. */
export function serviceForHeaders(headers: FastifyRequest['headers']): ServiceDefinition {
  return typeof headers['x-amz-target'] === 'string' ? ecsService : iamService;
}
