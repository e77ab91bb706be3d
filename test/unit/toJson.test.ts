import { describe, expect, it } from 'vitest';
import { toJson } from '../../server/protocols/json.js';

/** What toJson replaced: JSON.stringify with a replacer turning Dates into epoch seconds. */
const reference = (value: unknown) =>
  JSON.stringify(value ?? {}, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });

describe('toJson (the awsJson1_1 answer body)', () => {
  const values: unknown[] = [
    undefined,
    null,
    {},
    [],
    { a: 1, b: 'two', c: true, d: false, e: null, f: undefined, g: [1, undefined, null, 'x'], h: {} },
    { when: new Date('2026-01-15T10:00:00.123Z'), nested: { at: [new Date(0), new Date('2026-01-15T10:00:00Z')] } },
    { invalid: new Date('not a date'), nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negZero: -0, big: 1e21, small: 1e-7 },
    { 'quote"key': 'line\nbreak\ttab "quoted" \\ back', unicode: 'é 漢字 😀 \u2028 \u0001', lone: '\ud800' },
    { deep: { deeper: { deepest: [[[{ x: [new Date(1_700_000_000_000)] }]]] } } },
    { clusters: [{ clusterArn: 'arn:aws:ecs:eu-west-1:000000000000:cluster/a', status: 'ACTIVE', runningTasksCount: 0, tags: [], settings: [{ name: 'containerInsights', value: 'disabled' }] }], failures: [] },
    { fn: () => 1, sym: Symbol('s'), kept: 'yes' },
  ];
  it.each(values.map((value, i) => [i, value]))('value %i is written as JSON.stringify with the Date replacer writes it', (_i, value) => {
    expect(toJson(value)).toBe(reference(value));
    expect(() => JSON.parse(toJson(value))).not.toThrow();
  });
});
