import type { AccountSettings } from './accountSettings.js';
import type { Cluster } from './clusters.js';
import { ecsErrors } from './errors.js';

/** Cluster settings (only `containerInsights` exists) and UpdateCluster's other members. */

export interface ClusterSetting {
  name: string;
  value: string;
}

const CONTAINER_INSIGHTS_VALUES = ['enabled', 'disabled', 'enhanced'];

export function validateClusterSettings(settings: readonly ClusterSetting[]): void {
  for (const s of settings) if (!CONTAINER_INSIGHTS_VALUES.includes(s.value)) throw ecsErrors.clusterSettingValue(s.value);
}

/** Settings named again replace the cluster's; the others stay. */
export function mergeClusterSettings(cluster: Cluster, settings: readonly ClusterSetting[]): void {
  validateClusterSettings(settings);
  const byName = new Map(cluster.settings.map((s) => [s.name, s.value]));
  for (const s of settings) byName.set(s.name, s.value);
  cluster.settings = [...byName].map(([name, value]) => ({ name, value }));
}

export interface UpdateClusterInput {
  settings?: ClusterSetting[];
  configuration?: unknown;
  serviceConnectDefaults?: { namespace: string };
}

/** UpdateCluster: what is given replaces what the cluster had; what is not given stays. */
export function updateCluster(cluster: Cluster, input: UpdateClusterInput): void {
  if (input.settings) validateClusterSettings(input.settings);
  if (input.settings) mergeClusterSettings(cluster, input.settings);
  if (input.configuration !== undefined) cluster.configuration = input.configuration;
  if (input.serviceConnectDefaults !== undefined) cluster.serviceConnectDefaults = input.serviceConnectDefaults;
}

/** A new cluster without settings takes the creator's effective `containerInsights` account setting. */
export function defaultClusterSettings(accountSettings: AccountSettings, principalArn: string): ClusterSetting[] {
  return [{ name: 'containerInsights', value: accountSettings.effective('containerInsights', principalArn).value }];
}
