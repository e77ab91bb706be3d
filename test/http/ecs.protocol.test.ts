import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type LinkstackApp } from '../../server/app.js';
import { Clock } from '../../state/clock.js';

/** What SDKs never send: broken JSON, wrong types, unknown targets, constraint violations. */

const T0 = new Date('2026-01-15T10:00:00.000Z');
let linkstack: LinkstackApp;

beforeEach(async () => {
  const clock = new Clock();
  clock.freeze(T0);
  linkstack = buildApp({ clock, logger: false });
  await linkstack.app.ready();
});
afterEach(async () => {
  await linkstack.app.close();
});

async function ecs(operation: string, payload: string | object, region = 'eu-west-1', target?: string) {
  const res = await linkstack.app.inject({
    method: 'POST',
    url: '/',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target ?? `AmazonEC2ContainerServiceV20141113.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=test/20260115/${region}/ecs/aws4_request, SignedHeaders=host, Signature=0`,
    },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return {
    status: res.statusCode,
    errorType: res.headers['x-amzn-errortype'],
    contentType: res.headers['content-type'],
    requestId: res.headers['x-amzn-requestid'],
    body: res.json() as any,
  };
}

describe('ECS JSON 1.1 success responses', () => {
  it('answer 200 in application/x-amz-json-1.1 with a request id and timestamps as epoch seconds', async () => {
    await ecs('RegisterTaskDefinition', { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 64 }] });
    const res = await ecs('DescribeTaskDefinition', { taskDefinition: 'web' });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/x-amz-json-1\.1/);
    expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.taskDefinition.registeredAt).toBe(T0.getTime() / 1000);
  });

  it('treat an empty body as an empty input', async () => {
    const res = await ecs('ListClusters', '');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ clusterArns: [] });
  });

  it('ignore members the model does not know and treat null as absent', async () => {
    const res = await ecs('CreateCluster', { clusterName: 'c1', somethingNew: 1, tags: null });
    expect(res.status).toBe(200);
    expect(res.body.cluster.clusterName).toBe('c1');
  });
});

describe('ECS JSON 1.1 errors', () => {
  it('name the error in __type and x-amzn-ErrorType with a message', async () => {
    const res = await ecs('DeleteCluster', { cluster: 'nope' });
    expect(res.status).toBe(400);
    expect(res.errorType).toBe('ClusterNotFoundException');
    expect(res.body).toEqual({ __type: 'ClusterNotFoundException', message: 'Cluster not found.' });
  });

  it('answer an unknown operation with UnknownOperationException', async () => {
    const res = await ecs('LaunchRockets', {});
    expect(res.status).toBe(400);
    expect(res.body.__type).toBe('UnknownOperationException');
  });

  it('answer malformed JSON with SerializationException and keep state', async () => {
    await ecs('CreateCluster', { clusterName: 'kept' });
    const res = await ecs('DeleteCluster', '{"cluster": "kept"');
    expect(res.status).toBe(400);
    expect(res.body.__type).toBe('SerializationException');
    const after = await ecs('DescribeClusters', { clusters: ['kept'] });
    expect(after.body.clusters[0].status).toBe('ACTIVE');
  });

  it('answer a body that is not a JSON object with SerializationException', async () => {
    const res = await ecs('ListClusters', '[1,2]');
    expect(res.body.__type).toBe('SerializationException');
  });

  it.each([
    ['a number for a string', 'CreateCluster', { clusterName: 5 }, 'NUMBER_VALUE can not be converted to a String'],
    ['a string for an integer', 'ListClusters', { maxResults: '5' }, 'STRING_VALUE can not be converted to an Integer'],
    ['a fraction for an integer', 'ListClusters', { maxResults: 1.5 }, 'NUMBER_VALUE can not be converted to an Integer'],
    ['a string for a boolean', 'DeleteService', { service: 's', force: 'yes' }, 'STRING_VALUE can not be converted to a Boolean'],
    ['an object for a list', 'DescribeClusters', { clusters: { a: 1 } }, 'Start of structure or map found where not expected.'],
    ['a list for a string', 'DeleteCluster', { cluster: ['a'] }, 'Start of list found where not expected.'],
  ])('answer %s with SerializationException', async (_what, operation, payload, message) => {
    const res = await ecs(operation, payload);
    expect(res.status).toBe(400);
    expect(res.errorType).toBe('SerializationException');
    expect(res.body).toEqual({ __type: 'SerializationException', message });
  });

  it('answer a missing required member with InvalidParameterException', async () => {
    const res = await ecs('DeleteCluster', {});
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      __type: 'InvalidParameterException',
      message: "1 validation error detected: Value null at 'cluster' failed to satisfy constraint: Member must not be null",
    });
  });

  it('answer a constraint failure with InvalidParameterException naming the member', async () => {
    const res = await ecs('ListClusters', { maxResults: 1000 });
    expect(res.body.__type).toBe('InvalidParameterException');
    expect(res.body.message).toBe(
      "1 validation error detected: Value '1000' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });

  it('refuse a cluster name with characters AWS does not allow', async () => {
    const res = await ecs('CreateCluster', { clusterName: 'bad name!' });
    expect(res.body.__type).toBe('InvalidParameterException');
    expect(res.body.message).toContain("at 'clusterName'");
    const list = await ecs('ListClusters', {});
    expect(list.body.clusterArns).toEqual([]);
  });

  it('answer a bad nextToken with InvalidParameterException', async () => {
    const res = await ecs('ListClusters', { nextToken: 'not-a-token' });
    expect(res.body).toEqual({ __type: 'InvalidParameterException', message: 'The specified nextToken is not valid.' });
  });
});
