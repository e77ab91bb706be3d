import { describe, expect, it } from 'vitest';
import { replayScenario } from '../../scenarios/runner/replay.js';
import { loadScenarioFile } from '../../scenarios/runner/scenarioFile.js';
import { scenarioFiles } from '../../scenarios/runner/replayFiles.js';
import { timelineReporter } from '../../scenarios/runner/timeline.js';

const files = await scenarioFiles(['scenarios']);

describe('every shipped scenario', () => {
  it('there are stories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays in-process with every expectation met', async (file) => {
    const scenario = await loadScenarioFile(file);
    let timeline = '';
    const run = await replayScenario(scenario, { reporter: timelineReporter({ write: (t) => (timeline += t), color: false }) });
    // On failure the message is the timeline, with its diff: what a user of the CLI would see.
    expect(run.passed, timeline).toBe(true);
    expect(run.steps).toHaveLength(scenario.steps.length);
  });
});
