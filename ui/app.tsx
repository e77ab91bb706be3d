import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { admin, requestStream, useToken } from './api';
import { ClockBar } from './components/ClockBar';
import { DeletionTimeline } from './components/DeletionTimeline';
import { EcsRegions } from './components/EcsRegions';
import { RequestLogPanel, type RequestRecord } from './components/RequestLog';
import { Roles } from './components/Roles';
import { Sessions } from './components/Sessions';

/** How many request records the page keeps (the server's ring may hold more). */
const KEPT_REQUESTS = 500;

function App() {
  const [account, setAccount] = useState<string | undefined>(new URLSearchParams(location.search).get('account') ?? undefined);
  const [view, setView] = useState<any>();
  const [error, setError] = useState<string>();
  const [requests, setRequests] = useState<RequestRecord[]>([]);
  const [live, setLive] = useState(false);
  const pending = useRef<number | undefined>(undefined);
  const accountRef = useRef(account);
  accountRef.current = account;

  const refresh = useCallback(async () => {
    try {
      const q = accountRef.current ? `?account=${accountRef.current}` : '';
      setView(await admin(`ui/view${q}`));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  /** Several events in a burst (a replayed story) cost one reload. */
  const refreshSoon = useCallback(() => {
    if (pending.current !== undefined) return;
    pending.current = window.setTimeout(() => {
      pending.current = undefined;
      void refresh();
    }, 50);
  }, [refresh]);

  useEffect(() => {
    void refresh();
  }, [account, refresh]);

  useEffect(() => {
    const stream = requestStream(200);
    stream.onopen = () => setLive(true);
    stream.onerror = () => setLive(false);
    stream.addEventListener('request', (e) => {
      const record = JSON.parse((e as MessageEvent).data) as RequestRecord;
      setRequests((old) => (old.some((r) => r.seq === record.seq) ? old : [...old, record].slice(-KEPT_REQUESTS)));
      refreshSoon();
    });
    stream.addEventListener('change', () => {
      refreshSoon();
    });
    return () => stream.close();
  }, [refreshSoon]);

  // A running clock moves lifecycles without any request: follow it.
  const running = view?.clock && !view.clock.frozen;
  useEffect(() => {
    if (!running) return;
    const id = window.setInterval(() => void refresh(), 1000);
    return () => window.clearInterval(id);
  }, [running, refresh]);

  return (
    <div class="page">
      <header class="top">
        <h1>
          linkstack <span class="sub">dashboard</span>
        </h1>
        <span class={`live ${live ? 'on' : 'off'}`} data-testid="live">
          {live ? 'live' : 'reconnecting…'}
        </span>
        {view && (
          <label class="account">
            account{' '}
            <select
              data-testid="account"
              value={view.account}
              onChange={(e) => setAccount((e.target as HTMLSelectElement).value)}
            >
              {[...new Set([view.account, ...(view.accounts ?? [])])].map((a: string) => (
                <option value={a}>{a}</option>
              ))}
            </select>
          </label>
        )}
      </header>
      {error && <p class="error" data-testid="error">{error}</p>}
      {error?.includes('LINKSTACK_ADMIN_TOKEN') || error?.includes('admin token') ? (
        <form
          class="token"
          onSubmit={(e) => {
            e.preventDefault();
            useToken(((e.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement).value);
          }}
        >
          <label>
            admin token <input name="token" type="password" data-testid="token-input" />
          </label>{' '}
          <button type="submit">Open</button>
        </form>
      ) : null}
      {view && <ClockBar view={view} onChanged={refresh} />}
      {view && (
        <main class="grid">
          <section class="panel wide">
            <h2>Service-linked role deletions</h2>
            <DeletionTimeline tasks={view.deletionTasks} now={view.clock.now} />
          </section>
          <section class="panel">
            <h2>IAM roles</h2>
            <Roles roles={view.roles} />
          </section>
          <section class="panel">
            <h2>Role sessions</h2>
            <Sessions sessions={view.sessions} />
          </section>
          <section class="panel wide">
            <h2>ECS</h2>
            <EcsRegions regions={view.regions} />
          </section>
          <section class="panel wide">
            <h2>Requests</h2>
            <RequestLogPanel requests={requests} account={view.account} />
          </section>
        </main>
      )}
    </div>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the loading line
render(<App />, root);
