import type { ServiceSettings } from '../../../state/ecs/services.js';
import { defineOperation } from '../../operation.js';
import { any, bool, enumOf, int, list, req, str, struct } from '../../shapes.js';
import { clusterArnOf, ecsAuth, ecsCaller, ecsOf, page, serviceArnOf } from './context.js';
import {
  capacityProviderStrategy,
  deploymentController,
  includeOf,
  launchType,
  loadBalancers,
  maxResults,
  networkConfiguration,
  nextToken,
  placementConstraints,
  placementStrategy,
  propagateTags,
  resourceName,
  schedulingStrategy,
  serviceRegistries,
  tags,
} from './fields.js';
import { describeEach, serviceOutput } from './output.js';

/**
 * AWS's tasks-per-service quota (5,000). linkstack materializes every desired task, so the
 * quota also keeps one request from creating millions.
 */
const TASKS_PER_SERVICE = 5000;
const desiredCount = () => int({ min: 0, max: TASKS_PER_SERVICE });

/** Members both CreateService and UpdateService take and ECS echoes back in the Service. */
const sharedSettings = {
  capacityProviderStrategy: capacityProviderStrategy(),
  platformVersion: str(),
  deploymentConfiguration: any(),
  loadBalancers: loadBalancers(),
  serviceRegistries: serviceRegistries(),
  placementConstraints: placementConstraints(),
  placementStrategy: placementStrategy(),
  networkConfiguration: networkConfiguration(),
  healthCheckGracePeriodSeconds: int(),
  deploymentController: deploymentController(),
  enableECSManagedTags: bool(),
  propagateTags: propagateTags(),
  serviceConnectConfiguration: any(),
  availabilityZoneRebalancing: enumOf(['ENABLED', 'DISABLED'] as const),
  volumeConfigurations: any(),
  vpcLatticeConfigurations: any(),
  monitoring: any(),
};

/** The members the service keeps, as given (the input spec types them as ServiceSettings declares). */
function settingsFrom(input: Record<string, unknown>): ServiceSettings {
  const out: Record<string, unknown> = {};
  for (const key of [...Object.keys(sharedSettings), 'role']) if (input[key] !== undefined) out[key] = input[key];
  return out as ServiceSettings;
}

export const createService = defineOperation({
  name: 'CreateService',
  input: struct({
    cluster: str(),
    serviceName: req(resourceName()),
    taskDefinition: str(),
    desiredCount: desiredCount(),
    clientToken: str({ max: 36 }),
    launchType: launchType(),
    role: str(),
    schedulingStrategy: schedulingStrategy(),
    tags: tags(),
    enableExecuteCommand: bool(),
    ...sharedSettings,
  }),
  authorize: (input, ctx) =>
    ecsAuth('CreateService', serviceArnOf(ctx, input.cluster, input.serviceName), clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const service = ecs.createService(
      input.cluster,
      {
        serviceName: input.serviceName,
        taskDefinition: input.taskDefinition,
        desiredCount: input.desiredCount,
        launchType: input.launchType,
        schedulingStrategy: input.schedulingStrategy,
        enableExecuteCommand: input.enableExecuteCommand,
        tags: input.tags,
        createdBy: ctx.principal.arn,
        settings: settingsFrom(input),
      },
      ctx.now,
      ecsCaller(ctx),
    );
    return { service: serviceOutput(ecs.activeCluster(input.cluster), service, ctx.now, true) };
  },
});

export const updateService = defineOperation({
  name: 'UpdateService',
  input: struct({
    cluster: str(),
    service: req(str()),
    desiredCount: desiredCount(),
    taskDefinition: str(),
    forceNewDeployment: bool(),
    enableExecuteCommand: bool(),
    ...sharedSettings,
  }),
  authorize: (input, ctx) =>
    ecsAuth('UpdateService', serviceArnOf(ctx, input.cluster, input.service), clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const service = ecs.updateService(
      input.cluster,
      input.service,
      {
        desiredCount: input.desiredCount,
        taskDefinition: input.taskDefinition,
        forceNewDeployment: input.forceNewDeployment,
        enableExecuteCommand: input.enableExecuteCommand,
        settings: settingsFrom(input),
      },
      ctx.now,
      ecsCaller(ctx),
    );
    return { service: serviceOutput(ecs.activeCluster(input.cluster), service, ctx.now, false) };
  },
});

export const deleteService = defineOperation({
  name: 'DeleteService',
  input: struct({ cluster: str(), service: req(str()), force: bool() }),
  authorize: (input, ctx) =>
    ecsAuth('DeleteService', serviceArnOf(ctx, input.cluster, input.service), clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const service = ecs.deleteService(input.cluster, input.service, input.force ?? false, ctx.now);
    return { service: serviceOutput(ecs.activeCluster(input.cluster), service, ctx.now, false) };
  },
});

export const describeServices = defineOperation({
  name: 'DescribeServices',
  input: struct({ cluster: str(), services: req(list(str(), { min: 1, max: 10 })), include: includeOf(['TAGS'] as const) }),
  authorize: (input, ctx) =>
    input.services.map((s) => ecsAuth('DescribeServices', serviceArnOf(ctx, input.cluster, s), clusterArnOf(ctx, input.cluster))),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.existingCluster(input.cluster);
    const withTags = input.include?.includes('TAGS') ?? false;
    const { described, failures } = describeEach(
      input.services,
      (ref) => ecs.findService(cluster, ref),
      (service) => serviceOutput(cluster, service, ctx.now, withTags),
      (ref) => ecs.arns.serviceNamed(cluster.name, ref),
    );
    return { services: described, failures };
  },
});

export const listServices = defineOperation({
  name: 'ListServices',
  input: struct({
    cluster: str(),
    nextToken: nextToken(),
    maxResults: maxResults(),
    launchType: launchType(),
    schedulingStrategy: schedulingStrategy(),
    resourceManagementType: enumOf(['CUSTOMER', 'ECS'] as const),
  }),
  authorize: (input, ctx) => ecsAuth('ListServices', '*', clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.existingCluster(input.cluster);
    const all = ecs.listServiceArns(cluster, ctx.now, input);
    const { items, nextToken } = page(all, input.nextToken, input.maxResults, 10);
    return { serviceArns: items, nextToken };
  },
});

export const serviceOperations = [createService, updateService, deleteService, describeServices, listServices];
