const { ECSClient, CreateClusterCommand } = require('@aws-sdk/client-ecs');
const { IAMClient, GetRoleCommand } = require('@aws-sdk/client-iam');

test('the first cluster creates the ECS service-linked role', async () => {
  await new ECSClient({}).send(new CreateClusterCommand({ clusterName: 'example' }));
  const { Role } = await new IAMClient({}).send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
  expect(Role.Path).toBe('/aws-service-role/ecs.amazonaws.com/');
});
