import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { jsonErrorOffset, lineAndColumn } from '../scenarios/runner/jsonPosition.js';
import { SnapshotError, type Json } from '../state/snapshot/codec.js';
import { jsonChunks } from '../state/snapshot/jsonChunks.js';
import type { Store } from '../state/store.js';
import { afterLoading } from './memory.js';

/** A state file that cannot be used: start-up stops with this message (file, and first bad path). */
export class StateFileError extends Error {}

/**
 * Loads the snapshot in `file` into the store. Answers false when there is no file yet. A file
 * that is unreadable, not JSON, truncated, of a newer version or wrong anywhere is refused whole
 * (Store.restore is all or nothing), and the file is left as it is.
 */
export function loadStateFile(file: string, store: Store): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new StateFileError(`state file ${file} cannot be read: ${(e as Error).message}`);
  }
  if (text.trim() === '') throw new StateFileError(`state file ${file} is empty: it is not a snapshot (remove it to start afresh)`);
  const bytes = text.length;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const at = offset >= 0 ? lineAndColumn(text, offset) : undefined;
    const truncated = offset >= text.trimEnd().length;
    throw new StateFileError(
      `state file ${file} is not valid JSON${at ? ` at line ${at.line}, column ${at.column}` : ''}${truncated ? ' (it ends too early: truncated?)' : ''}`,
    );
  }
  try {
    store.restore(document);
  } catch (e) {
    if (e instanceof SnapshotError) throw new StateFileError(`state file ${file}: ${e.path || '(the document)'}: ${e.problem}`);
    throw e;
  }
  afterLoading(bytes);
  return true;
}

/** The state file's text, in pieces (a large state's would be longer than a string may be). */
export function stateFileText(document: Json): Iterable<string> {
  return (function* () {
    yield* jsonChunks(document, '  ');
    yield '\n';
  })();
}

/** Write-then-rename in the same folder, with fsync, so the file is always a whole snapshot. */
export function writeFileAtomically(file: string, text: string | Iterable<string>): void {
  const temporary = join(dirname(file), `.${basename(file)}.tmp`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    for (const piece of typeof text === 'string' ? [text] : text) writeAll(fd, Buffer.from(piece, 'utf8'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  try {
    // The rename itself is durable once the folder is synced (not every platform allows it).
    const dir = openSync(dirname(file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    /* best effort */
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}

/** At most one save a second. */
export const SAVE_INTERVAL_MS = 1000;

/**
 * Saves the store to its state file after changes: `touch()` after each request schedules a
 * save at most once a second (a debounce of disk writes, not a lifecycle of the emulated world:
 * the timer is unref'd so it never keeps the process alive); `flush()` saves now (on close, on
 * SIGTERM/SIGINT). A save that finds the document unchanged writes nothing.
 */
export class StateFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private lastSavedAt = 0;
  /** SHA-256 of what the last save wrote (with a running clock's instant left out). */
  private lastWritten: string | undefined;

  constructor(
    readonly file: string,
    private readonly store: Store,
    private readonly onError: (e: Error) => void = () => undefined,
    private readonly realNow: () => number = Date.now,
  ) {}

  touch(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastSavedAt + SAVE_INTERVAL_MS - this.realNow());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, wait);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
  }

  /** Answers whether it wrote. A failed write is reported and tried again after the next change. */
  save(): boolean {
    this.lastSavedAt = this.realNow();
    try {
      return this.write();
    } catch (e) {
      this.onError(e as Error);
      return false;
    }
  }

  /**
   * Writes the state unless it is what the last write wrote; answers whether it wrote. Only a
   * hash of the last write is kept, not its text. A failed write throws.
   */
  write(): boolean {
    const document = this.store.toSnapshot() as Record<string, Json>;
    // A running clock's instant moves on its own; only a change of state is worth a write.
    const clock = document.clock as Record<string, Json>;
    const key = digest(clock.frozen ? document : { ...document, clock: { ...clock, now: null } });
    if (key === this.lastWritten) return false;
    writeFileAtomically(this.file, stateFileText(document));
    this.lastWritten = key;
    return true;
  }
}

/** SHA-256 of a document's JSON text, hashed piece by piece. */
function digest(document: Json): string {
  const hash = createHash('sha256');
  for (const piece of jsonChunks(document)) hash.update(piece, 'utf8');
  return hash.digest('hex');
}
