import { fail, int, object, refine, type Codec } from './snapshot/codec.js';
import { defaultTaskTimings, type TaskTimings } from './ecs/taskLifecycle.js';

/** How many resources a failed deletion task reports: all, none, or at most N. */
export type UsageReportMode = 'all' | 'none' | `limit:${number}`;

/** Per-account settings that users change through the admin API. */
export interface AccountConfig {
  deletion: { startDelayMs: number; durationMs: number };
  usageReport: UsageReportMode;
  /** How long each ECS task phase lasts (PROVISIONING … RUNNING, DEACTIVATING … STOPPED). */
  tasks: TaskTimings;
  /** How long a new service deployment stays PENDING before its tasks are placed. */
  deployments: { startDelayMs: number };
}

export function parseUsageReportMode(value: string): UsageReportMode | undefined {
  if (value === 'all' || value === 'none') return value;
  const m = /^limit:(\d{1,6})$/.exec(value);
  return m ? (`limit:${Number(m[1])}` as UsageReportMode) : undefined;
}

export const usageReportModeCodec: Codec<UsageReportMode> = {
  encode: (m) => m,
  decode: (v, path) => (typeof v === 'string' && parseUsageReportMode(v) === v ? (v as UsageReportMode) : fail(path, 'expected "all", "none" or "limit:N"')),
};

const delayMs = refine(int, (ms) => (ms >= 0 && ms <= 86_400_000 ? undefined : 'expected milliseconds from 0 to 86400000'));

export const accountConfigCodec: Codec<AccountConfig> = object({
  deletion: object({ startDelayMs: delayMs, durationMs: delayMs }),
  usageReport: usageReportModeCodec,
  tasks: object({
    provisioningMs: delayMs,
    pendingMs: delayMs,
    activatingMs: delayMs,
    deactivatingMs: delayMs,
    stoppingMs: delayMs,
    deprovisioningMs: delayMs,
  }),
  deployments: object({ startDelayMs: delayMs }),
});

export const defaultAccountConfig: AccountConfig = {
  deletion: { startDelayMs: 500, durationMs: 1500 },
  usageReport: 'all',
  tasks: defaultTaskTimings,
  deployments: { startDelayMs: 100 },
};
