import type { EcsArns } from './arns.js';
import { ecsErrors } from './errors.js';
import { ecsTagCodec, type EcsTag } from './tags.js';
import { child, fail, instant, int, jsonObject, list, object, oneOf, optional, readList, str, type Codec, type Json } from '../snapshot/codec.js';

export interface ContainerDefinition {
  name?: string;
  image?: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  [member: string]: unknown;
}

export interface TaskDefinition {
  family: string;
  revision: number;
  arn: string;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  containerDefinitions: ContainerDefinition[];
  registeredAt: Date;
  registeredBy?: string;
  deregisteredAt?: Date;
  /** When DeleteTaskDefinitions took the (INACTIVE) revision. */
  deleteRequestedAt?: Date;
  tags: EcsTag[];
  settings: TaskDefinitionSettings;
}

/**
 * The other members of RegisterTaskDefinition, echoed back as given. The ones linkstack reads
 * have their types; the rest (volumes, placement constraints, …) are kept as sent.
 */
export interface TaskDefinitionSettings {
  networkMode?: 'bridge' | 'host' | 'awsvpc' | 'none';
  /** Task-level sizes, as strings on the wire (`"256"`, `"0.5 vCPU"`). */
  cpu?: string;
  memory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  requiresCompatibilities?: string[];
  [member: string]: unknown;
}

export interface TaskDefinitionInput {
  family: string;
  containerDefinitions: ContainerDefinition[];
  tags?: EcsTag[];
  settings: TaskDefinitionSettings;
}

export const taskDefinitionCodec: Codec<TaskDefinition> = object({
  family: str,
  revision: int,
  arn: str,
  status: oneOf('ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'),
  containerDefinitions: list(jsonObject) as Codec<ContainerDefinition[]>,
  registeredAt: instant,
  registeredBy: optional(str),
  deregisteredAt: optional(instant),
  deleteRequestedAt: optional(instant),
  tags: list(ecsTagCodec),
  settings: jsonObject as Codec<TaskDefinitionSettings>,
});

/** Families and their revisions in one region. Revisions count from 1 and are never reused. */
export class TaskDefinitionRegistry {
  private readonly families = new Map<string, TaskDefinition[]>();

  constructor(private readonly arns: EcsArns) {}

  register(input: TaskDefinitionInput, now: Date, registeredBy?: string): TaskDefinition {
    validateContainers(input);
    let revisions = this.families.get(input.family);
    if (!revisions) {
      revisions = [];
      this.families.set(input.family, revisions);
    }
    const revision = revisions.length + 1;
    const td: TaskDefinition = {
      family: input.family,
      revision,
      arn: this.arns.taskDefinition(input.family, revision),
      status: 'ACTIVE',
      containerDefinitions: input.containerDefinitions,
      registeredAt: now,
      registeredBy,
      tags: input.tags ?? [],
      settings: input.settings,
    };
    revisions.push(td);
    return td;
  }

  /** Every revision of every family, families in registration order. */
  toSnapshot(): Json {
    return list(taskDefinitionCodec).encode([...this.families.values()].flat());
  }

  /** Revisions must come in order, 1, 2, 3… per family, as they were registered. */
  restore(value: unknown, path: string): void {
    readList(taskDefinitionCodec, value, path).forEach((td, i) => {
      const at = child(path, i);
      let revisions = this.families.get(td.family);
      if (!revisions) this.families.set(td.family, (revisions = []));
      if (td.revision !== revisions.length + 1) fail(child(at, 'revision'), `expected ${revisions.length + 1}, the next revision of ${td.family}`);
      const arn = this.arns.taskDefinition(td.family, td.revision);
      if (td.arn !== arn) fail(child(at, 'arn'), `expected ${arn}`);
      revisions.push(td);
    });
  }

  /** `family` (latest ACTIVE revision), `family:revision` or a full ARN. */
  find(ref: string): TaskDefinition | undefined {
    let spec = ref;
    if (ref.startsWith('arn:')) {
      const parsed = this.arns.own(ref, 'task-definition');
      if (!parsed || parsed.parts.length !== 1) return undefined;
      spec = parsed.parts[0]!;
    }
    const colon = spec.lastIndexOf(':');
    if (colon < 0) {
      const revisions = this.families.get(spec) ?? [];
      for (let i = revisions.length - 1; i >= 0; i--) if (revisions[i]!.status === 'ACTIVE') return revisions[i];
      return undefined;
    }
    const revision = Number(spec.slice(colon + 1));
    if (!Number.isInteger(revision) || revision < 1) return undefined;
    return this.families.get(spec.slice(0, colon))?.[revision - 1];
  }

  /** The ARN a reference names: the revision it resolves to, or the reference as an ARN (authorization). */
  arnNamed(ref: string): string {
    return this.find(ref)?.arn ?? this.arns.taskDefinitionNamed(ref);
  }

  get(ref: string): TaskDefinition {
    const td = this.find(ref);
    if (!td) throw ecsErrors.taskDefinitionNotFound();
    return td;
  }

  /** For RunTask and services: the revision must exist and still be ACTIVE. */
  getActive(ref: string): TaskDefinition {
    const td = this.get(ref);
    if (td.status !== 'ACTIVE') throw ecsErrors.taskDefinitionInactive();
    return td;
  }

  deregister(ref: string, now: Date): TaskDefinition {
    // Deregistration names one revision; a bare family is not enough.
    if (!ref.startsWith('arn:') && !ref.includes(':')) {
      throw ecsErrors.taskDefinitionRevisionRequired();
    }
    const td = this.get(ref);
    if (td.status === 'ACTIVE') {
      td.status = 'INACTIVE';
      td.deregisteredAt = now;
    }
    return td;
  }

  /** ARNs ordered by family, then revision (ListTaskDefinitions' default order). */
  list(options: { familyPrefix?: string; status?: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS'; sort?: 'ASC' | 'DESC' }): string[] {
    const status = options.status ?? 'ACTIVE';
    const out: string[] = [];
    for (const family of [...this.families.keys()].sort()) {
      if (options.familyPrefix && !family.startsWith(options.familyPrefix)) continue;
      for (const td of this.families.get(family)!) if (td.status === status) out.push(td.arn);
    }
    return options.sort === 'DESC' ? out.reverse() : out;
  }
}

/** The checks AWS makes on container definitions that the model alone does not express. */
function validateContainers(input: TaskDefinitionInput): void {
  if (input.containerDefinitions.length === 0) {
    throw ecsErrors.containerListEmpty();
  }
  const taskMemory = input.settings.memory;
  for (const c of input.containerDefinitions) {
    if (!c.name) throw ecsErrors.containerNameMissing();
    if (!c.image) throw ecsErrors.containerImageMissing();
    if (taskMemory === undefined && c.memory === undefined && c.memoryReservation === undefined) {
      throw ecsErrors.containerMemoryMissing(c.name);
    }
  }
  const names = new Set<string>();
  for (const c of input.containerDefinitions) {
    if (names.has(c.name!)) throw ecsErrors.containerNamesNotUnique();
    names.add(c.name!);
  }
}

/** Tasks of an `awsvpc` definition get their own network interface, so they need a network. */
export function requireNetworkConfiguration(td: TaskDefinition, networkConfiguration: unknown): void {
  if (td.settings.networkMode === 'awsvpc' && networkConfiguration === undefined) {
    throw ecsErrors.networkConfigurationRequired();
  }
}
