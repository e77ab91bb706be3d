import type { AwsError } from '../../state/errors.js';
import type { QueryService } from '../operation.js';
import type { Protocol } from './protocol.js';
import { queryErrors } from './errors.js';
import type { Shape, StructShape } from '../shapes.js';

/**
 * awsQuery (IAM, STS): form-encoded requests with `Name.<member>.N` lists (the list shape names
 * its member), XML responses inside the operation's result wrapper. Clients disagree on spaces
 * (`+` from botocore, `%20` from the JS SDK), so both decode to a space.
 */

/** AWS's common error for a query that cannot be read. */
export const malformedQueryString = queryErrors.malformedQueryString;

function decodeComponent(s: string): string {
  const spaced = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw malformedQueryString();
  }
}

/** Parses a form body. The last occurrence of a repeated key wins. */
export function parseForm(body: string): Map<string, string> {
  const params = new Map<string, string>();
  if (!body) return params;
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    params.set(key, value);
  }
  return params;
}

/** Turns flat query parameters into the nested input the operation's spec describes. */
export function decodeQueryInput(shape: StructShape, params: Map<string, string>): Record<string, unknown> {
  return decodeStruct(shape, params, parentsOf(params), '') ?? {};
}

/**
 * Every dotted parent of every key (`Tags.member.1.Key` gives `Tags`, `Tags.member`,
 * `Tags.member.1`), so "is anything under this name" is one lookup: a long list stays linear.
 */
function parentsOf(params: Map<string, string>): Set<string> {
  const parents = new Set<string>();
  for (const key of params.keys()) {
    for (let dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) parents.add(key.slice(0, dot));
  }
  return parents;
}

function decodeStruct(
  shape: StructShape,
  params: Map<string, string>,
  parents: Set<string>,
  prefix: string,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [name, member] of Object.entries(shape.members as Record<string, Shape>)) {
    const v = decodeValue(member, params, parents, prefix + name);
    if (v !== undefined) {
      out[name] = v;
      any = true;
    }
  }
  return any || prefix === '' ? out : undefined;
}

function decodeValue(shape: Shape, params: Map<string, string>, parents: Set<string>, key: string): unknown {
  switch (shape.kind) {
    case 'structure':
      return parents.has(key) ? decodeStruct(shape, params, parents, key + '.') : undefined;
    case 'list': {
      // Both clients send `Name=` for an empty list.
      if (params.get(key) === '' && !parents.has(key)) return [];
      const items: unknown[] = [];
      for (let i = 1; ; i++) {
        const itemKey = `${key}.${shape.memberName}.${i}`;
        const item =
          shape.member.kind === 'structure' || shape.member.kind === 'list' || shape.member.kind === 'map'
            ? decodeValue(shape.member, params, parents, itemKey)
            : params.has(itemKey)
              ? decodeScalar(shape.member, params.get(itemKey)!)
              : undefined;
        if (item === undefined) break;
        items.push(item);
      }
      return items.length > 0 ? items : undefined;
    }
    case 'map': {
      const entries: Record<string, unknown> = {};
      let found = false;
      for (let i = 1; ; i++) {
        const k = params.get(`${key}.entry.${i}.key`);
        if (k === undefined) break;
        entries[k] = decodeValue(shape.value, params, parents, `${key}.entry.${i}.value`);
        found = true;
      }
      return found ? entries : undefined;
    }
    default: {
      const raw = params.get(key);
      return raw === undefined ? undefined : decodeScalar(shape, raw);
    }
  }
}

/** Scalars are text on the wire; a value of the wrong form is kept as text for validation to report. */
function decodeScalar(shape: Shape, raw: string): unknown {
  switch (shape.kind) {
    case 'integer':
    case 'double':
      return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'timestamp': {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? raw : d;
    }
    default:
      return raw;
  }
}

