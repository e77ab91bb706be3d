import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayScenario } from '../../scenarios/runner/replay.js';
import { scenarioFiles } from '../../scenarios/runner/replayFiles.js';
import { loadScenarioFile } from '../../scenarios/runner/scenarioFile.js';
import { timelineReporter } from '../../scenarios/runner/timeline.js';
import { startLinkstack } from '../../server/linkstack.js';
import { startEmulator, type Emulator } from '../support/emulator.js';
import { buildRichState, readEverything } from '../support/richState.js';
import { stateGraph } from '../support/stateGraph.js';

/**
 * A restored server answers every read as the original did: every List/Describe/Get of every
 * account and region, after rich state and in the middle of every shipped story. (Slow: a few
 * hundred SDK calls. The field-by-field comparison is test/e2e/snapshot.roundTrip.test.ts.)
 */

async function copy(from: Emulator, to: Emulator) {
  const snapshot = await from.admin('snapshot');
  expect(snapshot.status).toBe(200);
  const answer = await to.admin('snapshot', snapshot.body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return snapshot.body;
}

describe('snapshot round trip: rich state built through the SDKs', { timeout: 120_000 }, () => {
  // One rich state for the whole block (building it is ~100 SDK calls); the last test moves time.
  let original: Emulator;
  let restored: Emulator;
  beforeAll(async () => {
    original = await startEmulator();
    restored = await startEmulator({ frozenAt: new Date('2030-01-01T00:00:00Z') });
    await buildRichState(original);
    await copy(original, restored);
  });
  afterAll(async () => {
    await original.close();
    await restored.close();
  });

  it('answers every List/Describe/Get as the original does, before and after the pending deletion settles', async () => {
    const before = await readEverything(original);
    expect(Object.keys(before).length).toBeGreaterThan(100);
    expect(await readEverything(restored)).toEqual(before);
    await original.admin('clock', { advanceSeconds: 3600 });
    await restored.admin('clock', { advanceSeconds: 3600 });
    expect(await readEverything(restored)).toEqual(await readEverything(original));
  });
});

describe('snapshot round trip: every shipped scenario, mid-story', () => {
  const files = scenarioFiles(['scenarios']);

  it('covers the shipped stories', async () => {
    expect((await files).length).toBeGreaterThan(0);
  });

  it('each story, snapshotted and restored into the same server half-way, still meets every expectation; a copy answers alike', { timeout: 180_000 }, async () => {
    for (const file of await files) {
      const scenario = await loadScenarioFile(file);
      const server = await startLinkstack({ env: scenario.server, port: 0, host: '127.0.0.1', logLevel: 'silent' });
      const copyServer = await startLinkstack({ env: scenario.server, port: 0, host: '127.0.0.1', logLevel: 'silent' });
      const admin = (base: string) => async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
        const res = await fetch(`${base}/_linkstack/${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as any };
      };
      const target = { endpoint: server.endpoint, admin: admin(server.endpoint) };
      const copyTarget = { endpoint: copyServer.endpoint, admin: admin(copyServer.endpoint) };
      const middle = Math.floor(scenario.steps.length / 2);
      let compared = false;
      let timeline = '';
      try {
        const run = await replayScenario(scenario, {
          endpoint: server.endpoint,
          reporter: timelineReporter({ write: (t) => (timeline += t), color: false }),
          afterStep: async (record) => {
            if (record.index !== middle) return;
            const snapshot = (await target.admin('snapshot')).body;
            expect((await copyTarget.admin('snapshot', snapshot)).status).toBe(200);
            expect(await readEverything(copyTarget), file).toEqual(await readEverything(target));
            expect(stateGraph(copyServer.store), file).toEqual(stateGraph(server.store));
            // The story continues on its own server, restored from the snapshot.
            await target.admin('reset', {});
            expect((await target.admin('snapshot', snapshot)).status).toBe(200);
            compared = true;
          },
        });
        expect(run.passed, `${file}\n${timeline}`).toBe(true);
        expect(compared, file).toBe(true);
      } finally {
        await server.close();
        await copyServer.close();
      }
    }
  });
});
