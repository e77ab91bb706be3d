import * as ecs from '@aws-sdk/client-ecs';
import * as iam from '@aws-sdk/client-iam';
import * as sts from '@aws-sdk/client-sts';

/** The services a scenario may call, each with its real SDK client package. */
export const SERVICES = {
  iam: { module: iam as Record<string, unknown>, client: iam.IAMClient, label: 'IAM' },
  sts: { module: sts as Record<string, unknown>, client: sts.STSClient, label: 'STS' },
  ecs: { module: ecs as Record<string, unknown>, client: ecs.ECSClient, label: 'ECS' },
} as const;

export type ServiceName = keyof typeof SERVICES;

export function isServiceName(name: unknown): name is ServiceName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(SERVICES, name);
}

type CommandClass = new (input: unknown) => unknown;

/** Operation names the client package exports a `<Operation>Command` for. */
function operationsOf(service: ServiceName): string[] {
  return Object.keys(SERVICES[service].module)
    .filter((k) => k.endsWith('Command') && k !== 'Command' && typeof SERVICES[service].module[k] === 'function')
    .map((k) => k.slice(0, -'Command'.length));
}

/** The SDK command class for an operation, or undefined when the client has none. */
export function commandFor(service: ServiceName, operation: string): CommandClass | undefined {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(operation)) return undefined;
  const c = SERVICES[service].module[`${operation}Command`];
  return typeof c === 'function' ? (c as CommandClass) : undefined;
}

/** The closest operation names, to help with a typo. */
export function suggestOperations(service: ServiceName, operation: string): string[] {
  const lower = operation.toLowerCase();
  return operationsOf(service)
    .map((name) => ({ name, d: editDistance(lower, name.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(operation.length / 4)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.name);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}
