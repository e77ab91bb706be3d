import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { edgeErrorAnswer, type AwsAnswer } from './awsEndpoint.js';
import type { LinkstackCore } from './linkstackCore.js';
import { httpErrors } from './protocols/errors.js';

/**
 * AWS requests straight from node:http, past Fastify. Every AWS call is `POST /` or `GET /?…`,
 * so there is nothing to route, no hook to run and no body type to choose; Fastify's per-request
 * machinery (routing, hooks, reply objects, its content-type parser) cost about as much as the
 * whole of GetRole. Everything else (the admin routes, the dashboard) still goes to Fastify,
 * which also serves `/` to `app.inject` through the same endpoint.
 */

/** Large enough for the biggest IAM policy document (131,072 characters) once form-encoded. */
export const BODY_LIMIT = 4 * 1024 * 1024;

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * The HTTP server of a linkstack: AWS requests answered here, every other request handed to
 * `otherwise` (Fastify's listener). Timeouts as Fastify's own factory sets them by default.
 */
export function createAwsServer(core: Pick<LinkstackCore, 'endpoint' | 'log' | 'answered'>, otherwise: Listener): http.Server {
  const server = http.createServer(awsRequestListener(core, otherwise));
  server.keepAliveTimeout = 72_000;
  server.requestTimeout = 0;
  server.setTimeout(0);
  return server;
}

/** The requests the AWS endpoint answers (Fastify's `POST /` and `GET /` routes, which also take HEAD elsewhere). */
export function isAwsRequest(method: string | undefined, url: string | undefined): boolean {
  return (method === 'POST' || method === 'GET') && url !== undefined && (url === '/' || url.startsWith('/?'));
}

export function awsRequestListener(core: Pick<LinkstackCore, 'endpoint' | 'log' | 'answered'>, otherwise: Listener): Listener {
  const { endpoint, log, answered } = core;
  const bodyLimit = BODY_LIMIT;

  function send(response: ServerResponse, answer: AwsAnswer): void {
    answer.headers['content-length'] = String(Buffer.byteLength(answer.body));
    response.writeHead(answer.status, answer.headers);
    // A string body goes out in one write with the headers.
    response.end(answer.body);
    answered();
  }

  function refuseTooLarge(request: IncomingMessage, response: ServerResponse, id: string): void {
    const answer = edgeErrorAnswer(request.headers, id, () => httpErrors.requestEntityTooLarge(bodyLimit));
    // The rest of the upload is not read: close the connection once the answer is out.
    answer.headers.connection = 'close';
    send(response, answer);
  }

  return function listener(request, response) {
    if (!isAwsRequest(request.method, request.url)) return otherwise(request, response);
    const id = randomUUID();
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > bodyLimit) return refuseTooLarge(request, response, id);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > bodyLimit) {
        refused = true;
        refuseTooLarge(request, response, id);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? chunks[0] : chunks.length === 0 ? undefined : Buffer.concat(chunks, size);
      let answer: AwsAnswer;
      try {
        answer = endpoint({
          id,
          method: request.method!,
          url: request.url!,
          headers: request.headers,
          body,
          sourceIp: request.socket.remoteAddress ?? '',
          secure: false,
          log,
        });
      } catch (e) {
        // The endpoint answers every AWS error itself; this is a bug, answered as AWS answers its own.
        log.error({ err: e, requestId: id }, 'request failed');
        answer = edgeErrorAnswer(request.headers, id, (service) => service.internalError());
      }
      send(response, answer);
    });
    // A client that goes away mid-upload gets no answer; nothing was read into state.
    request.on('error', () => undefined);
  };
}
