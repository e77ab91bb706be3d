import type { ServiceModel, Shape } from './models.js';

/**
 * Plausible values for every member of an input shape, from AWS's model: enums take their first
 * value, strings a value that fits the length limits (and the pattern, where one of a few
 * candidates does), numbers their minimum, lists one member, maps one entry. Used to send every
 * optional member an operation defines and see that none is refused as unknown.
 */

const STRING_CANDIDATES = [
  'linkstack',
  'arn:aws:iam::000000000000:role/linkstack',
  '/',
  'a',
  '1',
  '000000000000',
  'eu-west-1',
  '{"Version":"2012-10-17","Statement":[]}',
];

function plausibleString(shape: Shape, memberName: string): string {
  if (shape.enum) return shape.enum[0]!;
  let pattern: RegExp | undefined;
  try {
    pattern = shape.pattern ? new RegExp(`^(?:${shape.pattern})$`, 'u') : undefined;
  } catch {
    pattern = undefined;
  }
  const fits = (v: string) => (shape.min === undefined || v.length >= shape.min) && (shape.max === undefined || v.length <= shape.max) && (!pattern || pattern.test(v));
  const preferred = /arn$/i.test(memberName) ? ['arn:aws:iam::000000000000:role/linkstack', ...STRING_CANDIDATES] : STRING_CANDIDATES;
  for (const v of preferred) if (fits(v)) return v;
  const length = Math.max(shape.min ?? 1, 1);
  return 'a'.repeat(shape.max !== undefined ? Math.min(length, shape.max) : length);
}

export function plausibleValue(model: ServiceModel, shapeName: string, memberName: string, depth = 0): unknown {
  const shape = model.shapes[shapeName]!;
  switch (shape.type) {
    case 'string':
      return plausibleString(shape, memberName);
    case 'integer':
    case 'long':
      return Math.max(shape.min ?? 1, 1) <= (shape.max ?? Number.MAX_SAFE_INTEGER) ? Math.max(shape.min ?? 1, 1) : shape.min ?? 0;
    case 'double':
    case 'float':
      return shape.min ?? 1;
    case 'boolean':
      return false;
    case 'timestamp':
      return new Date('2026-01-15T10:00:00Z');
    case 'blob':
      return 'bGlua3N0YWNr';
    case 'list':
      return depth > 3 ? [] : [plausibleValue(model, shape.member!.shape, memberName, depth + 1)];
    case 'map':
      return depth > 3 ? {} : { [String(plausibleValue(model, shape.key!.shape, 'key', depth + 1))]: plausibleValue(model, shape.value!.shape, 'value', depth + 1) };
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (depth > 3 && !(shape.required ?? []).includes(name)) continue;
        out[name] = plausibleValue(model, ref.shape, name, depth + 1);
      }
      return out;
    }
  }
}

/** The given input plus a plausible value for every member of the input shape it leaves out. */
export function withEveryMember(model: ServiceModel, inputShape: string, given: Record<string, unknown>): Record<string, unknown> {
  const shape = model.shapes[inputShape]!;
  const out = { ...given };
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (out[name] === undefined) out[name] = plausibleValue(model, ref.shape, name);
  }
  return out;
}

/** Query-protocol form encoding of an input, as the SDKs write it. */
export function queryForm(model: ServiceModel, inputShape: string, input: Record<string, unknown>, action: string, version: string): string {
  const params = new URLSearchParams({ Action: action, Version: version });
  const add = (prefix: string, shapeName: string, value: unknown) => {
    const shape = model.shapes[shapeName]!;
    if (value === undefined) return;
    switch (shape.type) {
      case 'structure':
        for (const [name, ref] of Object.entries(shape.members ?? {})) add(`${prefix}.${ref.locationName ?? name}`, ref.shape, (value as Record<string, unknown>)[name]);
        return;
      case 'list':
        (value as unknown[]).forEach((v, i) => add(`${prefix}.member.${i + 1}`, shape.member!.shape, v));
        return;
      case 'map':
        Object.entries(value as Record<string, unknown>).forEach(([k, v], i) => {
          params.set(`${prefix}.entry.${i + 1}.key`, k);
          add(`${prefix}.entry.${i + 1}.value`, shape.value!.shape, v);
        });
        return;
      case 'timestamp':
        params.set(prefix, (value as Date).toISOString());
        return;
      default:
        params.set(prefix, String(value));
    }
  };
  const shape = model.shapes[inputShape];
  for (const [name, ref] of Object.entries(shape?.members ?? {})) add(ref.locationName ?? name, ref.shape, input[name]);
  return params.toString();
}

/** JSON 1.1 encoding (timestamps as epoch seconds). */
export function jsonBody(input: Record<string, unknown>): string {
  return JSON.stringify(input, (_k, v) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT.*Z$/.test(v) ? Date.parse(v) / 1000 : v));
}
