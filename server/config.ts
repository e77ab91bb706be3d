import { parseUsageReportMode, type UsageReportMode } from '../state/accountConfig.js';
import { parseManagedPolicyVersions, type ManagedPolicyVersions } from '../state/iam/awsManagedPolicyCatalog.js';
import { defaultTaskTimings } from '../state/ecs/taskLifecycle.js';

export type EnforcementMode = 'off' | 'soft' | 'strict';

/** Everything users can set, by environment variable or by the matching `--flag`. */
export interface LinkstackConfig {
  port: number;
  host: string;
  defaultAccount: string;
  enforceIam: EnforcementMode;
  deletionStartMs: number;
  deletionDurationMs: number;
  usageReport: UsageReportMode;
  /** `seed`: AmazonECSServiceRolePolicy's default is the seed's document (AWS's v8); `latest`: AWS's current default. */
  managedPolicyVersions: ManagedPolicyVersions;
  /** ECS task phases (see state/ecs/taskLifecycle.ts) and the PENDING time of service deployments. */
  taskProvisioningMs: number;
  taskPendingMs: number;
  taskActivatingMs: number;
  taskDeactivatingMs: number;
  taskStoppingMs: number;
  taskDeprovisioningMs: number;
  deploymentStartMs: number;
  logLevel: string;
  /** The secret of the root keys (`test` and 12-digit account ids), checked in strict mode. */
  rootSecret: string;
  /** When set, every /_linkstack/* route but health needs `Authorization: Bearer <token>`. */
  adminToken: string | undefined;
  /** How long expired STS credentials (and expired service sessions) are kept before they are forgotten. */
  credentialRetentionSeconds: number;
  /** How long a completed Access Advisor report job stays readable. */
  accessAdvisorJobRetentionSeconds: number;
  /** How long a finished deletion task stays readable; 0 forgets it as soon as it finishes (AWS's fast purge). */
  deletionTaskRetentionSeconds: number;
  /** How many recent AWS requests the request log keeps (0 turns it off). */
  requestLogSize: number;
  /** Snapshot file loaded at start (when it exists) and saved after writes; '' for none. */
  stateFile: string;
  /** Scenario files or folders replayed before the server answers; none by default. */
  init: string[];
  /** Seed for deterministic ids; '' for random ids. */
  idSeed: string;
}

export const defaultConfig: LinkstackConfig = {
  port: 4566,
  host: '127.0.0.1',
  defaultAccount: '000000000000',
  enforceIam: 'off',
  deletionStartMs: 500,
  deletionDurationMs: 1500,
  usageReport: 'all',
  managedPolicyVersions: 'seed',
  taskProvisioningMs: defaultTaskTimings.provisioningMs,
  taskPendingMs: defaultTaskTimings.pendingMs,
  taskActivatingMs: defaultTaskTimings.activatingMs,
  taskDeactivatingMs: defaultTaskTimings.deactivatingMs,
  taskStoppingMs: defaultTaskTimings.stoppingMs,
  taskDeprovisioningMs: defaultTaskTimings.deprovisioningMs,
  deploymentStartMs: 100,
  logLevel: 'info',
  rootSecret: 'test',
  adminToken: undefined,
  credentialRetentionSeconds: 3600,
  accessAdvisorJobRetentionSeconds: 3600,
  deletionTaskRetentionSeconds: 900,
  requestLogSize: 2000,
  stateFile: '',
  init: [],
  idSeed: '',
};

const delaySetting = (env: string, flag: string) => ({
  env,
  flag,
  parse: (v: string) => intIn(v, 0, 86_400_000),
  expect: 'milliseconds (0-86400000)',
});

