import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | undefined;

/** Below this, a loaded document leaves too little garbage to be worth a collection. */
export const LARGE_DOCUMENT_BYTES = 1024 * 1024;

/** After a whole state was read from a document of `bytes`: a collection when it was large. */
export function afterLoading(bytes: number): void {
  if (bytes >= LARGE_DOCUMENT_BYTES) collectGarbage();
}

/**
 * A full, compacting garbage collection, now. Loading a snapshot parses the whole document and
 * then builds the state from it: the text and the parsed tree are garbage once it is loaded,
 * yet V8 would keep the heap they grew, fragmented, for seconds (its memory reducer waits 8 s).
 * Called only after a whole-state load, never per request.
 */
export function collectGarbage(): void {
  gc ??= gcFunction();
  // Compaction moves what survives together, so the freed pages go back to the system.
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

/** node runs without --expose-gc; the flag can be set late, and a context made then has `gc`. */
function gcFunction(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  v8.setFlagsFromString('--expose-gc');
  try {
    return vm.runInNewContext('gc') as () => void;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
