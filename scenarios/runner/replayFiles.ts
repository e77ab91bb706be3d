import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { replayScenario, type ScenarioRun } from './replay.js';
import { loadScenarioFile, ScenarioFileError, type Scenario } from './scenarioFile.js';
import { timelineReporter } from './timeline.js';
import { transcript } from './transcript.js';

/** `linkstack replay <file|dir>…`: find, validate every file, replay in order, report. */

export interface ReplayFilesOptions {
  endpoint?: string;
  /** The admin token of the server at `endpoint`. */
  adminToken?: string;
  /** In-process: deterministic ids, so a replay and its transcript are the same on every run. */
  idSeed?: string;
  transcriptFile?: string;
  write: (text: string) => void;
  color: boolean;
  /** The command line shown in transcripts. */
  command: string;
  /** `--ui`: replay in-process on one port whose dashboard a presenter watches, pausing between steps. */
  ui?: WatchOptions;
}

export interface WatchOptions {
  /** Port for every story's server, so the dashboard's URL stays the same (0: a free one, kept). */
  port: number;
  host?: string;
  /** What happens between steps: wait this many milliseconds, or for the presenter's key press. */
  pause: () => Promise<void>;
  /** After the last story, before its server closes (e.g. wait for Enter). */
  atEnd?: () => Promise<void>;
}

/** A directory stands for its `*.json` files (not subdirectories), in name order. */
export async function scenarioFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      throw new ScenarioFileError(p, 'does not exist');
    }
    if (info.isDirectory()) {
      const names = (await readdir(p)).filter((n) => n.endsWith('.json')).sort();
      if (names.length === 0) throw new ScenarioFileError(p, 'holds no *.json scenario files');
      files.push(...names.map((n) => join(p, n)));
    } else {
      files.push(p);
    }
  }
  return files;
}

/** Every file is loaded and checked before the first step of the first one runs. */
export async function loadScenarios(paths: string[]): Promise<Scenario[]> {
  const files = await scenarioFiles(paths);
  const scenarios: Scenario[] = [];
  for (const f of files) scenarios.push(await loadScenarioFile(f));
  return scenarios;
}

/** Exit status: 0 all met, 1 an expectation unmet (or the server unusable), 2 a bad file. */
export async function replayFiles(paths: string[], options: ReplayFilesOptions): Promise<number> {
  let scenarios: Scenario[];
  try {
    scenarios = await loadScenarios(paths);
  } catch (e) {
    if (e instanceof ScenarioFileError) {
      options.write(`linkstack replay: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  // The transcript file is opened before the first step, so that a path it cannot write (in the
  // container, /app belongs to root) is a bad option, not a crash after the whole replay.
  let transcriptOut: FileHandle | undefined;
  if (options.transcriptFile) {
    try {
      transcriptOut = await open(options.transcriptFile, 'w');
    } catch (e) {
      options.write(`linkstack replay: cannot write the transcript to ${options.transcriptFile}: ${fileProblem(e)}\n`);
      return 2;
    }
  }
  const reporter = timelineReporter({ write: options.write, color: options.color });
  const runs: ScenarioRun[] = [];
  const ui = options.ui;
  let port = ui?.port;
  for (const [i, scenario] of scenarios.entries()) {
    const last = i === scenarios.length - 1;
    const run = await replayScenario(scenario, {
      endpoint: options.endpoint,
      adminToken: options.adminToken,
      idSeed: options.idSeed,
      reporter,
      ...(ui && {
        listen: { port, host: ui.host },
        serverReady: (endpoint: string) => {
          if (port === 0 || port === undefined) {
            port = Number(new URL(endpoint).port);
          }
          if (i === 0) options.write(`dashboard: ${endpoint}/_linkstack/ui\n`);
        },
        beforeStep: () => ui.pause(),
        beforeClose: async (r: ScenarioRun) => {
          if (last || !r.passed) await ui.atEnd?.();
        },
      }),
    });
    runs.push(run);
    if (!run.passed) break;
  }
  if (transcriptOut) {
    try {
      await transcriptOut.writeFile(transcript(runs, options.command));
    } finally {
      await transcriptOut.close();
    }
    options.write(`transcript written to ${options.transcriptFile}\n`);
  }
  const passed = runs.length === scenarios.length && runs.every((r) => r.passed);
  if (scenarios.length > 1) {
    const skipped = runs.filter((r) => r.skipped).length;
    const met = runs.filter((r) => r.passed && !r.skipped).length;
    options.write(
      passed
        ? `${scenarios.length} scenarios replayed: ${met} met${skipped ? `, ${skipped} skipped` : ''}\n`
        : `stopped: ${met} of ${scenarios.length} scenarios met before the failure\n`,
    );
  }
  return passed ? 0 : 1;
}

const FILE_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'it is a folder',
  EROFS: 'the file system is read-only',
};

/** A file-system error as a short reason, without a stack trace. */
function fileProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && FILE_PROBLEMS[code]) return `${FILE_PROBLEMS[code]} (${code})`;
  return e instanceof Error ? e.message : String(e);
}
