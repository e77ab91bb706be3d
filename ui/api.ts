/**
 * How the page talks to linkstack: the admin routes under /_linkstack/, with the admin token
 * (when the server has one) taken once from the page's `?token=` and kept for the tab.
 */

const TOKEN_KEY = 'linkstack.adminToken';

function adminToken(): string | undefined {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

const token = adminToken();

/** Keeps a token typed into the page for this tab, and starts again with it. */
export function useToken(value: string): void {
  sessionStorage.setItem(TOKEN_KEY, value);
  const url = new URL(location.href);
  url.searchParams.set('token', value);
  location.href = url.toString();
}

export async function admin<T = any>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/_linkstack/${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

/** The request log's event stream; EventSource cannot send headers, so the token rides in the URL. */
export function requestStream(limit: number): EventSource {
  const params = new URLSearchParams({ stream: 'true', limit: String(limit) });
  if (token) params.set('token', token);
  return new EventSource(`/_linkstack/requests?${params}`);
}
