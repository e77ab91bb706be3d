import { AwsError } from '../errors.js';

/** ECS's error catalog: `__type` names and AWS's texts. ECS client errors are all HTTP 400. */
export const ecsErrors = {
  clusterNotFound: () => new AwsError('ClusterNotFoundException', 'Cluster not found.', 400),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message, 400),
  client: (message: string) => new AwsError('ClientException', message, 400),
  server: () => new AwsError('ServerException', 'Service Unavailable. Please try again later.', 500),
};
