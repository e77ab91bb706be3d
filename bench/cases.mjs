/**
 * The throughput cases `npm run bench` measures. Add a case by appending to `cases`:
 *
 *   name      what the table calls it
 *   entry     the server script, relative to the repo (default dist/server/main.js)
 *   env       extra environment for the server (e.g. { LINKSTACK_ENFORCE_IAM: 'strict' })
 *   setup     async (call) => void, run once before the load; `call(target | undefined, body)`
 *             sends one signed-looking request (a query form body, or JSON when target is set)
 *   request   the request autocannon repeats: { method, path, headers, body }
 *
 * Every case gets a fresh server, so cases cannot disturb each other.
 */

/** Any SigV4-shaped header: linkstack reads the credential scope, not the signature. */
export const authorization = (service, accessKeyId = 'test', region = 'eu-west-1') =>
  `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260115/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

export const queryRequest = (service, params, accessKeyId) => ({
  method: 'POST',
  path: '/',
  headers: {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    authorization: authorization(service, accessKeyId),
  },
  body: new URLSearchParams(params).toString(),
});

export const jsonRequest = (target, body, accessKeyId) => ({
  method: 'POST',
  path: '/',
  headers: {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `AmazonEC2ContainerServiceV20141113.${target}`,
    authorization: authorization('ecs', accessKeyId),
  },
  body: JSON.stringify(body),
});

export const cases = [
  {
    name: 'IAM GetRole (AWSServiceRoleForECS)',
    async setup(call) {
      await call(queryRequest('iam', { Action: 'CreateServiceLinkedRole', Version: '2010-05-08', AWSServiceName: 'ecs.amazonaws.com' }));
    },
    request: queryRequest('iam', { Action: 'GetRole', Version: '2010-05-08', RoleName: 'AWSServiceRoleForECS' }),
  },
  {
    // Two clusters, one running a service of three tasks on a container instance: the counters
    // are computed from each cluster's contents on every call.
    name: 'ECS DescribeClusters (2 clusters, counters)',
    async setup(call) {
      await call(jsonRequest('CreateCluster', { clusterName: 'bench-a' }));
      await call(jsonRequest('CreateCluster', { clusterName: 'bench-b' }));
      await call(
        jsonRequest('RegisterTaskDefinition', {
          family: 'web',
          containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }],
        }),
      );
      await call(jsonRequest('RegisterContainerInstance', { cluster: 'bench-a' }));
      await call(jsonRequest('CreateService', { cluster: 'bench-a', serviceName: 'web', taskDefinition: 'web', desiredCount: 3 }));
    },
    request: jsonRequest('DescribeClusters', { clusters: ['bench-a', 'bench-b'] }),
  },
  {
    // Not linkstack: what this machine allows at all, to read the other rows against.
    name: 'baseline: bare Fastify, fixed GetRole-sized answer',
    entry: 'bench/baselineServer.mjs',
    request: queryRequest('iam', { Action: 'GetRole', Version: '2010-05-08', RoleName: 'AWSServiceRoleForECS' }),
    baseline: true,
  },
];
