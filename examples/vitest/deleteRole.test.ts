// The README's per-file example: its own linkstack, frozen clock, reset between tests.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { CreateServiceLinkedRoleCommand, DeleteServiceLinkedRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { startLinkstack, type Linkstack } from 'linkstack';

let linkstack: Linkstack;
let iam: IAMClient;
beforeAll(async () => {
  linkstack = await startLinkstack({ clock: '2026-01-15T10:00:00Z' }); // frozen emulated time
  const { endpoint, region, credentials } = linkstack;
  iam = new IAMClient({ endpoint, region, credentials });
});
afterEach(() => linkstack.reset()); // every test starts from an empty account
afterAll(() => linkstack.close()); // frees the port

it('deletes the ECS service-linked role once the task has run', async () => {
  await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
  await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
  linkstack.clock.advance(2_000); // the default task takes 0.5 s to start and 1.5 s to run
  await expect(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).rejects.toThrow(/cannot be found/);
});
