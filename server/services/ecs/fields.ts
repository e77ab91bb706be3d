import { any, bool, double, enumOf, int, list, req, str, struct } from '../../shapes.js';

/** ECS's reusable input shapes, from the service model and the API reference's documented limits. */

/** Cluster, service and family names: up to 255 letters, numbers, underscores and hyphens. */
export const resourceName = () => str({ pattern: '[a-zA-Z0-9_-]{1,255}' });

export const tag = () => struct({ key: req(str({ min: 1, max: 128 })), value: req(str({ min: 0, max: 256 })) });
export const tags = () => list(tag(), { max: 50 });
export const tagKeys = () => list(str({ min: 1, max: 128 }), { max: 50 });

export const nextToken = () => str();
/** `maxResults` is 1–100 wherever ECS pages. */
export const maxResults = () => int({ min: 1, max: 100 });

export const launchType = () => enumOf(['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'] as const);
export const schedulingStrategy = () => enumOf(['REPLICA', 'DAEMON'] as const);
export const propagateTags = () => enumOf(['TASK_DEFINITION', 'SERVICE', 'NONE'] as const);

export const keyValuePair = () => struct({ name: req(str()), value: req(str()) });

export const capacityProviderStrategy = () =>
  list(struct({ capacityProvider: req(str()), weight: int({ min: 0, max: 1000 }), base: int({ min: 0, max: 100000 }) }));

export const networkConfiguration = () =>
  struct({
    awsvpcConfiguration: struct({
      subnets: req(list(str())),
      securityGroups: list(str()),
      assignPublicIp: enumOf(['ENABLED', 'DISABLED'] as const),
    }),
  });

export const placementConstraints = () =>
  list(struct({ type: enumOf(['distinctInstance', 'memberOf'] as const), expression: str({ max: 2000 }) }), { max: 10 });
export const placementStrategy = () =>
  list(struct({ type: enumOf(['random', 'spread', 'binpack'] as const), field: str({ max: 255 }) }), { max: 5 });

export const loadBalancers = () =>
  list(struct({ targetGroupArn: str(), loadBalancerName: str(), containerName: str(), containerPort: int() }));

export const serviceRegistries = () =>
  list(struct({ registryArn: str(), port: int(), containerName: str(), containerPort: int() }));

export const deploymentController = () =>
  struct({ type: enumOf(['ECS', 'CODE_DEPLOY', 'EXTERNAL'] as const) });

/** Structures ECS only echoes back in linkstack: their JSON types are checked, not their contents. */
export const opaque = () => any();

export const resource = () =>
  struct({
    name: str(),
    type: str(),
    doubleValue: double(),
    longValue: int({ long: true }),
    integerValue: int(),
    stringSetValue: list(str()),
  });

export const attribute = () =>
  struct({
    name: req(str()),
    value: str(),
    targetType: enumOf(['container-instance'] as const),
    targetId: str(),
  });

export const includeOf = <const E extends readonly string[]>(values: E) => list(enumOf(values));

export const forceFlag = () => bool();
