import type { FastifyInstance } from 'fastify';
import { settleStore } from '../state/settle.js';
import { SnapshotError } from '../state/snapshot/codec.js';
import type { Store } from '../state/store.js';
import { AdminInputError } from './admin.js';

/** Snapshots can be far larger than any AWS request. */
const SNAPSHOT_BODY_LIMIT = 256 * 1024 * 1024;

/**
 * `GET /_linkstack/snapshot`: the whole state as a versioned JSON document.
 * `POST /_linkstack/snapshot`: replace the whole state with one, all or nothing.
 */
export function registerSnapshotRoutes(app: FastifyInstance, store: Store): void {
  app.get('/_linkstack/snapshot', async () => {
    settleStore(store);
    return store.toSnapshot();
  });

  app.post('/_linkstack/snapshot', { bodyLimit: SNAPSHOT_BODY_LIMIT }, async (request) => {
    const text = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
    let document: unknown;
    try {
      document = JSON.parse(text);
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
  });
}
