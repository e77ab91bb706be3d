import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { settleStore } from '../state/settle.js';
import { SnapshotError } from '../state/snapshot/codec.js';
import { jsonChunks } from '../state/snapshot/jsonChunks.js';
import type { Store } from '../state/store.js';
import { AdminInputError } from './admin.js';
import { afterLoading } from './memory.js';

/** Snapshots can be far larger than any AWS request. */
const SNAPSHOT_BODY_LIMIT = 256 * 1024 * 1024;

/**
 * `GET /_linkstack/snapshot`: the whole state as a versioned JSON document.
 * `POST /_linkstack/snapshot`: replace the whole state with one, all or nothing.
 */
export function registerSnapshotRoutes(app: FastifyInstance, store: Store): void {
  app.get('/_linkstack/snapshot', async (_request, reply) => {
    settleStore(store);
    // Taken now, as of this instant; written out piece by piece (a large state's text would be
    // longer than a string may be).
    const document = store.toSnapshot();
    return reply.type('application/json; charset=utf-8').send(Readable.from(jsonChunks(document)));
  });

  // The body, its text and its parsed tree are garbage once the state is read from them.
  const bodyLength = new WeakMap<FastifyRequest, number>();
  const onResponse = async (request: FastifyRequest) => afterLoading(bodyLength.get(request) ?? 0);
  void app.register(async (scope) => {
    // Read as text straight away: a whole-body Buffer would be one more copy, and freed memory
    // of that size stays with the allocator.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post('/_linkstack/snapshot', { bodyLimit: SNAPSHOT_BODY_LIMIT, onResponse }, async (request) => postSnapshot(request));
  });

  const postSnapshot = (request: FastifyRequest) => {
    let text = typeof request.body === 'string' ? request.body : '';
    bodyLength.set(request, text.length);
    request.body = undefined;
    let document: unknown;
    try {
      document = JSON.parse(text);
      text = ''; // not kept alive while the state is built
    } catch {
      throw new AdminInputError('body must be a snapshot: a JSON object as GET /_linkstack/snapshot returns it');
    }
    try {
      store.restore(document);
    } catch (e) {
      if (e instanceof SnapshotError) throw new AdminInputError(`snapshot: ${e.message}`);
      throw e;
    }
    // What came due while the snapshot was kept is settled as of its own instant.
    settleStore(store);
    return { restored: { accounts: [...store.accounts.keys()] }, clock: { now: store.clock.now().toISOString(), frozen: store.clock.frozen } };
  };
}
