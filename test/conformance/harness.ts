import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseStringPromise } from 'xml2js';
import { commandFor, SERVICES, type ServiceName } from '../../scenarios/runner/sdkCommands.js';
import { buildApp } from '../../server/app.js';
import type { LinkstackConfig } from '../../server/config.js';
import { Clock } from '../../state/clock.js';
import { errorCodeOf, serviceModel, type ServiceModel } from './models.js';
import { checkJson, checkXml, type XmlNode } from './shapeCheck.js';

/**
 * A linkstack for conformance cases: real SDK clients call it, and every raw answer is kept by
 * request id (an `onSend` hook), so a case can check the bytes AWS's model describes rather than
 * what an SDK made of them.
 */

export interface RawAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

export type Vars = Record<string, any>;

export interface Conformance {
  endpoint: string;
  /** Calls an operation through the real SDK client; resolves to the SDK's output. */
  call(service: ServiceName, operation: string, input?: object, region?: string): Promise<any>;
  /** Like `call`, but the SDK error (or output) and the raw answer of that request. */
  attempt(service: ServiceName, operation: string, input?: object, region?: string): Promise<{ output?: any; error?: any; raw: RawAnswer }>;
  /** A raw form/JSON request, for what no SDK sends (every optional member). */
  raw(service: ServiceName, operation: string, body: string, region?: string, accessKeyId?: string): Promise<RawAnswer>;
  clock: Clock;
  /** Forget all state and put the clock back: each test starts from an empty account. */
  reset(): void;
  close(): Promise<void>;
}

/** Not on a whole second, so that a timestamp sent with milliseconds shows. */
const FROZEN_AT = new Date('2026-01-15T10:00:00.250Z');

