import type { Conformance } from '../harness.js';
import type { Cases } from './types.js';

const REGION = 'eu-west-1';
const ACCOUNT = '000000000000';
const clusterArn = (name: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${name}`;
const missingCluster = { cluster: 'missing' };

const ecs = (c: Conformance, op: string, input: object = {}) => c.call('ecs', op, input, REGION);

async function cluster(c: Conformance) {
  await ecs(c, 'CreateCluster', { clusterName: 'demo', tags: [{ key: 'k', value: 'v' }] });
  return { cluster: 'demo' };
}
async function taskDefinition(c: Conformance) {
  const { taskDefinition } = await ecs(c, 'RegisterTaskDefinition', {
    family: 'web',
    containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128, essential: true }],
    tags: [{ key: 'k', value: 'v' }],
  });
  return { taskDefinitionArn: taskDefinition.taskDefinitionArn };
}
async function instance(c: Conformance) {
  await cluster(c);
  const { containerInstance } = await ecs(c, 'RegisterContainerInstance', { cluster: 'demo' });
  return { instanceArn: containerInstance.containerInstanceArn };
}
async function service(c: Conformance) {
  const v = { ...(await instance(c)), ...(await taskDefinition(c)) };
  await ecs(c, 'CreateService', { cluster: 'demo', serviceName: 'api', taskDefinition: 'web', desiredCount: 1 });
  c.clock.advance(60_000); // every lifecycle settled
  return v;
}
/** A service whose first deployment has run: its service deployment and revision ARNs. */
async function serviceDeployment(c: Conformance) {
  const v = await service(c);
  const { serviceDeployments } = await ecs(c, 'ListServiceDeployments', { cluster: 'demo', service: 'api' });
  return { ...v, deploymentArn: serviceDeployments[0].serviceDeploymentArn, revisionArn: serviceDeployments[0].targetServiceRevisionArn };
}
async function task(c: Conformance) {
  const v = { ...(await instance(c)), ...(await taskDefinition(c)) };
  const { tasks } = await ecs(c, 'RunTask', { cluster: 'demo', taskDefinition: 'web', enableExecuteCommand: true });
  c.clock.advance(60_000);
  return { ...v, taskArn: tasks[0].taskArn };
}

const ASG = `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:00000000-0000-4000-8000-000000000000:autoScalingGroupName/asg`;
async function capacityProvider(c: Conformance) {
  await ecs(c, 'CreateCapacityProvider', {
    name: 'cp',
    autoScalingGroupProvider: { autoScalingGroupArn: ASG, managedScaling: { status: 'ENABLED', targetCapacity: 90 }, managedTerminationProtection: 'DISABLED' },
    tags: [{ key: 'k', value: 'v' }],
  });
  return { provider: 'cp' };
}

export const ecsCases: Cases = {
  CreateCapacityProvider: {
    input: { name: 'cp', autoScalingGroupProvider: { autoScalingGroupArn: ASG, managedScaling: { status: 'ENABLED' } } },
    error: { name: 'cp', autoScalingGroupProvider: { autoScalingGroupArn: 'not-an-asg', managedTerminationProtection: 'ENABLED' } },
  },
  DeleteAccountSetting: {
    setup: async (c) => void (await ecs(c, 'PutAccountSetting', { name: 'containerInsights', value: 'enabled' })),
    input: { name: 'containerInsights' },
    error: { name: 'noSuchSetting' },
  },
  DeleteCapacityProvider: { setup: capacityProvider, input: { capacityProvider: 'cp' }, error: { capacityProvider: 'missing' } },
  DeleteTaskDefinitions: {
    setup: async (c) => {
      await taskDefinition(c);
      await ecs(c, 'DeregisterTaskDefinition', { taskDefinition: 'web:1' });
    },
    input: { taskDefinitions: ['web:1', 'missing:1'] },
    error: { taskDefinitions: [] },
  },
  DescribeCapacityProviders: { setup: capacityProvider, input: { capacityProviders: ['cp', 'FARGATE', 'missing'], include: ['TAGS'] }, error: { maxResults: 0 } },
  ListAccountSettings: { setup: async (c) => void (await ecs(c, 'PutAccountSetting', { name: 'containerInsights', value: 'enabled' })), input: { effectiveSettings: true }, error: { name: 'noSuchSetting' } },
  PutAccountSetting: { input: { name: 'containerInsights', value: 'enabled' }, error: { name: 'noSuchSetting', value: 'enabled' } },
  PutAccountSettingDefault: { input: { name: 'containerInsights', value: 'enabled' }, error: { name: 'noSuchSetting', value: 'enabled' } },
  PutClusterCapacityProviders: {
    setup: async (c) => ({ ...(await cluster(c)), ...(await capacityProvider(c)) }),
    input: { cluster: 'demo', capacityProviders: ['FARGATE', 'cp'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }] },
    error: { ...missingCluster, capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [] },
  },
  UpdateCapacityProvider: {
    setup: capacityProvider,
    input: { name: 'cp', autoScalingGroupProvider: { managedScaling: { status: 'DISABLED' } } },
    error: { name: 'missing', autoScalingGroupProvider: { managedScaling: { status: 'DISABLED' } } },
  },
  UpdateCluster: { setup: cluster, input: { cluster: 'demo', settings: [{ name: 'containerInsights', value: 'enabled' }] }, error: { ...missingCluster, settings: [] } },
  UpdateClusterSettings: { setup: cluster, input: { cluster: 'demo', settings: [{ name: 'containerInsights', value: 'disabled' }] }, error: { ...missingCluster, settings: [{ name: 'containerInsights', value: 'enabled' }] } },
  UpdateContainerInstancesState: {
    setup: instance,
    input: (v) => ({ cluster: 'demo', containerInstances: [v.instanceArn], status: 'DRAINING' }),
    error: (v) => ({ ...missingCluster, containerInstances: [v.instanceArn], status: 'DRAINING' }),
  },
  CreateCluster: { input: { clusterName: 'demo', tags: [{ key: 'k', value: 'v' }], settings: [{ name: 'containerInsights', value: 'enabled' }] }, error: { clusterName: 'bad name!' } },
  CreateService: {
    setup: async (c) => ({ ...(await instance(c)), ...(await taskDefinition(c)) }),
    input: { cluster: 'demo', serviceName: 'api', taskDefinition: 'web', desiredCount: 2 },
    error: { ...missingCluster, serviceName: 'api', taskDefinition: 'web', desiredCount: 1 },
  },
  DeleteCluster: { setup: cluster, input: { cluster: 'demo' }, error: missingCluster },
  DeleteService: { setup: service, input: { cluster: 'demo', service: 'api', force: true }, error: { cluster: 'demo', service: 'missing' } },
  DeregisterContainerInstance: { setup: instance, input: (v) => ({ cluster: 'demo', containerInstance: v.instanceArn, force: true }), error: (v) => ({ ...missingCluster, containerInstance: v.instanceArn }) },
  DeregisterTaskDefinition: { setup: taskDefinition, input: { taskDefinition: 'web:1' }, error: { taskDefinition: 'web' } },
  DescribeClusters: { setup: service, input: { clusters: ['demo', 'missing'], include: ['STATISTICS', 'SETTINGS', 'TAGS'] }, error: { clusters: ['demo'], include: ['EVERYTHING'] } },
  DescribeContainerInstances: { setup: instance, input: (v) => ({ cluster: 'demo', containerInstances: [v.instanceArn, 'missing'], include: ['TAGS'] }), error: { ...missingCluster, containerInstances: ['x'] } },
  DescribeServices: { setup: service, input: { cluster: 'demo', services: ['api', 'missing'], include: ['TAGS'] }, error: { ...missingCluster, services: ['api'] } },
  DescribeTaskDefinition: { setup: taskDefinition, input: { taskDefinition: 'web', include: ['TAGS'] }, error: { taskDefinition: 'missing' } },
  DescribeTasks: { setup: task, input: (v) => ({ cluster: 'demo', tasks: [v.taskArn, 'missing'], include: ['TAGS'] }), error: { ...missingCluster, tasks: ['x'] } },
  ExecuteCommand: {
    setup: task,
    input: (v) => ({ cluster: 'demo', task: v.taskArn, command: '/bin/sh', interactive: true, container: 'app' }),
    error: (v) => ({ ...missingCluster, task: v.taskArn, command: '/bin/sh', interactive: true }),
  },
  ListClusters: { setup: cluster, input: { maxResults: 10 }, error: { nextToken: 'not-a-token' } },
  ListContainerInstances: { setup: instance, input: { cluster: 'demo', status: 'ACTIVE' }, error: missingCluster },
  ListServices: { setup: service, input: { cluster: 'demo' }, error: missingCluster },
  ListServiceDeployments: { setup: service, input: { cluster: 'demo', service: 'api', status: ['SUCCESSFUL'] }, error: { cluster: 'demo', service: 'missing' } },
  DescribeServiceDeployments: { setup: serviceDeployment, input: (v) => ({ serviceDeploymentArns: [v.deploymentArn, `${v.deploymentArn}x`] }), error: { serviceDeploymentArns: [] } },
  DescribeServiceRevisions: { setup: serviceDeployment, input: (v) => ({ serviceRevisionArns: [v.revisionArn, `${v.revisionArn}0`] }), error: { serviceRevisionArns: [] } },
  ListTagsForResource: { setup: cluster, input: { resourceArn: clusterArn('demo') }, error: { resourceArn: clusterArn('missing') } },
  ListTaskDefinitions: { setup: taskDefinition, input: { familyPrefix: 'web', status: 'ACTIVE', sort: 'DESC' }, error: { nextToken: 'not-a-token' } },
  ListTasks: { setup: task, input: { cluster: 'demo', desiredStatus: 'RUNNING' }, error: missingCluster },
  RegisterContainerInstance: { setup: cluster, input: { cluster: 'demo', tags: [{ key: 'k', value: 'v' }] }, error: missingCluster },
  RegisterTaskDefinition: {
    input: { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80 }] }], tags: [{ key: 'k', value: 'v' }] },
    error: { family: 'web', containerDefinitions: [] },
  },
  RunTask: { setup: async (c) => ({ ...(await instance(c)), ...(await taskDefinition(c)) }), input: { cluster: 'demo', taskDefinition: 'web', count: 1 }, error: { ...missingCluster, taskDefinition: 'web' } },
  StopTask: { setup: task, input: (v) => ({ cluster: 'demo', task: v.taskArn, reason: 'conformance' }), error: (v) => ({ ...missingCluster, task: v.taskArn }) },
  TagResource: { setup: cluster, input: { resourceArn: clusterArn('demo'), tags: [{ key: 'a', value: 'b' }] }, error: { resourceArn: clusterArn('missing'), tags: [{ key: 'a', value: 'b' }] } },
  UntagResource: { setup: cluster, input: { resourceArn: clusterArn('demo'), tagKeys: ['k'] }, error: { resourceArn: clusterArn('missing'), tagKeys: ['k'] } },
  UpdateService: { setup: service, input: { cluster: 'demo', service: 'api', desiredCount: 2 }, error: { cluster: 'demo', service: 'missing', desiredCount: 1 } },
};
