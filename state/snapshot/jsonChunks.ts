/**
 * JSON text in pieces of about `chunkSize` characters, exactly as JSON.stringify(value, null,
 * indent) would write it whole. A large state's snapshot can be longer than the longest string
 * V8 allows (about 512 MB), so it is written out piece by piece and never joined.
 */

/** Pieces are joined up to this many characters before they are handed on. */
export const JSON_CHUNK_SIZE = 64 * 1024;

type Frame =
  | { kind: 'array'; items: readonly unknown[]; next: number; pad: string }
  | { kind: 'object'; object: Record<string, unknown>; keys: string[]; next: number; wrote: boolean; pad: string };

export function* jsonChunks(value: unknown, indent = '', chunkSize = JSON_CHUNK_SIZE): Generator<string, void, undefined> {
  const colon = indent ? ': ' : ':';
  const stack: Frame[] = [];
  let out = '';

  /** Writes a scalar, or opens a container (its members follow from the stack). */
  const begin = (v: unknown, pad: string): void => {
    if (v === null || typeof v !== 'object') {
      out += scalar(v);
      return;
    }
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      // Dates and the like: as JSON.stringify writes them (this is never a snapshot's case).
      out += JSON.stringify(v) ?? 'null';
      return;
    }
    if (Array.isArray(v)) {
      out += '[';
      stack.push({ kind: 'array', items: v, next: 0, pad });
    } else {
      out += '{';
      stack.push({ kind: 'object', object: v as Record<string, unknown>, keys: Object.keys(v), next: 0, wrote: false, pad });
    }
  };

  begin(value, '');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const inner = indent ? `\n${frame.pad}${indent}` : '';
    if (frame.kind === 'array') {
      if (frame.next < frame.items.length) {
        out += frame.next > 0 ? `,${inner}` : inner;
        const item = frame.items[frame.next++];
        // As JSON.stringify: what JSON cannot hold is null in an array.
        begin(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, frame.pad + indent);
      } else {
        stack.pop();
        out += frame.items.length > 0 && indent ? `\n${frame.pad}]` : ']';
      }
    } else {
      if (frame.next < frame.keys.length) {
        const key = frame.keys[frame.next++]!;
        const member = frame.object[key];
        // …and is left out of an object.
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        out += `${frame.wrote ? ',' : ''}${inner}${JSON.stringify(key)}${colon}`;
        frame.wrote = true;
        begin(member, frame.pad + indent);
      } else {
        stack.pop();
        out += frame.wrote && indent ? `\n${frame.pad}}` : '}';
      }
    }
    if (out.length >= chunkSize) {
      yield out;
      out = '';
    }
  }
  if (out.length > 0) yield out;
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  return 'null';
}
