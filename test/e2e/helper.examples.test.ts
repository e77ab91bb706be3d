import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The examples import the published package; here it is the source it is built from.
vi.mock('linkstack', () => import('../../server/index.js'));

const AWS_VARS = ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(AWS_VARS.map((k) => [k, process.env[k]]));
});
afterEach(() => {
  for (const k of AWS_VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

/** What the example test files do: clients with no configuration at all. */
async function exampleTestBody() {
  await new ECSClient({ maxAttempts: 1 }).send(new CreateClusterCommand({ clusterName: 'example' }));
  const { Role } = await new IAMClient({ maxAttempts: 1 }).send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
  return Role;
}

async function refused(endpoint: string) {
  return fetch(`${endpoint}/_linkstack/health`).then(
    () => false,
    () => true,
  );
}

describe('examples/vitest/globalSetup.ts', () => {
  it('points unconfigured SDK clients at an in-process linkstack, provides the endpoint, and tears down', async () => {
    const { default: setup } = await import('../../examples/vitest/globalSetup.js');
    const provided: Record<string, unknown> = {};
    const teardown = await setup({ provide: (key: string, value: unknown) => (provided[key] = value) } as never);
    const endpoint = process.env.AWS_ENDPOINT_URL!;
    expect(provided.linkstackEndpoint).toBe(endpoint);
    expect(process.env.AWS_ACCESS_KEY_ID).toBe('test');
    const role = await exampleTestBody();
    expect(role?.Path).toBe('/aws-service-role/ecs.amazonaws.com/');
    expect(role?.CreateDate).toEqual(new Date('2026-01-15T10:00:00Z'));
    await teardown();
    expect(await refused(endpoint)).toBe(true);
  });
});

describe('examples/jest/globalSetup.mjs and globalTeardown.mjs', () => {
  it('start linkstack for the run, set the AWS environment for the workers, and close it', async () => {
    const { default: globalSetup } = await import('../../examples/jest/globalSetup.mjs');
    const { default: globalTeardown } = await import('../../examples/jest/globalTeardown.mjs');
    await globalSetup();
    const endpoint = process.env.AWS_ENDPOINT_URL!;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await exampleTestBody())?.RoleName).toBe('AWSServiceRoleForECS');
    await globalTeardown();
    expect(await refused(endpoint)).toBe(true);
  });
});
