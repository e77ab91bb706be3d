import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../state/snapshot/jsonChunks.js';

const whole = (value: unknown, indent = '', chunkSize?: number) => [...jsonChunks(value, indent, chunkSize)].join('');

/** Nested containers, empty ones, and strings JSON must escape. */
const awkward = {
  empty: { list: [], object: {} },
  nested: [[[{ deep: [1, [2, [3]]] }]], [[]], [{}]],
  strings: ['quote " backslash \\ slash /', 'tab\tnew line\ncarriage\r', '\u0000\u001f control', 'line separator \u2028 \u2029', 'lone surrogate \ud800', 'astral 😀', ''],
  numbers: [0, -0, 1.5, -2e-7, 1e21, Number.MAX_SAFE_INTEGER, NaN, Infinity],
  'a "key" with \n escapes': true,
  nothing: null,
  skipped: undefined,
  holes: [undefined, null, false],
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ecs.amazonaws.com' } }] }),
};

describe('jsonChunks: JSON text in pieces, equal to JSON.stringify once joined', () => {
  it('writes what JSON.stringify writes, compact and indented, however small the pieces', () => {
    for (const indent of ['', '  ', '\t']) {
      for (const chunkSize of [1, 7, 64 * 1024]) {
        expect(whole(awkward, indent, chunkSize)).toBe(JSON.stringify(awkward, null, indent));
      }
    }
  });

  it('reads back as the same value', () => {
    expect(JSON.parse(whole(awkward, '  '))).toEqual(JSON.parse(JSON.stringify(awkward)));
  });

  it('writes scalars and empty containers at the top level as JSON.stringify does', () => {
    for (const value of ['text', 42, true, null, [], {}, [[]], { a: {} }]) expect(whole(value, '  ')).toBe(JSON.stringify(value, null, '  '));
  });

  it('hands on pieces of about the chunk size, never the whole text at once', () => {
    const roles = Array.from({ length: 2000 }, (_, i) => ({ roleName: `role-${i}`, arn: `arn:aws:iam::000000000000:role/role-${i}`, tags: [] }));
    const pieces = [...jsonChunks({ roles }, '', 4096)];
    expect(pieces.length).toBeGreaterThan(10);
    // A piece ends once it reaches the size; the last member written may run over a little.
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeLessThan(4096 + 200);
    expect(pieces.join('')).toBe(JSON.stringify({ roles }));
  });
});
