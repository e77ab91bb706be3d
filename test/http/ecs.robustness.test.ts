import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type LinkstackApp } from '../../server/app.js';
import { ecsService } from '../../server/services/ecs/index.js';
import { Clock } from '../../state/clock.js';

/**
 * Bad input never crashes the server: every ECS operation, with an empty body and with each of
 * its members set to every kind of JSON value, answers 200 or a 4xx ECS error, never a 500.
 */

let linkstack: LinkstackApp;
beforeAll(async () => {
  const clock = new Clock();
  clock.freeze(new Date('2026-01-15T10:00:00Z'));
  linkstack = buildApp({ clock, logger: false });
  await linkstack.app.ready();
  // Something to find, so handlers get past their first lookups.
  await send('CreateCluster', { clusterName: 'default' });
  await send('RegisterTaskDefinition', { family: 'web', containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] });
  await send('RegisterContainerInstance', {});
  await send('CreateService', { serviceName: 's', taskDefinition: 'web', desiredCount: 1 });
});
afterAll(async () => {
  await linkstack.app.close();
});

async function send(operation: string, body: unknown) {
  const res = await linkstack.app.inject({
    method: 'POST',
    url: '/',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260115/eu-west-1/ecs/aws4_request, SignedHeaders=host, Signature=0',
    },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

const jsonValues: unknown[] = ['', 'x', 'arn:aws:ecs:eu-west-1:000000000000:cluster/default', 0, -1, 1.5, 1e12, true, [], [{}], ['x'], {}, { a: 1 }, null];

describe('every ECS operation, fed values of every JSON kind', () => {
  for (const [name, operation] of ecsService.operations) {
    it(`${name} never answers 5xx`, async () => {
      const bodies: unknown[] = [{}];
      for (const member of Object.keys(operation.input.members)) {
        for (const value of jsonValues) bodies.push({ [member]: value });
      }
      for (const body of bodies) {
        const res = await send(name, body);
        expect(res.status, JSON.stringify(body)).toBeLessThan(500);
        if (res.status !== 200) expect(typeof res.body.__type, JSON.stringify(body)).toBe('string');
      }
    });
  }
});

describe('null members of lists and maps, huge numbers and deep nesting', () => {
  const refusals: [string, unknown][] = [
    ['DescribeTasks', { tasks: [null] }],
    ['DescribeContainerInstances', { containerInstances: [null] }],
    ['DescribeServices', { services: [null] }],
    ['TagResource', { resourceArn: 'arn:aws:ecs:eu-west-1:000000000000:cluster/default', tags: [null] }],
    ['RegisterTaskDefinition', { family: 'web', containerDefinitions: [null] }],
  ];
  for (const [operation, body] of refusals) {
    it(`${operation} ${JSON.stringify(body)} is refused as invalid, naming the null member`, async () => {
      const res = await send(operation, body);
      expect(res.status).toBe(400);
      expect(res.body.__type).toBe('InvalidParameterException');
      expect(String(res.body.message)).toMatch(/^1 validation error detected: Value null at '\w+\.1\.member' failed to satisfy constraint: Member must not be null$/);
    });
  }

  it('numbers beyond the member type are SerializationException, as the JSON front end answers', async () => {
    const big = await send('ListClusters', { maxResults: 2 ** 31 });
    expect(big).toEqual({ status: 400, body: { __type: 'SerializationException', message: 'NUMBER_VALUE can not be converted to an Integer' } });
    const huge = await linkstack.app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' },
      payload: '{"maxResults":1e999}',
    });
    expect(huge.statusCode).toBe(400);
  });

  it('nesting deeper than 64 levels is refused before it is parsed', async () => {
    const res = await linkstack.app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.CreateCluster' },
      payload: `{"configuration":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ __type: 'SerializationException', message: 'The request nests lists and structures deeper than 64 levels.' });
  });
});
