import { describe, expect, it } from 'vitest';
import { replayScenario } from '../../scenarios/runner/replay.js';
import { loadScenarioFile } from '../../scenarios/runner/scenarioFile.js';
import { transcript } from '../../scenarios/runner/transcript.js';

/** LINKSTACK_ID_SEED: a replayed story and its transcript are the same on every run. */
describe('replay with an id seed', () => {
  it('writes the same transcript twice, ids included; without a seed the ids differ', async () => {
    const scenario = await loadScenarioFile('scenarios/05-partial-report-five-of-six.json');
    const twice = async (idSeed?: string) => {
      const runs = [];
      for (let i = 0; i < 2; i++) {
        const run = await replayScenario(scenario, { idSeed });
        expect(run.passed).toBe(true);
        runs.push(transcript([run], 'linkstack replay --id-seed demo scenarios/05-partial-report-five-of-six.json'));
      }
      return runs;
    };
    const [first, second] = await twice('demo');
    expect(first).toMatch(/task\/aws-service-role\/ecs\.amazonaws\.com\/AWSServiceRoleForECS\/[0-9a-f-]{36}/);
    expect(second).toBe(first);
    const [a, b] = await twice(undefined);
    expect(a).not.toBe(b);
  });
});