/** Each setting: its environment variable, its flag, and how to read a value. */
const settings: { [K in keyof LinkstackConfig]: { env: string; flag: string; parse: (v: string) => LinkstackConfig[K] | undefined; expect: string } } = {
  port: { env: 'PORT', flag: '--port', parse: (v) => intIn(v, 0, 65535), expect: 'a port number 0-65535' },
  host: { env: 'HOST', flag: '--host', parse: (v) => (v.trim() ? v.trim() : undefined), expect: 'a host name or address' },
  defaultAccount: {
    env: 'LINKSTACK_DEFAULT_ACCOUNT',
    flag: '--default-account',
    parse: (v) => (/^\d{12}$/.test(v) ? v : undefined),
    expect: 'a 12-digit account id',
  },
  enforceIam: {
    env: 'LINKSTACK_ENFORCE_IAM',
    flag: '--enforce-iam',
    parse: (v) => (v === 'off' || v === 'soft' || v === 'strict' ? v : undefined),
    expect: 'off, soft or strict',
  },
  deletionStartMs: {
    env: 'LINKSTACK_DELETION_START_MS',
    flag: '--deletion-start-ms',
    parse: (v) => intIn(v, 0, 86_400_000),
    expect: 'milliseconds (0-86400000)',
  },
  deletionDurationMs: {
    env: 'LINKSTACK_DELETION_DURATION_MS',
    flag: '--deletion-duration-ms',
    parse: (v) => intIn(v, 0, 86_400_000),
    expect: 'milliseconds (0-86400000)',
  },
  usageReport: { env: 'LINKSTACK_USAGE_REPORT', flag: '--usage-report', parse: parseUsageReportMode, expect: 'all, none or limit:N' },
  rootSecret: {
    env: 'LINKSTACK_ROOT_SECRET',
    flag: '--root-secret',
    parse: (v) => (v.length > 0 ? v : undefined),
    expect: 'a non-empty secret access key',
  },
  credentialRetentionSeconds: {
    env: 'LINKSTACK_CREDENTIAL_RETENTION_SECONDS',
    flag: '--credential-retention-seconds',
    parse: (v) => intIn(v, 0, 31_536_000),
    expect: 'seconds (0-31536000)',
  },
  accessAdvisorJobRetentionSeconds: {
    env: 'LINKSTACK_ACCESS_ADVISOR_JOB_RETENTION_SECONDS',
    flag: '--access-advisor-job-retention-seconds',
    parse: (v) => intIn(v, 0, 31_536_000),
    expect: 'seconds (0-31536000)',
  },
  deletionTaskRetentionSeconds: {
    env: 'LINKSTACK_DELETION_TASK_RETENTION_SECONDS',
    flag: '--deletion-task-retention-seconds',
    parse: (v) => intIn(v, 0, 31_536_000),
    expect: 'seconds (0-31536000)',
  },
  adminToken: {
    env: 'LINKSTACK_ADMIN_TOKEN',
    flag: '--admin-token',
    parse: (v) => (/^[\x21-\x7e]{8,}$/.test(v) ? v : undefined),
    expect: 'a token of at least 8 printable ASCII characters without spaces',
  },
  managedPolicyVersions: {
    env: 'LINKSTACK_MANAGED_POLICY_VERSIONS',
    flag: '--managed-policy-versions',
    parse: parseManagedPolicyVersions,
    expect: 'seed or latest',
  },
  taskProvisioningMs: delaySetting('LINKSTACK_TASK_PROVISIONING_MS', '--task-provisioning-ms'),
  taskPendingMs: delaySetting('LINKSTACK_TASK_PENDING_MS', '--task-pending-ms'),
  taskActivatingMs: delaySetting('LINKSTACK_TASK_ACTIVATING_MS', '--task-activating-ms'),
  taskDeactivatingMs: delaySetting('LINKSTACK_TASK_DEACTIVATING_MS', '--task-deactivating-ms'),
  taskStoppingMs: delaySetting('LINKSTACK_TASK_STOPPING_MS', '--task-stopping-ms'),
  taskDeprovisioningMs: delaySetting('LINKSTACK_TASK_DEPROVISIONING_MS', '--task-deprovisioning-ms'),
  deploymentStartMs: delaySetting('LINKSTACK_DEPLOYMENT_START_MS', '--deployment-start-ms'),
  logLevel: {
    env: 'LOG_LEVEL',
    flag: '--log-level',
    parse: (v) => (['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v) ? v : undefined),
    expect: 'fatal, error, warn, info, debug, trace or silent',
  },
  requestLogSize: {
    env: 'LINKSTACK_REQUEST_LOG_SIZE',
    flag: '--request-log-size',
    parse: (v) => intIn(v, 0, 100_000),
    expect: 'a number of requests (0-100000)',
  },
  stateFile: { env: 'LINKSTACK_STATE_FILE', flag: '--state-file', parse: (v) => (v.trim() ? v.trim() : undefined), expect: 'a file path' },
  init: {
    env: 'LINKSTACK_INIT',
    flag: '--init',
    parse: (v) => {
      const paths = v.split(',').map((p) => p.trim()).filter(Boolean);
      return paths.length ? paths : undefined;
    },
    expect: 'scenario files or folders, separated by commas',
  },
  idSeed: { env: 'LINKSTACK_ID_SEED', flag: '--id-seed', parse: (v) => (v.length <= 256 ? v : undefined), expect: 'a seed text of at most 256 characters' },
};

function intIn(v: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(v.trim())) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
}

export class ConfigError extends Error {}

/**
 * Environment first, then flags (`--port 4567` or `--port=4567`), over the defaults.
 * A bad value is an error that names the variable or flag, never a silent default.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): LinkstackConfig {
  const config: LinkstackConfig = { ...defaultConfig };
  const set = (key: keyof LinkstackConfig, raw: string, source: string) => {
    const s = settings[key];
    const value = s.parse(raw);
    if (value === undefined) throw new ConfigError(`${source} must be ${s.expect}, not '${raw}'`);
    (config as unknown as Record<string, unknown>)[key] = value;
  };
  for (const key of Object.keys(settings) as (keyof LinkstackConfig)[]) {
    const raw = env[settings[key].env];
    if (raw !== undefined && raw !== '') set(key, raw, settings[key].env);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = (Object.keys(settings) as (keyof LinkstackConfig)[]).find((k) => settings[k].flag === flag);
    if (!key) throw new ConfigError(`unknown option ${flag}`);
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new ConfigError(`${flag} needs a value`);
    set(key, raw, flag);
  }
  return config;
}
