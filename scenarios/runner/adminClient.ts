/** The `/_linkstack/` admin routes, spoken over HTTP so in-process and remote replays behave alike. */

export class AdminRouteError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    detail: string,
  ) {
    super(status === 404 ? `the server has no ${route} route (is it linkstack, and recent enough?)` : `${route} answered ${status}: ${detail}`);
    this.name = 'AdminRouteError';
  }
}

export interface ServerClock {
  now: string;
  frozen: boolean;
}

export class AdminClient {
  /** `token`: the server's LINKSTACK_ADMIN_TOKEN, when it was started with one. */
  constructor(
    private readonly endpoint: string,
    private readonly token?: string,
  ) {}

  private async send(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<Record<string, unknown>> {
    const route = `${method} ${path.split('?')[0]}`;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.endpoint), {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new AdminRouteError(route, 0, `cannot reach ${this.endpoint} (${cause})`);
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { error: text.slice(0, 200) };
    }
    if (res.status === 401) {
      throw new AdminRouteError(route, 401, `${typeof json.error === 'string' ? json.error : 'unauthorized'} (pass the server's token with --admin-token or LINKSTACK_ADMIN_TOKEN)`);
    }
    if (!res.ok) throw new AdminRouteError(route, res.status, typeof json.error === 'string' ? json.error : text.slice(0, 200));
    return json;
  }

  health() {
    return this.send('GET', '/_linkstack/health');
  }

  reset(account?: string) {
    return this.send('POST', '/_linkstack/reset', account ? { account } : {});
  }

  async clock(change?: { freeze?: true | string; advanceSeconds?: number; unfreeze?: true }): Promise<ServerClock> {
    const r = change ? await this.send('POST', '/_linkstack/clock', change) : await this.send('GET', '/_linkstack/clock');
    return { now: String(r.now), frozen: r.frozen === true };
  }

  config(settings: Record<string, unknown>, account?: string) {
    return this.send('PUT', `/_linkstack/config${account ? `?account=${encodeURIComponent(account)}` : ''}`, settings);
  }

  session(session: { roleName: string; region: string; durationSeconds: number }, account?: string) {
    return this.send('POST', '/_linkstack/sessions', account ? { ...session, account } : session);
  }
}
