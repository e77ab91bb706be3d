import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The admin token: when one is configured, every /_linkstack/* route except health (which
 * container health checks probe without credentials) needs `Authorization: Bearer <token>`, or
 * `?token=<token>` for browsers (page loads and EventSource cannot send headers). Anyone who
 * reaches an open admin port can reset all state, move the clock (expiring every credential),
 * open sessions that keep roles in use, and read every account's state.
 */
// The dashboard's page, script and style sheet hold no state; the data it loads is guarded, and
// without a token the page asks for one.
export const PUBLIC_ADMIN_ROUTES = new Set(['/_linkstack/health', '/_linkstack/ui', '/_linkstack/ui/', '/_linkstack/ui/app.js', '/_linkstack/ui/app.css']);

function presented(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^Bearer /i.test(authorization)) return authorization.slice(7).trim();
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function guardAdminRoutes(app: FastifyInstance, token: string | undefined): void {
  if (token === undefined) return;
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/_linkstack/')) return;
    if (PUBLIC_ADMIN_ROUTES.has(request.url.split('?')[0]!)) return;
    const given = presented(request);
    if (given !== undefined && sameToken(given, token)) return;
    reply.header('www-authenticate', 'Bearer realm="linkstack"');
    return reply.code(401).send({
      error: given === undefined ? 'this route needs Authorization: Bearer <LINKSTACK_ADMIN_TOKEN>' : 'the admin token is not the one the server was started with',
    });
  });
}
