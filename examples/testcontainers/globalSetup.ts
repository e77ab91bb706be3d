// vitest globalSetup: the linkstack container image, started once for the whole test run by
// Testcontainers and removed at the end. Build the image first (from the repository root):
//   docker build -f docker/Dockerfile -t linkstack:local .
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { TestProject } from 'vitest/node';

let container: StartedTestContainer | undefined;

export default async function setup(project: TestProject) {
  const image = process.env.LINKSTACK_IMAGE ?? 'linkstack:local';
  let linkstack = new GenericContainer(image)
    .withExposedPorts(4566)
    .withEnvironment({ LINKSTACK_DELETION_START_MS: '0', LINKSTACK_DELETION_DURATION_MS: '0' })
    // Ready when the health route answers 200, not merely when the port is open.
    .withWaitStrategy(Wait.forHttp('/_linkstack/health', 4566).forStatusCode(200));
  // Only for engines without the default bridge network (linkstack's own CI): a network to join.
  if (process.env.LINKSTACK_DOCKER_NETWORK) linkstack = linkstack.withNetworkMode(process.env.LINKSTACK_DOCKER_NETWORK);
  container = await linkstack.start();

  const endpoint = `http://${container.getHost()}:${container.getMappedPort(4566)}`;
  // Every AWS SDK v3 client created in the tests now talks to the container, unchanged.
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_REGION = 'eu-west-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  project.provide('linkstackEndpoint', endpoint);
  return async () => {
    await container?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    linkstackEndpoint: string;
  }
}
