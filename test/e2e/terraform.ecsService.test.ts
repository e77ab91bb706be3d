import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';

/**
 * Terraform's create / read / update / destroy of `aws_ecs_task_definition` and `aws_ecs_service`
 * re-enacted call by call, as hashicorp/terraform-provider-aws makes them:
 * internal/service/ecs/task_definition.go (RegisterTaskDefinition; read: DescribeTaskDefinition
 * with include TAGS; a change is a new revision; destroy: DeregisterTaskDefinition) and
 * internal/service/ecs/service.go (CreateService, then waitServiceActive or, with
 * `wait_for_steady_state = true`, waitServiceStable → statusServiceWaitForStable: the PRIMARY
 * deployment created after the operation time → findPrimaryDeploymentARN (ListServiceDeployments
 * with createdAt.after, the target revision ARN containing the deployment id's number) →
 * findDeploymentStatus (DescribeServiceDeployments: SUCCESSFUL is stable, IN_PROGRESS pending,
 * STOPPED / ROLLBACK_* an error); otherwise one deployment with runningCount = desiredCount;
 * destroy: DeleteService with force, then waitServiceInactive).
 * The provider polls on the wall clock; here each poll moves the frozen clock by a few hundred ms.
 */

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs('us-west-2');
  await ecs.send(new CreateClusterCommand({ clusterName: 'tf' }));
});
afterEach(async () => {
  await emu.close();
});

const POLL_SECONDS = 0.25;
const MAX_POLLS = 200;

/** findDeploymentStatus: the service deployment's status as the provider maps it. */
async function findDeploymentStatus(arn: string): Promise<'stable' | 'pending'> {
  const { serviceDeployments } = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
  const sd = serviceDeployments![0];
  if (!sd) return 'pending';
  if (sd.status === 'SUCCESSFUL') return 'stable';
  if (sd.status === 'STOPPED' || sd.status === 'ROLLBACK_FAILED' || sd.status === 'ROLLBACK_SUCCESSFUL') {
    throw new Error(sd.statusReason ?? 'Deployment failed');
  }
  return 'pending';
}

/** waitServiceStable / statusServiceWaitForStable. */
async function waitServiceStable(service: string, operationTime: Date): Promise<{ service: Service; viaServiceDeployment: boolean }> {
  let primary: { id?: string; createdAt?: Date } | undefined;
  let deploymentArn: string | undefined;
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'tf', services: [service], include: ['TAGS'] }));
    const s = services![0]!;
    if (s.status === 'ACTIVE') {
      primary ??= s.deployments!.find((d) => d.status === 'PRIMARY');
      const isNew = s.deploymentController?.type === 'ECS' && primary?.createdAt !== undefined && primary.createdAt > operationTime;
      if (isNew) {
        if (!deploymentArn) {
          const taskSetId = primary!.id!.split('/')[1]!;
          const { serviceDeployments } = await ecs.send(
            new ListServiceDeploymentsCommand({ cluster: 'tf', service, createdAt: { after: operationTime } }),
          );
          deploymentArn = serviceDeployments!.find((d) => d.targetServiceRevisionArn!.includes(taskSetId))?.serviceDeploymentArn;
        }
        if (deploymentArn && (await findDeploymentStatus(deploymentArn)) === 'stable') return { service: s, viaServiceDeployment: true };
      } else if (s.deployments!.length === 1 && s.desiredCount === s.runningCount) {
        return { service: s, viaServiceDeployment: false };
      }
    }
    await emu.passTime(POLL_SECONDS);
  }
  throw new Error('timeout while waiting for state to become STABLE');
}

/** waitServiceActive / waitServiceInactive: DescribeServices until the status. */
async function waitServiceStatus(service: string, target: 'ACTIVE' | 'INACTIVE'): Promise<Service> {
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'tf', services: [service] }));
    if (services![0]?.status === target) return services![0]!;
    await emu.passTime(1);
  }
  throw new Error(`timeout while waiting for state to become ${target}`);
}

