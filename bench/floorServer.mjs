/**
 * The floor a benchmark run is judged against: a bare `node:http` server answering every request
 * with 200 and a fixed body as large as a GetRole answer. No framework, no AWS logic: what node
 * alone costs on this machine for spawn → first answer and for one request. Same process model
 * and port handling as the real server (PORT, HOST, SIGTERM).
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';

const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<R>${'x'.repeat(900)}</R>`);
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'text/xml', 'content-length': body.length, 'x-amzn-RequestId': randomUUID() });
    response.end(body);
  });
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
