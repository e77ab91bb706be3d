import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';
import { buildRichState } from '../support/richState.js';
import { emptyRegistries, stateGraph } from '../support/stateGraph.js';

/**
 * A snapshot is exact: restored into a new server, every read answers as the original did, and
 * every field of every registry is the same. A registry whose state the snapshot leaves out
 * fails here once buildRichState fills it.
 */

async function copy(from: Emulator, to: Emulator) {
  const snapshot = await from.admin('snapshot');
  expect(snapshot.status).toBe(200);
  const answer = await to.admin('snapshot', snapshot.body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return snapshot.body;
}

describe('snapshot round trip: rich state built through the SDKs', () => {
  // One rich state for the whole block (building it is ~100 SDK calls); the last test moves time.
  let original: Emulator;
  let restored: Emulator;
  let document: unknown;
  beforeAll(async () => {
    original = await startEmulator();
    restored = await startEmulator({ frozenAt: new Date('2030-01-01T00:00:00Z') });
    await buildRichState(original);
    document = await copy(original, restored);
  });
  afterAll(async () => {
    await original.close();
    await restored.close();
  });

  it('fills every registry (so the comparison below proves each one survives)', () => {
    expect(emptyRegistries(original.store)).toEqual([]);
  });

  it('restores every field of every registry, and the clock', () => {
    expect(stateGraph(restored.store)).toEqual(stateGraph(original.store));
    expect(restored.store.clock.now()).toEqual(original.store.clock.now());
  });

  it('writes the same document again after a restore', async () => {
    expect((await restored.admin('snapshot')).body).toEqual(document);
  });

  it('stays equal once the pending deletion settles on both', async () => {
    await original.admin('clock', { advanceSeconds: 3600 });
    await restored.admin('clock', { advanceSeconds: 3600 });
    expect(stateGraph(restored.store)).toEqual(stateGraph(original.store));
  });
});

