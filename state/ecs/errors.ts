import { AwsError } from '../errors.js';

/**
 * ECS's error catalog: `__type` names and AWS's texts. ECS client errors are all HTTP 400.
 * Texts marked "chosen" are linkstack's where AWS's own wording is not known.
 */
export const ecsErrors = {
  clusterNotFound: () => new AwsError('ClusterNotFoundException', 'Cluster not found.', 400),
  clusterInactive: () =>
    new AwsError('InvalidParameterException', 'The specified cluster is inactive. Specify an active cluster and try again.', 400),
  /** Seen from ECS for a `cluster` parameter that is neither an ARN nor a valid name. */
  invalidClusterReference: (value: string) =>
    new AwsError('InvalidParameterException', `Cluster must match ^[a-zA-Z0-9\\-_]{1,255}$, but was ${value}`, 400),
  clusterContainsServices: () =>
    new AwsError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.', 400),
  clusterContainsContainerInstances: () =>
    new AwsError(
      'ClusterContainsContainerInstancesException',
      'The Cluster cannot be deleted while Container Instances are active or draining.',
      400,
    ),
  clusterContainsTasks: () =>
    new AwsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.', 400),
  serviceNotFound: () => new AwsError('ServiceNotFoundException', 'Service not found.', 400),
  serviceNotActive: () => new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.', 400),
  serviceNotIdempotent: () => new AwsError('InvalidParameterException', 'Creation of service was not idempotent.', 400),
  serviceStillDraining: () =>
    new AwsError('InvalidParameterException', 'Unable to Start a service that is still Draining.', 400),
  serviceScaledAboveZero: () =>
    new AwsError('InvalidParameterException', 'The service cannot be stopped while it is scaled above 0.', 400),
  taskDefinitionNotFound: () => new AwsError('ClientException', 'Unable to describe task definition.', 400),
  taskDefinitionInactive: () => new AwsError('ClientException', 'TaskDefinition is inactive', 400),
  networkConfigurationRequired: () =>
    new AwsError(
      'InvalidParameterException',
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
      400,
    ),
  taskNotFound: () => new AwsError('InvalidParameterException', 'The referenced task was not found.', 400),
  containerInstanceNotFound: () =>
    new AwsError('InvalidParameterException', 'The referenced container instance was not found.', 400),
  // chosen
  containerInstanceHasTasks: () =>
    new AwsError(
      'InvalidParameterException',
      'The container instance has running tasks. Stop them first or deregister with force.',
      400,
    ),
  executeCommandNotEnabled: () =>
    new AwsError(
      'InvalidParameterException',
      "The execute command failed because execute command was not enabled when the task was run or the execute command agent isn't running. Wait and try again or run a new task with execute command enabled and try again.",
      400,
    ),
  taskNotRunning: () =>
    new AwsError('InvalidParameterException', 'The execute command failed because the task is not running.', 400),
  containerNotFound: (name: string) =>
    new AwsError('InvalidParameterException', `The container ${name} does not exist in the task.`, 400),
  containerRequired: () =>
    new AwsError(
      'InvalidParameterException',
      'The container name is required for tasks with more than one container.',
      400,
    ),
  resourceNotFound: () => new AwsError('ResourceNotFoundException', 'The specified resource could not be found.', 400),
  invalidNextToken: () => new AwsError('InvalidParameterException', 'The specified nextToken is not valid.', 400),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message, 400),
  client: (message: string) => new AwsError('ClientException', message, 400),
  server: () => new AwsError('ServerException', 'Service Unavailable. Please try again later.', 500),
};
