import type { ReplayReporter, ScenarioRun, StepRecord } from './replay.js';
import { show } from './values.js';

/** The coloured, one-block-per-step timeline `linkstack replay` prints. */

export interface TimelineOptions {
  write: (text: string) => void;
  color: boolean;
  /** Longest compact answer line before it is cut with `…`. */
  width?: number;
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && !env.NO_COLOR;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], magenta: [35, 39] } as const;
type Style = keyof typeof CODES;

export function formatElapsed(ms: number | undefined): string {
  if (ms === undefined) return '';
  const s = ms / 1000;
  if (s < 60) return `+${Number.isInteger(s) ? s : s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `+${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `+${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Long strings (URL-encoded policy documents, mostly) shrink so the rest of the answer shows. */
function shortenStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 100 ? `${value.slice(0, 24)}…` : value;
  if (Array.isArray(value)) return value.map(shortenStrings);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortenStrings(v)]));
  return value;
}

export function compact(value: unknown, width: number): string {
  const text = typeof value === 'string' ? value : show(shortenStrings(value));
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

export function timelineReporter(options: TimelineOptions): ReplayReporter {
  const paint = (style: Style, text: string) => (options.color ? `\x1b[${CODES[style][0]}m${text}\x1b[${CODES[style][1]}m` : text);
  const width = options.width ?? 140;
  const out = (line = '') => options.write(`${line}\n`);

  return {
    scenarioStart(run: ScenarioRun) {
      const s = run.scenario;
      out(`${paint('bold', `▶ ${s.title}`)}  ${paint('dim', s.file)}`);
      if (s.description) out(paint('dim', `  ${s.description}`));
      const where = run.mode === 'in-process' ? 'in-process linkstack' : run.endpoint;
      const clock = s.frozenAt ? `emulated clock frozen at ${s.frozenAt}` : 'real clock';
      const settings = Object.entries(s.server).map(([k, v]) => `${k}=${v}`);
      out(paint('dim', `  ${[where, clock, ...settings].join(' · ')}`));
      for (const note of run.notes) out(paint('yellow', `  note: ${note}`));
      if (run.setupProblem) out(paint('red', `  ✗ cannot replay: ${run.setupProblem}`));
      if (run.skipped) out(paint('yellow', `  ↷ skipped: ${run.skipped}`));
      out();
    },

    step(r: StepRecord) {
      const n = String(r.index + 1).padStart(3);
      const when = formatElapsed(r.elapsedMs).padEnd(8);
      const where = [r.region, r.as && r.as !== 'root' ? `as ${r.as}` : r.as].filter(Boolean).join(' · ');
      const polls = r.polls && r.polls > 1 ? paint('dim', ` (polled ${r.polls}×)`) : '';
      const mark = r.met ? paint('green', '✓') : paint('red', '✗');
      out(`${paint('bold', n)}  ${paint('cyan', when)}${paint('bold', r.label)}${where ? paint('dim', `  ${where}`) : ''}${polls}  ${mark}`);
      out(`       ${r.step.say}`);
      if (r.error) {
        const e = `${r.error.name}${r.error.status ? ` (${r.error.status})` : ''}: ${r.error.message}`;
        out(`       ${paint(r.met ? 'magenta' : 'red', `⇢ ${compact(e, width)}`)}`);
      } else if (r.answer !== undefined) {
        out(`       ${paint('dim', `→ ${compact(r.answer, width)}`)}`);
      }
      for (const [name, value] of Object.entries(r.saved)) out(paint('dim', `       saved ${name} = ${compact(value, width - 12)}`));
      if (!r.met) {
        out();
        out(paint('red', `  ✗ step ${r.index + 1} is not met: ${r.problem ?? 'unknown reason'}`));
        for (const m of r.mismatches ?? []) {
          out(`      ${paint('bold', m.path)}`);
          out(`        ${paint('green', `expected ${m.expected}`)}`);
          out(`        ${paint('red', `     got ${m.actual}`)}`);
        }
        const full = r.error ?? r.answer;
        if (full !== undefined) {
          out(paint('dim', '    full answer:'));
          for (const line of JSON.stringify(full, null, 2).split('\n')) out(paint('dim', `      ${line}`));
        }
      }
    },

    scenarioEnd(run: ScenarioRun) {
      if (run.setupProblem || run.skipped) {
        out();
        return;
      }
      const last = run.steps.at(-1);
      out();
      if (run.passed) {
        out(paint('green', `✓ ${run.scenario.title}: ${run.steps.length} steps met, ${formatElapsed(last?.elapsedMs).slice(1) || '0s'} of emulated time`));
      } else {
        out(paint('red', `✗ ${run.scenario.title}: stopped at step ${run.steps.length} of ${run.scenario.steps.length}`));
      }
      out();
    },
  };
}
