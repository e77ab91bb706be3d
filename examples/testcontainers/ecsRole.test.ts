// Plain production code under test: the clients get their endpoint from AWS_ENDPOINT_URL, which
// globalSetup.ts points at the container.
import { CreateClusterCommand, DeleteClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { describe, expect, inject, it } from 'vitest';

const iam = new IAMClient({});
const ecs = new ECSClient({});

describe('linkstack in a container, started by Testcontainers', () => {
  it('answers its health route on the mapped port', async () => {
    const health = (await (await fetch(`${inject('linkstackEndpoint')}/_linkstack/health`)).json()) as { status: string; services: string[] };
    expect(health.status).toBe('ok');
    expect(health.services).toEqual(expect.arrayContaining(['iam', 'sts', 'ecs']));
  });

  it('creates AWSServiceRoleForECS with the first cluster, and deletes it once no cluster is left', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'testcontainers' }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(Role?.Path).toBe('/aws-service-role/ecs.amazonaws.com/');

    await ecs.send(new DeleteClusterCommand({ cluster: 'testcontainers' }));
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    // The container was started with deletion delays of 0 ms: the task is already finished.
    const status = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    expect(status.Status).toBe('SUCCEEDED');
  });
});
