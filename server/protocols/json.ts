import type { AwsError } from '../../state/errors.js';
import type { JsonService } from '../operation.js';
import { jsonErrors } from './errors.js';
import type { Protocol } from './protocol.js';
import type { Shape } from '../shapes.js';

/**
 * awsJson1_1 (ECS): JSON in and out, timestamps as epoch seconds, errors as
 * `{"__type","message"}`. Input is used as parsed once every member has the JSON type its
 * shape asks for; a wrong type is a SerializationException, as the AWS JSON front end answers
 * before the service sees the request.
 */

/** How AWS's JSON front end names the token it found where another was expected. */
function tokenName(value: unknown): string {
  if (Array.isArray(value)) return 'Start of list';
  if (typeof value === 'object') return 'Start of structure or map';
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return 'NUMBER_VALUE';
}

function wrongType(value: unknown, expected: string): AwsError {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
    return jsonErrors.unexpectedToken(tokenName(value));
  }
  return jsonErrors.cannotConvert(tokenName(value), expected);
}

/**
 * Checks JSON types against the shape and converts epoch-second timestamps to Dates. Members the
 * model does not know are dropped, and `null` counts as absent, as AWS treats them.
 */
export function decodeJsonInput(shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') throw wrongType(value, 'a String');
      return value;
    case 'integer':
      // Java's int (or long) is what the front end converts to: anything beyond does not convert.
      if (typeof value !== 'number' || !Number.isInteger(value) || !(shape.long ? Number.isSafeInteger(value) : isInt32(value))) {
        throw wrongType(value, shape.long ? 'a Long' : 'an Integer');
      }
      return value;
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(value, 'a Double');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType(value, 'a Boolean');
      return value;
    case 'timestamp': {
      if (typeof value !== 'number') throw wrongType(value, 'a Timestamp');
      const d = new Date(value * 1000);
      if (Number.isNaN(d.getTime())) throw wrongType(value, 'a Timestamp');
      return d;
    }
    case 'any':
      return value;
    case 'list':
      if (!Array.isArray(value)) throw wrongType(value, 'a List');
      // A null member stays null, for validation to refuse: lists are never sparse.
      return value.map((v) => (v === null ? null : decodeJsonInput(shape.member, v)));
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(value, 'a Map');
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, v === null ? null : decodeJsonInput(shape.value, v)]),
      );
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(value, 'a Structure');
      const out: Record<string, unknown> = {};
      const members = shape.members as Record<string, Shape>;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const member = members[k];
        if (member) {
          const decoded = decodeJsonInput(member, v);
          if (decoded !== undefined) out[k] = decoded;
        }
      }
      return out;
    }
  }
}

const isInt32 = (n: number) => n >= -2147483648 && n <= 2147483647;

/** Deeper than any ECS request goes (task definitions nest about 6 levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether a JSON text nests arrays and objects deeper than `max`, found by one scan of the
 * text before it is parsed, so that no later recursion (decoding, echoing) can overflow.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/**
 * Dates go out as epoch seconds (a JSON number), which every SDK accepts. Not by a replacer:
 * `JSON.stringify` with one calls into JS for every key and took a tenth of a DescribeClusters.
 * Dates are swapped for numbers in copies of only the objects that hold them, and the rest is
 * native `JSON.stringify`.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(withEpochSeconds(value ?? {}));
}

function withEpochSeconds(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const written = withEpochSeconds(item);
      if (written !== item) (copy ??= value.slice())[i] = written;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const member = record[key];
    const written = withEpochSeconds(member);
    if (written !== member) (copy ??= { ...record })[key] = written;
  }
  return copy ?? value;
}

export function jsonErrorBody(error: AwsError): string {
  return JSON.stringify({ __type: error.code, message: error.message, ...error.extra });
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The awsJson1_1 protocol object: routing by `X-Amz-Target`, JSON in and out. */
export const awsJson11: Protocol<JsonService> = {
  name: 'awsJson1_1',
  recognizes: (headers) => typeof headers['x-amz-target'] === 'string',
  unreadableBody: jsonErrors.bodyNotUtf8,
  route(body, services, _signedService, headers) {
    const target = headers['x-amz-target'] as string;
    const dot = target.lastIndexOf('.');
    const service = services.find((s) => s.targetPrefix === target.slice(0, dot));
    if (!service) throw jsonErrors.unknownOperation();
    const operation = service.operations.get(target.slice(dot + 1));
    if (!operation) throw jsonErrors.unknownOperation();
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) throw jsonErrors.nestedTooDeeply(MAX_JSON_DEPTH);
    let json: unknown;
    try {
      json = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      throw jsonErrors.unexpectedToken('Start of structure or map');
    }
    return { service, operation, payload: json };
  },
  decode(operation, payload) {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw jsonErrors.unexpectedToken('Start of structure or map');
    }
    return decodeJsonInput(operation.input, payload);
  },
  success: (_service, _operation, _requestId, result) => ({ contentType: JSON_CONTENT_TYPE, body: toJson(result) }),
  error: (_service, _requestId, error) => ({
    contentType: JSON_CONTENT_TYPE,
    headers: { 'x-amzn-ErrorType': error.code },
    body: jsonErrorBody(error),
  }),
  accessDenied: jsonErrors.accessDenied,
  describe: (service) => `awsJson1_1, ${service.targetPrefix}`,
};
