/**
 * The throughput cases `npm run bench` measures. Add a case by appending to `cases`:
 *
 *   name      what the table calls it
 *   entry     the server script, relative to the repo (default dist/bundle/main.mjs, what `npm start` runs)
 *   env       extra environment for the server (e.g. { LINKSTACK_ENFORCE_IAM: 'strict' })
 *   setup     async (call) => void, run once before the load; `call(request)` sends one
 *             request (see queryRequest/jsonRequest) and resolves with the answer's body text
 *   request   the request autocannon repeats: { method, path, headers, body }, or a function
 *             returning it, called after setup
 *   relativeTo { name, minRatio }: the target is a share of another row's throughput
 *   floor     { minRatio, p99Ms? }: the target is a share of the bare node:http floor's throughput
 *             (the floor row is measured in the same run; see bench/floorServer.mjs)
 *
 * Every case gets a fresh server, so cases cannot disturb each other.
 */
import { createHash, createHmac } from 'node:crypto';

/** Any SigV4-shaped header: linkstack reads the credential scope, not the signature. */
export const authorization = (service, accessKeyId = 'test', region = 'eu-west-1') =>
  `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260115/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

export const queryRequest = (service, params, accessKeyId) => ({
  service,
  accessKeyId: accessKeyId ?? 'test',
  method: 'POST',
  path: '/',
  headers: {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    authorization: authorization(service, accessKeyId),
  },
  body: new URLSearchParams(params).toString(),
});

export const jsonRequest = (target, body, accessKeyId) => ({
  service: 'ecs',
  accessKeyId: accessKeyId ?? 'test',
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
    relativeTo: { name: 'IAM GetRole, request log off', minRatio: 0.9 },
    floor: { minRatio: 0.5, p99Ms: 5 },
    async setup(call) {
      await call(queryRequest('iam', { Action: 'CreateServiceLinkedRole', Version: '2010-05-08', AWSServiceName: 'ecs.amazonaws.com' }));
    },
    request: queryRequest('iam', { Action: 'GetRole', Version: '2010-05-08', RoleName: 'AWSServiceRoleForECS' }),
  },
  {
    // Two clusters, one running a service of three tasks on a container instance: the counters
    // are computed from each cluster's contents on every call.
    name: 'ECS DescribeClusters (2 clusters, counters)',
    // "close to GetRole": the same share of the floor, without a latency target of its own.
    floor: { minRatio: 0.5 },
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
    // The request log's cost on the hot path: the first row runs with the log on (the default,
    // 2,000 records); this one with it off. The log may take at most 10% of the throughput.
    name: 'IAM GetRole, request log off',
    env: { LINKSTACK_REQUEST_LOG_SIZE: '0' },
    async setup(call) {
      await call(queryRequest('iam', { Action: 'CreateServiceLinkedRole', Version: '2010-05-08', AWSServiceName: 'ecs.amazonaws.com' }));
    },
    request: queryRequest('iam', { Action: 'GetRole', Version: '2010-05-08', RoleName: 'AWSServiceRoleForECS' }),
  },
  ...enforcementCases(),
  {
    // The floor: bare node:http answering 200 with a GetRole-sized body. The targets are ratios to it.
    name: 'floor: bare node:http, fixed GetRole-sized answer',
    entry: 'bench/floorServer.mjs',
    request: queryRequest('iam', { Action: 'GetRole', Version: '2010-05-08', RoleName: 'AWSServiceRoleForECS' }),
    baseline: true,
  },
  {
    // Not linkstack: what this machine allows at all, to read the other rows against.
    name: 'baseline: bare Fastify, fixed GetRole-sized answer',
    entry: 'bench/baselineServer.mjs',
    request: queryRequest('iam', { Action: 'GetRole', Version: '2010-05-08', RoleName: 'AWSServiceRoleForECS' }),
    baseline: true,
  },
];

/**
 * The cost of one enforced call: the same GetRole, signed with an IAM user's key whose policy
 * holds the seed's statements (and a Deny), with enforcement off and strict. Strict must keep
 * 70% of off's throughput.
 */
function enforcementCases() {
  const seedPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['iam:CreateServiceLinkedRole'],
        Resource: 'arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS*',
        Condition: { StringLike: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
      },
      {
        Effect: 'Allow',
        Action: ['iam:UpdateRoleDescription', 'iam:GetRole'],
        Resource: 'arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS*',
      },
      { Effect: 'Deny', Action: 'iam:Delete*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
    ],
  };
  const userCase = (mode) => {
    let accessKeyId;
    let secretAccessKey;
    return {
      name: `IAM GetRole as an IAM user, enforcement ${mode}`,
      env: { LINKSTACK_ENFORCE_IAM: mode },
      async setup(call) {
        const iam = (params) => call(queryRequest('iam', { Version: '2010-05-08', ...params }));
        await iam({ Action: 'CreateServiceLinkedRole', AWSServiceName: 'ecs.amazonaws.com' });
        await iam({ Action: 'CreateUser', UserName: 'operator' });
        await iam({ Action: 'PutUserPolicy', UserName: 'operator', PolicyName: 'seed', PolicyDocument: JSON.stringify(seedPolicy) });
        const created = await iam({ Action: 'CreateAccessKey', UserName: 'operator' });
        accessKeyId = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(created)[1];
        secretAccessKey = /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(created)[1];
      },
      request: () => ({
        ...queryRequest('iam', { Action: 'GetRole', Version: '2010-05-08', RoleName: 'AWSServiceRoleForECS' }, accessKeyId),
        secretAccessKey,
      }),
    };
  };
  return [userCase('off'), { ...userCase('strict'), relativeTo: { name: 'IAM GetRole as an IAM user, enforcement off', minRatio: 0.7 } }];
}

/**
 * SigV4 for a bench request, at the real clock (strict mode verifies signatures and a 15-minute
 * skew): signed once before a run, the same request is valid for every repetition. Root keys
 * sign with `test`, a created key with its secret.
 */
export function signed(request, port) {
  const { service, accessKeyId, secretAccessKey = 'test', region = 'eu-west-1', ...http } = request;
  if (!service) return http;
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const host = `127.0.0.1:${port}`;
  const headers = { ...http.headers, host, 'x-amz-date': amzDate };
  const names = Object.keys(headers).map((h) => h.toLowerCase()).filter((h) => h !== 'authorization').sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v).trim()]));
  const canonical = [
    http.method,
    http.path,
    '',
    names.map((h) => `${h}:${lower[h]}\n`).join(''),
    names.join(';'),
    createHash('sha256').update(http.body ?? '').digest('hex'),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key = `AWS4${secretAccessKey}`;
  for (const part of [day, region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  delete headers.authorization;
  return {
    ...http,
    headers: { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` },
  };
}
