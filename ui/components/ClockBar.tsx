import { useState } from 'preact/hooks';
import { admin } from '../api';
import { instant } from '../format';

/** The emulated clock with its controls, and the account's usage-report mode. */
export function ClockBar({ view, onChanged }: { view: any; onChanged: () => void }) {
  const [problem, setProblem] = useState<string>();
  const [limit, setLimit] = useState('5');
  const act = async (path: string, body: unknown, method?: string) => {
    try {
      await admin(path, { body, method });
      setProblem(undefined);
    } catch (e) {
      setProblem((e as Error).message);
    }
    onChanged();
  };
  const clock = (body: unknown) => act('clock', body);
  const mode: string = view.config?.usageReport ?? 'all';
  const setMode = (usageReport: string) => act(`config?account=${view.account}`, { usageReport }, 'PUT');
  return (
    <div class="clockbar">
      <div class="clock">
        <span class="label">emulated time</span>
        <strong data-testid="clock-now">{instant(view.clock.now)}</strong>
        <span class={`badge ${view.clock.frozen ? 'frozen' : 'running'}`} data-testid="clock-mode">
          {view.clock.frozen ? 'frozen' : 'running'}
        </span>
      </div>
      <div class="controls">
        {view.clock.frozen ? (
          <button onClick={() => clock({ unfreeze: true })}>Run</button>
        ) : (
          <button onClick={() => clock({ freeze: true })}>Freeze</button>
        )}
        <button data-testid="advance-1" onClick={() => clock({ advanceSeconds: 1 })}>+1 s</button>
        <button data-testid="advance-10" onClick={() => clock({ advanceSeconds: 10 })}>+10 s</button>
        <button data-testid="advance-60" onClick={() => clock({ advanceSeconds: 60 })}>+1 min</button>
        <button data-testid="advance-3600" onClick={() => clock({ advanceSeconds: 3600 })}>+1 h</button>
      </div>
      {view.config && (
        <div class="controls">
          <span class="label">usage report</span>
          <select data-testid="usage-report" value={mode.startsWith('limit:') ? 'limit' : mode} onChange={(e) => {
            const v = (e.target as HTMLSelectElement).value;
            void setMode(v === 'limit' ? `limit:${limit}` : v);
          }}>
            <option value="all">all resources</option>
            <option value="none">none</option>
            <option value="limit">at most N</option>
          </select>
          {mode.startsWith('limit:') && (
            <input class="small" type="number" min="1" value={mode.slice(6)} onChange={(e) => {
              const v = (e.target as HTMLInputElement).value;
              setLimit(v);
              void setMode(`limit:${v}`);
            }} />
          )}
          <span class="hint">deletion: {view.config.deletion.startDelayMs} ms to start, {view.config.deletion.durationMs} ms to run</span>
        </div>
      )}
      {problem && <span class="error">{problem}</span>}
    </div>
  );
}
