import type { Store } from '../state/store.js';
import type { LinkstackConfig } from './config.js';
import { buildCore } from './linkstackCore.js';
import { listenLinkstack } from './linkstackServer.js';

/** An init scenario that failed: start-up stops with the scenario's own error (file, step, field). */
export class InitError extends Error {}

/**
 * LINKSTACK_INIT: replays scenario files (or the `*.json` of folders, in name order) against the
 * store before the server listens, so the server answers its first request, health included,
 * with the seeded state in place. The replay runs through a second, private server on a free
 * loopback port that shares the store, with the real SDK clients, exactly as `linkstack replay
 * --endpoint` would, except that the state is kept rather than reset. Answers what it replayed.
 */
export async function seedFromScenarios(paths: string[], store: Store, config: LinkstackConfig): Promise<string[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [{ loadScenarios }, { replayScenario, labelOf }, { ScenarioFileError }] = await Promise.all([
    import('../scenarios/runner/replayFiles.js'),
    import('../scenarios/runner/replay.js'),
    import('../scenarios/runner/scenarioFile.js'),
  ]);
  let scenarios;
  try {
    scenarios = await loadScenarios(paths);
  } catch (e) {
    if (e instanceof ScenarioFileError) throw new InitError(`init: ${e.message}`);
    throw e;
  }
  const wasFrozen = store.clock.frozen;
  const seeder = await listenLinkstack(buildCore({ config: { ...config, port: 0, host: '127.0.0.1' }, store, logger: false }), 0, '127.0.0.1');
  const endpoint = `http://127.0.0.1:${seeder.port}`;
  try {
    for (const scenario of scenarios) {
      const run = await replayScenario(scenario, { endpoint, keepState: true, adminToken: config.adminToken });
      const where = `init: ${scenario.file}`;
      if (run.setupProblem) throw new InitError(`${where}: could not run: ${run.setupProblem}`);
      if (run.skipped) throw new InitError(`${where}: ${run.skipped}`);
      if (!run.passed) {
        const failed = run.steps[run.steps.length - 1]!;
        const lines = [`${where}: step ${failed.index + 1} ("${failed.step.say}", ${labelOf(failed.step)}): ${failed.problem ?? 'not met'}`];
        for (const m of failed.mismatches ?? []) lines.push(`  field ${m.path}: expected ${m.expected}, got ${m.actual}`);
        throw new InitError(lines.join('\n'));
      }
    }
  } finally {
    await seeder.close();
  }
  // Stories may freeze and move the clock; the server then runs as it was started.
  if (wasFrozen) {
    if (!store.clock.frozen) store.clock.freeze();
  } else store.clock.resumeRealTime();
  return scenarios.map((s) => s.file);
}
