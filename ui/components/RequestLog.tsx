import { useState } from 'preact/hooks';
import { timeOfDay } from '../format';

import type { DecisionRecord, RequestRecord } from '../../server/requestLog/requestLog';

export type { RequestRecord };

const denied = (r: RequestRecord) => r.decisions?.some((d) => d.decision !== 'allowed') ?? false;

export function RequestLogPanel({ requests, account }: { requests: RequestRecord[]; account: string }) {
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [open, setOpen] = useState<number>();
  const shown = requests
    .filter((r) => !r.account || r.account === account)
    .filter((r) => !errorsOnly || r.status >= 400 || denied(r))
    .slice(-200)
    .reverse();
  return (
    <div class="requests">
      <label class="small">
        <input type="checkbox" data-testid="errors-only" checked={errorsOnly} onChange={(e) => setErrorsOnly((e.target as HTMLInputElement).checked)} /> errors and denials only
      </label>
      <table class="log small" data-testid="request-log">
        <thead>
          <tr>
            <th>time</th>
            <th>emulated</th>
            <th>call</th>
            <th>region</th>
            <th>caller</th>
            <th>status</th>
            <th>ms</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => [
            <tr
              data-testid="request"
              data-operation={r.operation}
              data-status={r.status}
              class={`${r.status >= 400 ? 'failed' : ''} ${denied(r) ? 'denied' : ''} ${open === r.seq ? 'open' : ''}`}
              onClick={() => setOpen(open === r.seq ? undefined : r.seq)}
            >
              <td>{timeOfDay(r.time)}</td>
              <td>{timeOfDay(r.emulatedTime)}</td>
              <td class="mono">
                {r.service}:{r.operation ?? '?'}
              </td>
              <td>{r.region}</td>
              <td class="mono">{r.callerArn?.split(':').slice(5).join(':')}</td>
              <td>
                {r.status}
                {r.errorCode ? ` ${r.errorCode}` : ''}
              </td>
              <td>{r.durationMs.toFixed(1)}</td>
            </tr>,
            open === r.seq ? (
              <tr class="detail" data-testid="request-detail">
                <td colSpan={7}>
                  <RequestDetail record={r} />
                </td>
              </tr>
            ) : null,
          ])}
        </tbody>
      </table>
    </div>
  );
}

function RequestDetail({ record: r }: { record: RequestRecord }) {
  return (
    <div class="detail-body">
      <div class="mono small">request id {r.requestId}</div>
      {r.errorMessage && (
        <p class="error" data-testid="request-error">
          {r.errorCode}: {r.errorMessage}
        </p>
      )}
      {r.decisions && r.decisions.length > 0 && (
        <div class="decisions" data-testid="decisions">
          <h4>IAM decisions</h4>
          {r.decisions.map((d) => (
            <div class={`decision ${d.decision}`} data-testid="decision" data-decision={d.decision}>
              <div>
                <strong>{d.decision === 'allowed' ? 'allowed' : d.decision === 'explicitDeny' ? 'explicitly denied' : 'implicitly denied'}</strong>{' '}
                <span class="mono">{d.action}</span> on <span class="mono">{d.resource}</span>
                {!d.enforced && d.decision !== 'allowed' ? ' (soft mode: let through)' : ''}
              </div>
              <div data-testid="decision-reason">{decisionReason(d)}</div>
            </div>
          ))}
        </div>
      )}
      <h4>input</h4>
      <pre class="mono">{JSON.stringify(r.input, null, 2)}</pre>
    </div>
  );
}

export function decisionReason(d: DecisionRecord): string {
  const statements = d.statements.map((s) => `${s.policy} (${s.policyType}) statement ${s.statementIndex + 1}: ${s.effect}`);
  if (d.decision === 'allowed') return `allowed by ${statements.join('; ') || 'the account root'}`;
  if (d.decision === 'explicitDeny') return `denied by ${statements.join('; ')} in the ${d.decidedBy}`;
  return `no statement matched: no ${d.decidedBy ?? 'identity-based policy'} allows ${d.action}`;
}
