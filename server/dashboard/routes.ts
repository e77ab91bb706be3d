import type { FastifyInstance } from 'fastify';
import type { Store } from '../../state/store.js';
import { accountParam } from '../admin.js';
import { UI_FILES, uiFile } from './assets.js';
import { dashboardView, type DashboardServices } from './view.js';
import { settleAccountOf } from '../../state/settle.js';

/**
 * The dashboard: `GET /_linkstack/ui` (the page), its two assets, and `GET /_linkstack/ui/view`
 * (the JSON it renders). The page loads the view, then listens to the request log's event
 * stream and loads the view again whenever something happened.
 */
export function registerDashboardRoutes(app: FastifyInstance, store: Store, services: DashboardServices): void {
  const page = (name: string) => async (_request: unknown, reply: import('fastify').FastifyReply) => {
    const data = uiFile(name);
    if (!data) {
      return reply.code(404).type('text/plain; charset=utf-8').send('The dashboard is not built: run `npm run build` in the linkstack checkout.');
    }
    return reply.type(UI_FILES[name]!).header('cache-control', 'no-cache').send(data);
  };
  app.get('/_linkstack/ui', page('index.html'));
  app.get('/_linkstack/ui/', page('index.html'));
  app.get('/_linkstack/ui/app.js', page('app.js'));
  app.get('/_linkstack/ui/app.css', page('app.css'));

  app.get('/_linkstack/ui/view', async (request) => {
    const id = accountParam(store, (request.query as Record<string, unknown> | undefined)?.account);
    // Reading an account must not create it: an unknown one is shown empty.
    const account = store.accounts.get(id);
    if (account) settleAccountOf(store, account);
    return account ? dashboardView(store, account, services) : { ...emptyView(id, store), accounts: [...store.accounts.keys()].sort() };
  });
}

function emptyView(account: string, store: Store) {
  return {
    account,
    clock: { now: store.clock.now().toISOString(), frozen: store.clock.frozen },
    config: undefined,
    roles: [],
    regions: [],
    deletionTasks: [],
    sessions: [],
  };
}