export async function startConformance(config: Partial<LinkstackConfig> = {}): Promise<Conformance> {
  const clock = new Clock();
  clock.freeze(FROZEN_AT);
  const { app, store } = buildApp({ config, clock, logger: false });
  const answers = new Map<string, RawAnswer>();
  // The answers exactly as they leave the HTTP server (AWS requests never pass Fastify's hooks).
  app.server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.url !== '/' && !request.url?.startsWith('/?')) return;
    let status = 0;
    let headers: Record<string, unknown> = {};
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    response.writeHead = ((code: number, given?: Record<string, unknown>) => {
      status = code;
      headers = Object.fromEntries(Object.entries(given ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      return writeHead(code, given);
    }) as typeof response.writeHead;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.end = ((body?: unknown, ...rest: unknown[]) => {
      const requestId = headers['x-amzn-requestid'];
      if (typeof requestId === 'string') answers.set(requestId, { status, headers, body: body === undefined ? '' : String(body) });
      if (answers.size > 200) answers.delete(answers.keys().next().value!);
      return end(body, ...rest);
    }) as typeof response.end;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const endpoint = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const clients = new Map<string, { send(c: unknown): Promise<any> }>();
  const client = (service: ServiceName, region: string) => {
    let c = clients.get(`${service} ${region}`);
    if (!c) {
      const Client = SERVICES[service].client as unknown as new (config: unknown) => { send(c: unknown): Promise<any> };
      c = new Client({ endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
      clients.set(`${service} ${region}`, c);
    }
    return c;
  };
  const command = (service: ServiceName, operation: string, input: object) => {
    const Command = commandFor(service, operation);
    if (!Command) throw new Error(`@aws-sdk/client-${service} has no ${operation}Command`);
    return new Command(input);
  };
  const rawOf = (requestId: string | undefined) => {
    const raw = requestId ? answers.get(requestId) : undefined;
    if (!raw) throw new Error(`no raw answer kept for request ${requestId}`);
    return raw;
  };
  return {
    endpoint,
    clock,
    call: (service, operation, input = {}, region = 'us-east-1') => client(service, region).send(command(service, operation, input)),
    async attempt(service, operation, input = {}, region = 'us-east-1') {
      try {
        const output = await client(service, region).send(command(service, operation, input));
        return { output, raw: rawOf(output.$metadata?.requestId) };
      } catch (error: any) {
        return { error, raw: rawOf(error.$metadata?.requestId) };
      }
    },
    async raw(service, operation, body, region = 'us-east-1', accessKeyId = 'test') {
      const model = serviceModel(service);
      const headers: Record<string, string> = {
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260115/${region}/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      };
      if (model.metadata.protocol === 'json') {
        headers['content-type'] = 'application/x-amz-json-1.1';
        headers['x-amz-target'] = `${model.metadata.targetPrefix}.${operation}`;
      } else {
        headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
      }
      const res = await app.inject({ method: 'POST', url: '/', headers, payload: body });
      return { status: res.statusCode, headers: res.headers as Record<string, unknown>, body: res.body };
    },
    reset() {
      store.reset();
      clock.freeze(FROZEN_AT);
    },
    close: () => app.close(),
  };
}

/** Problems of a successful answer, checked strictly against the operation's output shape. */
export async function successProblems(service: ServiceName, operation: string, raw: RawAnswer): Promise<string[]> {
  const model = serviceModel(service);
  const op = model.operations[operation];
  if (!op) return [`${operation} is not in AWS's model of ${service}`];
  const problems: string[] = [];
  if (raw.status !== 200) problems.push(`HTTP ${raw.status}, expected 200`);
  if (typeof raw.headers['x-amzn-requestid'] !== 'string') problems.push('no x-amzn-RequestId header');
  if (model.metadata.protocol === 'json') {
    if (raw.headers['content-type'] !== 'application/x-amz-json-1.1') problems.push(`Content-Type ${String(raw.headers['content-type'])}`);
    let json: unknown;
    try {
      json = JSON.parse(raw.body);
    } catch {
      return [...problems, 'the body is not JSON'];
    }
    if (op.output) checkJson(model, op.output.shape, json, operation, problems);
    else if (typeof json !== 'object' || json === null || Object.keys(json).length > 0) problems.push(`${operation} has no output, but the body is ${raw.body}`);
    return problems;
  }
  if (!String(raw.headers['content-type']).startsWith('text/xml')) problems.push(`Content-Type ${String(raw.headers['content-type'])}`);
  const doc = await parseXml(raw.body, problems);
  if (!doc) return problems;
  const rootName = `${operation}Response`;
  const root = doc[rootName];
  if (!root) return [...problems, `root element is <${Object.keys(doc)[0]}>, expected <${rootName}>`];
  const node = root as unknown as Exclude<XmlNode, string>;
  if (node.$?.xmlns !== model.metadata.xmlNamespace) problems.push(`xmlns ${node.$?.xmlns}, expected ${model.metadata.xmlNamespace}`);
  const wrapper = op.output?.resultWrapper;
  for (const name of Object.keys(node)) {
    if (name !== '$' && name !== 'ResponseMetadata' && name !== wrapper) problems.push(`<${rootName}> holds an unexpected <${name}>`);
  }
  const metadata = (node.ResponseMetadata as XmlNode[] | undefined)?.[0];
  const requestId = typeof metadata === 'object' ? (metadata.RequestId as XmlNode[] | undefined)?.[0] : undefined;
  if (typeof requestId !== 'string' || requestId === '') problems.push('no <ResponseMetadata><RequestId>');
  if (op.output && wrapper) {
    const result = (node[wrapper] as XmlNode[] | undefined)?.[0];
    if (result === undefined) problems.push(`no <${wrapper}>`);
    else checkXml(model, op.output.shape, result, wrapper, problems);
  }
  return problems;
}

/** Problems of an error answer: declared for the operation (or common), the model's status, the protocol's envelope. */
export async function errorProblems(service: ServiceName, operation: string, raw: RawAnswer, commonCodes: readonly string[]): Promise<{ code?: string; problems: string[] }> {
  const model = serviceModel(service);
  const problems: string[] = [];
  let code: string | undefined;
  let message: unknown;
  if (model.metadata.protocol === 'json') {
    let json: any;
    try {
      json = JSON.parse(raw.body);
    } catch {
      return { problems: ['the error body is not JSON'] };
    }
    code = json.__type;
    message = json.message;
    if (raw.headers['x-amzn-errortype'] !== code) problems.push(`x-amzn-ErrorType ${String(raw.headers['x-amzn-errortype'])} is not __type ${code}`);
    for (const k of Object.keys(json)) if (!['__type', 'message', 'resourceIds', 'reason'].includes(k)) problems.push(`unexpected member ${k}`);
  } else {
    const doc = await parseXml(raw.body, problems);
    const error = (doc?.ErrorResponse as any)?.Error?.[0];
    if (!doc?.ErrorResponse) return { problems: [...problems, 'no <ErrorResponse>'] };
    if ((doc.ErrorResponse as any).$?.xmlns !== model.metadata.xmlNamespace) problems.push('ErrorResponse xmlns is not the service namespace');
    if (typeof (doc.ErrorResponse as any).RequestId?.[0] !== 'string') problems.push('no <RequestId> in <ErrorResponse>');
    code = error?.Code?.[0];
    message = error?.Message?.[0];
    if (!['Sender', 'Receiver'].includes(error?.Type?.[0])) problems.push('<Type> is neither Sender nor Receiver');
  }
  if (typeof code !== 'string') return { problems: [...problems, 'no error code'] };
  if (typeof message !== 'string' || message === '') problems.push('no message');
  const declared = (model.operations[operation]?.errors ?? []).map((e) => errorCodeOf(model, e.shape));
  const match = declared.find((d) => d.code === code);
  if (match) {
    if (match.status !== raw.status) problems.push(`${code}: HTTP ${raw.status}, the model says ${match.status}`);
  } else if (!commonCodes.includes(code)) {
    problems.push(`${code} is not declared for ${operation} (declared: ${declared.map((d) => d.code).join(', ') || 'none'})`);
  }
  return { code, problems };
}

async function parseXml(body: string, problems: string[]): Promise<Record<string, XmlNode[]> | undefined> {
  try {
    return (await parseStringPromise(body, { explicitArray: true, strict: true })) as Record<string, XmlNode[]>;
  } catch (e) {
    problems.push(`not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

export type { ServiceModel };
