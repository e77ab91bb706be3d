import type { AwsError } from '../../state/errors.js';
import type { Shape } from '../shapes.js';

/**
 * awsJson1_1 (ECS): JSON in and out, timestamps as epoch seconds, errors as
 * `{"__type","message"}`. Input is mostly used as parsed; only timestamps need converting.
 */

/** Converts epoch-second numbers in timestamp members to Dates, leaving everything else alone. */
export function decodeJsonInput(shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.kind) {
    case 'timestamp':
      return typeof value === 'number' ? new Date(value * 1000) : value;
    case 'list':
      return Array.isArray(value) ? value.map((v) => decodeJsonInput(shape.member, v)) : value;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeJsonInput(shape.value, v)]));
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      const members = shape.members as Record<string, Shape>;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        // Members the model does not know are ignored, as AWS ignores them.
        const member = members[k];
        if (member) {
          const decoded = decodeJsonInput(member, v);
          if (decoded !== undefined) out[k] = decoded;
        }
      }
      return out;
    }
    default:
      return value;
  }
}

/** Dates go out as epoch seconds (a JSON number), which every SDK accepts. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? {}, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}

export function jsonErrorBody(error: AwsError): string {
  return JSON.stringify({ __type: error.code, message: error.message, ...error.extra });
}
