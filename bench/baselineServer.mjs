/**
 * The ceiling a benchmark run is judged against: bare Fastify answering every POST / with a
 * fixed body as large as a GetRole answer, with no AWS logic at all. Same process model, same
 * port handling as the real server (PORT, HOST, SIGTERM).
 */
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';

const body = `<?xml version="1.0" encoding="UTF-8"?>\n<R>${'x'.repeat(900)}</R>`;
const app = Fastify({ logger: false, genReqId: () => randomUUID() });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, payload, done) => done(null, payload));
app.post('/', async (request, reply) => {
  reply.header('x-amzn-RequestId', request.id).type('text/xml').send(body);
});
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
