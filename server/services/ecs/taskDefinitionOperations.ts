import { defineOperation } from '../../operation.js';
import { any, bool, enumOf, int, list, map, req, str, struct } from '../../shapes.js';
import { ecsOf, page } from './context.js';
import { includeOf, keyValuePair, maxResults, nextToken, placementConstraints, resourceName, tags } from './fields.js';
import { taskDefinitionOutput } from './output.js';
import { deleteTaskDefinitions } from '../../../state/ecs/taskDefinitionDeletion.js';

const portMapping = () =>
  struct({
    containerPort: int(),
    hostPort: int(),
    protocol: enumOf(['tcp', 'udp'] as const),
    name: str(),
    appProtocol: enumOf(['http', 'http2', 'grpc'] as const),
    containerPortRange: str(),
  });

/** The container definition members linkstack reads; the rest are echoed back as given. */
const containerDefinition = () =>
  struct({
    name: str(),
    image: str(),
    cpu: int(),
    memory: int(),
    memoryReservation: int(),
    links: list(str()),
    portMappings: list(portMapping()),
    essential: bool(),
    entryPoint: list(str()),
    command: list(str()),
    environment: list(keyValuePair()),
    environmentFiles: any(),
    mountPoints: any(),
    volumesFrom: any(),
    linuxParameters: any(),
    secrets: any(),
    dependsOn: any(),
    startTimeout: int(),
    stopTimeout: int(),
    hostname: str(),
    user: str(),
    workingDirectory: str(),
    disableNetworking: bool(),
    privileged: bool(),
    readonlyRootFilesystem: bool(),
    dnsServers: list(str()),
    dnsSearchDomains: list(str()),
    extraHosts: any(),
    dockerSecurityOptions: list(str()),
    interactive: bool(),
    pseudoTerminal: bool(),
    dockerLabels: map(str()),
    ulimits: any(),
    logConfiguration: any(),
    healthCheck: any(),
    systemControls: any(),
    resourceRequirements: any(),
    firelensConfiguration: any(),
    credentialSpecs: list(str()),
    repositoryCredentials: any(),
    restartPolicy: any(),
    versionConsistency: enumOf(['enabled', 'disabled'] as const),
  });

const compatibility = () => enumOf(['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'] as const);

export const registerTaskDefinition = defineOperation({
  name: 'RegisterTaskDefinition',
  input: struct({
    family: req(resourceName()),
    taskRoleArn: str(),
    executionRoleArn: str(),
    networkMode: enumOf(['bridge', 'host', 'awsvpc', 'none'] as const),
    containerDefinitions: req(list(containerDefinition())),
    volumes: any(),
    placementConstraints: placementConstraints(),
    requiresCompatibilities: list(compatibility()),
    cpu: str(),
    memory: str(),
    tags: tags(),
    pidMode: enumOf(['host', 'task'] as const),
    ipcMode: enumOf(['host', 'task', 'none'] as const),
    proxyConfiguration: any(),
    inferenceAccelerators: any(),
    ephemeralStorage: struct({ sizeInGiB: req(int()) }),
    runtimePlatform: struct({ cpuArchitecture: str(), operatingSystemFamily: str() }),
    enableFaultInjection: bool(),
  }),
  handle(input, ctx) {
    const { family, containerDefinitions, tags, ...settings } = input;
    const td = ecsOf(ctx).taskDefinitions.register(
      { family, containerDefinitions, tags, settings: withoutUndefined(settings) },
      ctx.now,
      ctx.principal.arn,
    );
    return { taskDefinition: taskDefinitionOutput(td), tags: td.tags };
  },
});

export const describeTaskDefinition = defineOperation({
  name: 'DescribeTaskDefinition',
  input: struct({ taskDefinition: req(str()), include: includeOf(['TAGS'] as const) }),
  handle(input, ctx) {
    const td = ecsOf(ctx).taskDefinitions.get(input.taskDefinition);
    return { taskDefinition: taskDefinitionOutput(td), tags: input.include?.includes('TAGS') ? td.tags : undefined };
  },
});

export const listTaskDefinitions = defineOperation({
  name: 'ListTaskDefinitions',
  input: struct({
    familyPrefix: str(),
    status: enumOf(['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'] as const),
    sort: enumOf(['ASC', 'DESC'] as const),
    nextToken: nextToken(),
    maxResults: maxResults(),
  }),
  handle(input, ctx) {
    const all = ecsOf(ctx).taskDefinitions.list(input);
    const { items, nextToken } = page(all, input.nextToken, input.maxResults, 100);
    return { taskDefinitionArns: items, nextToken };
  },
});

export const deregisterTaskDefinition = defineOperation({
  name: 'DeregisterTaskDefinition',
  input: struct({ taskDefinition: req(str()) }),
  handle(input, ctx) {
    const td = ecsOf(ctx).taskDefinitions.deregister(input.taskDefinition, ctx.now);
    return { taskDefinition: taskDefinitionOutput(td) };
  },
});

export const deleteTaskDefinitionsOperation = defineOperation({
  name: 'DeleteTaskDefinitions',
  input: struct({ taskDefinitions: req(list(str(), { min: 1, max: 10 })) }),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const { deleted, failures } = deleteTaskDefinitions(ecs.taskDefinitions, input.taskDefinitions, ctx.now);
    return {
      taskDefinitions: deleted.map(taskDefinitionOutput),
      failures: failures.map((f) => ({ arn: ecsOf(ctx).arns.taskDefinitionNamed(f.ref), reason: f.reason })),
    };
  },
});

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export const taskDefinitionOperations = [
  registerTaskDefinition,
  describeTaskDefinition,
  listTaskDefinitions,
  deregisterTaskDefinition,
  deleteTaskDefinitionsOperation,
];
