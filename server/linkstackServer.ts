import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAwsServer } from './awsHttp.js';
import type { LinkstackCore } from './linkstackCore.js';

export interface ListeningLinkstack {
  server: Server;
  port: number;
  /** Ends open admin streams, stops listening and closes idle connections. */
  close(): Promise<void>;
}

/**
 * Serves a core on a port. AWS requests are answered from the first one; Fastify (admin routes,
 * dashboard) is loaded and built on the first other request, since loading and building it was
 * a third of a cold start and most test servers only ever answer AWS requests.
 */
export async function listenLinkstack(core: LinkstackCore, port: number, host: string): Promise<ListeningLinkstack> {
  let admin: Promise<{ app: FastifyInstance; listener: (request: IncomingMessage, response: ServerResponse) => void }> | undefined;
  const loadAdmin = () =>
    (admin ??= (async () => {
      const { buildAdminApp } = await import('./app.js');
      let listener!: (request: IncomingMessage, response: ServerResponse) => void;
      const app = buildAdminApp(core, (fastifyListener) => {
        listener = fastifyListener;
        return server;
      });
      await app.ready();
      return { app, listener };
    })());
  const server = createAwsServer(core, (request, response) => {
    loadAdmin().then(
      ({ listener }) => listener(request, response),
      (e: unknown) => {
        core.log.error({ err: e }, 'admin routes could not be loaded');
        response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal error' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    async close() {
      // Fastify never listened, so closing it ends its streams (preClose) but leaves the server to us.
      if (admin) await (await admin).app.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