/** aws_ecs_task_definition create + read. */
async function applyTaskDefinition(image: string) {
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'app',
      containerDefinitions: [{ name: 'app', image, memory: 256, essential: true, portMappings: [{ containerPort: 80 }] }],
      tags: [{ key: 'managed-by', value: 'terraform' }],
    }),
  );
  const read = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinition!.taskDefinitionArn, include: ['TAGS'] }));
  expect(read.taskDefinition!.status).toBe('ACTIVE');
  expect(read.tags).toEqual([{ key: 'managed-by', value: 'terraform' }]);
  return taskDefinition!.taskDefinitionArn!;
}

describe('Terraform aws_ecs_task_definition + aws_ecs_service (service.go, task_definition.go)', () => {
  for (const waitForSteadyState of [true, false]) {
    it(`create, read, update and destroy with wait_for_steady_state = ${waitForSteadyState}`, async () => {
      // create
      const v1 = await applyTaskDefinition('nginx:1.25');
      let operationTime = new Date(emu.clock.nowMs() - 1);
      const { service: created } = await ecs.send(
        new CreateServiceCommand({
          cluster: 'tf',
          serviceName: 'web',
          taskDefinition: v1,
          desiredCount: 2,
          launchType: 'FARGATE',
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
          propagateTags: 'SERVICE',
          tags: [{ key: 'managed-by', value: 'terraform' }],
        }),
      );
      expect(created!.status).toBe('ACTIVE');
      if (waitForSteadyState) {
        const { service, viaServiceDeployment } = await waitServiceStable('web', operationTime);
        expect(viaServiceDeployment).toBe(true);
        expect(service).toMatchObject({ runningCount: 2, deployments: [expect.objectContaining({ rolloutState: 'COMPLETED' })] });
      } else {
        expect((await waitServiceStatus('web', 'ACTIVE')).runningCount).toBe(0);
      }

      // read (refresh)
      const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'tf', services: ['web'], include: ['TAGS'] }));
      expect(services![0]).toMatchObject({
        taskDefinition: v1,
        tags: [{ key: 'managed-by', value: 'terraform' }],
        deploymentController: { type: 'ECS' },
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      });

      // update: a changed container image is a new task definition revision (ForceNew), then UpdateService
      const v2 = await applyTaskDefinition('nginx:1.27');
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: v1 }));
      operationTime = new Date(emu.clock.nowMs() - 1);
      await ecs.send(new UpdateServiceCommand({ cluster: 'tf', service: 'web', taskDefinition: v2, desiredCount: 2 }));
      if (waitForSteadyState) {
        const { service } = await waitServiceStable('web', operationTime);
        expect(service).toMatchObject({ taskDefinition: v2, runningCount: 2 });
        expect(service.deployments).toHaveLength(1);
      }

      // destroy: aws_ecs_service (force), then aws_ecs_task_definition
      await ecs.send(new DeleteServiceCommand({ cluster: 'tf', service: 'web', force: true }));
      const inactive = await waitServiceStatus('web', 'INACTIVE');
      expect(inactive.deployments).toEqual([]);
      const { taskDefinition } = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: v2 }));
      expect(taskDefinition!.status).toBe('INACTIVE');
    });
  }

  it('wait_for_steady_state fails the apply when the circuit breaker rolls a failing release back', async () => {
    const v1 = await applyTaskDefinition('nginx:1.25');
    let operationTime = new Date(emu.clock.nowMs() - 1);
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'tf',
        serviceName: 'web',
        taskDefinition: v1,
        desiredCount: 1,
        launchType: 'FARGATE',
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    await waitServiceStable('web', operationTime);
    const broken = await applyTaskDefinition('registry.example/linkstack/fail:2');
    operationTime = new Date(emu.clock.nowMs() - 1);
    await ecs.send(new UpdateServiceCommand({ cluster: 'tf', service: 'web', taskDefinition: broken }));
    await expect(waitServiceStable('web', operationTime)).rejects.toThrow('Deployment failed');
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'tf', services: ['web'] }));
    expect(services![0]!.taskDefinition).toBe(v1);
  });
});
