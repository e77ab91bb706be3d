/** How many resources a failed deletion task reports: all, none, or at most N. */
export type UsageReportMode = 'all' | 'none' | `limit:${number}`;

/** Per-account settings that users change through the admin API. */
export interface AccountConfig {
  deletion: { startDelayMs: number; durationMs: number };
  usageReport: UsageReportMode;
}

export function parseUsageReportMode(value: string): UsageReportMode | undefined {
  if (value === 'all' || value === 'none') return value;
  const m = /^limit:(\d{1,6})$/.exec(value);
  return m ? (`limit:${Number(m[1])}` as UsageReportMode) : undefined;
}

export const defaultAccountConfig: AccountConfig = {
  deletion: { startDelayMs: 500, durationMs: 1500 },
  usageReport: 'all',
};