/** A map in a query response: `<entry><key>…</key><value>…</value></entry>`. */
export class XmlMap {
  constructor(readonly entries: Record<string, unknown>) {}
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** `&<>`, and what XML 1.0 cannot carry at all: C0 controls but tab/LF/CR, surrogates, U+FFFE/F. */
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Escapes element text (the only place values go): quotes need no escaping there. Characters
 * XML 1.0 cannot carry, even as references, are refused at validation; where one is echoed
 * anyway (the value in a validation message) it is written as U+FFFD, so the answer still parses.
 */
export function escapeXml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>]/g, (c) => XML_ESCAPES[c]!);
}

/**
 * Timestamps in IAM/STS are strict RFC 3339 with a Z (the JS SDK rejects anything looser), in
 * whole seconds as AWS sends them (`2026-01-15T10:00:00Z`): milliseconds are dropped.
 */
export function isoTimestamp(d: Date): string {
  let text = timestamps.get(d);
  if (text === undefined) {
    text = `${d.toISOString().slice(0, 19)}Z`;
    timestamps.set(d, text);
  }
  return text;
}
/** Stored Dates are never changed in place, and the same ones are written on every read of an entity. */
const timestamps = new WeakMap<Date, string>();

/** Serializes a result object: arrays become `<member>` lists, Dates ISO 8601 text. */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value !== 'object') return escapeXml(String(value));
  if (value instanceof Date) return isoTimestamp(value);
  let out = '';
  if (Array.isArray(value)) {
    for (const v of value) out += `<member>${toXml(v)}</member>`;
    return out;
  }
  if (value instanceof XmlMap) {
    for (const k in value.entries) out += `<entry><key>${escapeXml(k)}</key><value>${toXml(value.entries[k])}</value></entry>`;
    return out;
  }
  const record = value as Record<string, unknown>;
  for (const k in record) {
    const v = record[k];
    if (v === undefined || v === null) continue;
    out += `<${k}>${toXml(v)}</${k}>`;
  }
  return out;
}

/** `<Op>Response`, with the result inside the operation's wrapper element (none when there is no result). */
export function querySuccessXml(op: string, namespace: string, requestId: string, result: unknown, resultWrapper?: string): string {
  const body = result === undefined || resultWrapper === undefined ? '' : `<${resultWrapper}>${toXml(result)}</${resultWrapper}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${op}Response xmlns="${namespace}">${body}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op}Response>`
  );
}

export function queryErrorXml(error: AwsError, namespace: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${namespace}"><Error>` +
    `<Type>${error.isServerFault ? 'Receiver' : 'Sender'}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/** The awsQuery protocol object: routing by `Action` and `Version`, form decoding, XML answers. */
export const awsQuery: Protocol<QueryService> = {
  name: 'awsQuery',
  // Query requests name their action in the body (or URL); only JSON ones carry X-Amz-Target.
  recognizes: (headers) => headers['x-amz-target'] === undefined,
  unreadableBody: queryErrors.malformedQueryString,
  route(body, services, signedService) {
    const params = parseForm(body);
    const action = params.get('Action');
    if (!action) throw queryErrors.missingAction();
    const version = params.get('Version');
    if (!version) throw queryErrors.missingVersion();
    const service = services.find((s) => s.version === version);
    if (!service) {
      // The error AWS's query services send for an API version they do not have, naming the
      // service the request was signed for when it is one of them.
      const named = services.find((s) => s.name === signedService)?.name ?? services[0]!.name;
      throw queryErrors.noSuchVersion(version, named);
    }
    const operation = service.operations.get(action);
    if (!operation) throw queryErrors.invalidAction(action, version);
    return { service, operation, payload: params };
  },
  decode: (operation, payload) => decodeQueryInput(operation.input, payload as Map<string, string>),
  success: (service, operation, requestId, result) => ({
    contentType: 'text/xml',
    body: querySuccessXml(operation.name, service.xmlNamespace, requestId, result, operation.resultWrapper),
  }),
  error: (service, requestId, error) => ({ contentType: 'text/xml', body: queryErrorXml(error, service.xmlNamespace, requestId) }),
  accessDenied: queryErrors.accessDenied,
  describe: (service) => `awsQuery, Version ${service.version}`,
};
