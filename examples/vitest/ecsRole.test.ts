// Plain production code under test: the clients get their endpoint from AWS_ENDPOINT_URL.
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { expect, inject, it } from 'vitest';

it('the first cluster creates the ECS service-linked role', async () => {
  await new ECSClient({}).send(new CreateClusterCommand({ clusterName: 'example' }));
  const { Role } = await new IAMClient({}).send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
  expect(Role?.Path).toBe('/aws-service-role/ecs.amazonaws.com/');
  expect(inject('linkstackEndpoint')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});
