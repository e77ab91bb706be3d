import type { ScenarioRun, StepRecord } from './replay.js';
import { formatElapsed } from './timeline.js';

/** A Markdown transcript of replays, for demos and docs. */

const fence = (value: unknown) => `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function outcome(r: StepRecord): string {
  if (!r.met) return `**not met**: ${r.problem ?? ''}`;
  if (r.error) return `${r.error.name} (expected)`;
  return 'ok';
}

function stepSection(r: StepRecord): string {
  const meta = [`\`${r.label}\``, r.region, r.as ? `as ${r.as}` : undefined, formatElapsed(r.elapsedMs) || undefined, r.polls && r.polls > 1 ? `polled ${r.polls}×` : undefined]
    .filter(Boolean)
    .join(' · ');
  const parts = [`### ${r.index + 1}. ${r.step.say}`, meta];
  if (r.input !== undefined && !(typeof r.input === 'object' && r.input !== null && Object.keys(r.input).length === 0)) parts.push('Request:', fence(r.input));
  if (r.error) parts.push(`Error${r.met ? ' (as expected)' : ''}:`, fence(r.error));
  else if (r.answer !== undefined) parts.push('Answer:', fence(r.answer));
  const saved = Object.entries(r.saved);
  if (saved.length) parts.push(`Saved: ${saved.map(([k, v]) => `\`${k}\` = \`${typeof v === 'string' ? v : JSON.stringify(v)}\``).join(', ')}`);
  if (!r.met) {
    parts.push(`**Not met:** ${r.problem ?? ''}`);
    for (const m of r.mismatches ?? []) parts.push(`- \`${m.path}\`: expected ${m.expected}, got ${m.actual}`);
  }
  return parts.join('\n\n');
}

export function scenarioTranscript(run: ScenarioRun, command: string): string {
  const s = run.scenario;
  const where = run.mode === 'in-process' ? 'an in-process linkstack' : run.endpoint;
  const clock = s.frozenAt ? `, emulated clock frozen at ${s.frozenAt}` : '';
  const settings = Object.entries(s.server).map(([k, v]) => `\`${k}=${v}\``);
  const verdict = run.setupProblem
    ? `Could not replay: ${run.setupProblem}`
    : run.skipped
      ? `Skipped: ${run.skipped}.`
      : run.passed
      ? `Result: all ${run.steps.length} steps met.`
      : `Result: stopped at step ${run.steps.length} of ${s.steps.length}.`;
  const lines = [
    `# ${s.title}`,
    s.description ?? '',
    `Replayed by \`${command}\` against ${where}${clock}${settings.length ? `, started with ${settings.join(' ')}` : ''}. ${verdict}`,
    ['| # | time | call | where | outcome |', '|---|---|---|---|---|', ...run.steps.map((r) => `| ${r.index + 1} | ${formatElapsed(r.elapsedMs)} | \`${r.label}\` | ${[r.region, r.as].filter(Boolean).join(', ')} | ${cell(outcome(r))} |`)].join('\n'),
    '## Steps',
    ...run.steps.map(stepSection),
  ];
  return `${lines.filter((l) => l !== '').join('\n\n')}\n`;
}

export function transcript(runs: ScenarioRun[], command: string): string {
  return runs.map((r) => scenarioTranscript(r, command)).join('\n---\n\n');
}
