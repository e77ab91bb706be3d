/**
 * ECS ARNs in AWS's long format (mandatory since 2021), and the lookups every `cluster`,
 * `service`, `task` and `containerInstance` parameter allows: a short name/id or a full ARN.
 */

export type EcsResourceType = 'cluster' | 'service' | 'task' | 'container-instance' | 'task-definition';

export interface ParsedEcsArn {
  region: string;
  accountId: string;
  type: EcsResourceType | string;
  /** The path after the type, split on `/` (e.g. `[cluster, service]`). */
  parts: string[];
}

const ARN = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):([a-z-]+)\/(.+)$/;

export function parseEcsArn(value: string): ParsedEcsArn | undefined {
  const m = ARN.exec(value);
  if (!m) return undefined;
  return { region: m[1]!, accountId: m[2]!, type: m[3]!, parts: m[4]!.split('/') };
}

export function isArn(value: string): boolean {
  return value.startsWith('arn:');
}

export class EcsArns {
  constructor(
    readonly accountId: string,
    readonly region: string,
  ) {}

  private arn(resource: string): string {
    return `arn:aws:ecs:${this.region}:${this.accountId}:${resource}`;
  }

  cluster(name: string): string {
    return this.arn(`cluster/${name}`);
  }
  service(clusterName: string, serviceName: string): string {
    return this.arn(`service/${clusterName}/${serviceName}`);
  }
  task(clusterName: string, taskId: string): string {
    return this.arn(`task/${clusterName}/${taskId}`);
  }
  containerInstance(clusterName: string, id: string): string {
    return this.arn(`container-instance/${clusterName}/${id}`);
  }
  taskDefinition(family: string, revision: number): string {
    return this.arn(`task-definition/${family}:${revision}`);
  }

  /** An ARN of this account and region and of the given type, or undefined. */
  own(value: string, type: EcsResourceType): ParsedEcsArn | undefined {
    const parsed = parseEcsArn(value);
    if (!parsed || parsed.type !== type || parsed.accountId !== this.accountId || parsed.region !== this.region) {
      return undefined;
    }
    return parsed;
  }
}
