/**
 * ECS ARNs in AWS's long format (mandatory since 2021), and the lookups every `cluster`,
 * `service`, `task` and `containerInstance` parameter allows: a short name/id or a full ARN.
 */

export type EcsResourceType =
  | 'cluster'
  | 'service'
  | 'task'
  | 'container-instance'
  | 'task-definition'
  | 'service-deployment'
  | 'service-revision';

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
  container(clusterName: string, taskId: string, id: string): string {
    return this.arn(`container/${clusterName}/${taskId}/${id}`);
  }
  capacityProvider(name: string): string {
    return this.arn(`capacity-provider/${name}`);
  }
  /** `service-deployment/<cluster>/<service>/<id>`, as the AWS CLI's examples show it. */
  serviceDeployment(clusterName: string, serviceName: string, id: string): string {
    return this.arn(`service-deployment/${clusterName}/${serviceName}/${id}`);
  }
  /** `service-revision/<cluster>/<service>/<id>`. */
  serviceRevision(clusterName: string, serviceName: string, id: string): string {
    return this.arn(`service-revision/${clusterName}/${serviceName}/${id}`);
  }
  taskDefinition(family: string, revision: number): string {
    return this.arn(`task-definition/${family}:${revision}`);
  }

  // ---- what a parameter names: a short name or id inside the call's cluster, or a full ARN ----
  // These answer whether or not the resource exists (authorization and MISSING failures need them).

  /** The cluster name a `cluster` parameter names (`default` when absent). */
  static clusterName(ref: string | undefined): string {
    if (ref === undefined) return 'default';
    return isArn(ref) ? ref.slice(ref.indexOf(':cluster/') + ':cluster/'.length) : ref;
  }

  /** The ARN a `cluster` parameter names (`default` when absent). */
  clusterNamed(ref: string | undefined): string {
    return ref !== undefined && isArn(ref) ? ref : this.cluster(ref ?? 'default');
  }

  serviceNamed(clusterRef: string | undefined, ref: string): string {
    return isArn(ref) ? ref : this.service(EcsArns.clusterName(clusterRef), ref);
  }

  taskNamed(clusterRef: string | undefined, ref: string): string {
    return isArn(ref) ? ref : this.task(EcsArns.clusterName(clusterRef), ref);
  }

  containerInstanceNamed(clusterRef: string | undefined, ref: string): string {
    return isArn(ref) ? ref : this.containerInstance(EcsArns.clusterName(clusterRef), ref);
  }

  /** A task definition reference that resolves to no revision: `family` or `family:revision` as an ARN. */
  taskDefinitionNamed(ref: string): string {
    return isArn(ref) ? ref : this.arn(`task-definition/${ref}`);
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
