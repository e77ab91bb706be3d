import { settleDueDeletionTasks } from './deletion/serviceLinkedRoleDeletion.js';
import type { Account, Store } from './store.js';
import { withIds } from './ids.js';

/**
 * Brings an account up to `nowMs` before a request is served: ECS first (service schedulers act
 * on the task changes that came due: replacements, rolling updates, deployments completing),
 * then the role deletions that finished. There are no timers; this is how time passes.
 */
export function settleAccount(account: Account, nowMs: number): void {
  for (const region of account.regions.values()) region.ecs.settle(nowMs);
  settleDueDeletionTasks(account, nowMs);
}

export function settleStore(store: Store, nowMs: number = store.clock.nowMs()): void {
  withIds(store.ids, () => {
    for (const account of store.accounts.values()) settleAccount(account, nowMs);
  });
}

/** settleAccount drawing ids (replacement tasks, deployments) from the store's source. */
export function settleAccountOf(store: Store, account: Account, nowMs: number = store.clock.nowMs()): void {
  withIds(store.ids, () => settleAccount(account, nowMs));
}
