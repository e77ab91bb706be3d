import { instant, lastPart } from '../format';

interface Task {
  id: string;
  roleName: string;
  status: 'NOT_STARTED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  submittedAt: string;
  startsAt: string;
  finishesAt: string;
  usageReport: string;
  reason?: string;
  reported?: { region: string; resources: string[] }[];
  inUse?: { region: string; resources: string[] }[];
}

const ms = (iso: string) => new Date(iso).getTime();

/**
 * Each deletion task on one time axis: submitted, started, finished, and where the clock is now.
 * A FAILED task lists what used the role, region by region, marking what the report named and
 * what it left out.
 */
export function DeletionTimeline({ tasks, now }: { tasks: Task[]; now: string }) {
  if (tasks.length === 0) return <p class="empty">No deletion submitted yet (DeleteServiceLinkedRole).</p>;
  const nowMs = ms(now);
  const from = Math.min(...tasks.map((t) => ms(t.submittedAt)));
  const to = Math.max(nowMs, ...tasks.map((t) => ms(t.finishesAt)));
  const span = Math.max(1, to - from);
  const at = (t: number) => `${((t - from) / span) * 100}%`;
  return (
    <div class="timeline" data-testid="deletion-tasks">
      <div class="axis">
        <span>{instant(new Date(from).toISOString())}</span>
        <span>{instant(new Date(to).toISOString())}</span>
      </div>
      {tasks.map((t, i) => (
        <div class="task" data-testid="deletion-task" data-status={t.status} key={t.id}>
          <div class="task-head">
            <span class="task-no">#{i + 1}</span>
            <span class={`status ${t.status}`} data-testid="deletion-status">{t.status}</span>
            <span class="mono small">{t.roleName} · …/{lastPart(t.id).slice(0, 8)}</span>
            <span class="hint">report: {t.usageReport}</span>
          </div>
          <div class="track">
            <div class="seg waiting" style={{ left: at(ms(t.submittedAt)), width: `calc(${at(ms(t.startsAt))} - ${at(ms(t.submittedAt))})` }} title="NOT_STARTED" />
            <div class={`seg running ${t.status}`} style={{ left: at(ms(t.startsAt)), width: `calc(${at(ms(t.finishesAt))} - ${at(ms(t.startsAt))})` }} title="IN_PROGRESS" />
            <div class="now" style={{ left: at(nowMs) }} title={`now: ${instant(now)}`} />
          </div>
          <div class="instants hint">
            submitted {instant(t.submittedAt)} · starts {instant(t.startsAt)} · finishes {instant(t.finishesAt)}
          </div>
          {t.status === 'FAILED' && <UsageReport task={t} />}
        </div>
      ))}
    </div>
  );
}

function UsageReport({ task }: { task: Task }) {
  const reported = new Set((task.reported ?? []).flatMap((g) => g.resources));
  const inUse = task.inUse && task.inUse.length > 0 ? task.inUse : (task.reported ?? []);
  const total = inUse.reduce((n, g) => n + g.resources.length, 0);
  return (
    <div class="report" data-testid="usage-report-list">
      <p class="reason">{task.reason}</p>
      <p class="hint" data-testid="report-count">
        {reported.size} of {total} resources reported
      </p>
      {inUse.map((g) => (
        <div class="region-group" data-testid="report-region" data-region={g.region}>
          <h4>{g.region}</h4>
          <ul>
            {g.resources.map((arn) => (
              <li class={reported.has(arn) ? 'reported' : 'unreported'} data-testid="report-resource" data-reported={String(reported.has(arn))}>
                <span class="mark">{reported.has(arn) ? 'reported' : 'not reported'}</span> <span class="mono">{arn}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
