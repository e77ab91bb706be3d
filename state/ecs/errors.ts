import { errorCatalog } from '../errors.js';
import { validationMessage, type Violation } from '../violations.js';

/**
 * ECS's error catalog: one entry per situation, with the `__type` name, the status (ECS client
 * errors are all HTTP 400) and AWS's text. Throw sites name the situation and never write text.
 * Texts marked "chosen" are linkstack's where AWS's own wording is not known.
 */
export const ecsErrors = errorCatalog({
  // ---- clusters ----
  clusterNotFound: { code: 'ClusterNotFoundException', status: 400, message: 'Cluster not found.' },
  clusterInactive: {
    code: 'InvalidParameterException',
    status: 400,
    message: 'The specified cluster is inactive. Specify an active cluster and try again.',
  },
  /** Seen from ECS for a `cluster` parameter that is neither an ARN nor a valid name. */
  invalidClusterReference: {
    code: 'InvalidParameterException',
    status: 400,
    message: (value: string) => `Cluster must match ^[a-zA-Z0-9\\-_]{1,255}$, but was ${value}`,
  },
  clusterContainsServices: {
    code: 'ClusterContainsServicesException',
    status: 400,
    message: 'The Cluster cannot be deleted while Services are active.',
  },
  clusterContainsContainerInstances: {
    code: 'ClusterContainsContainerInstancesException',
    status: 400,
    message: 'The Cluster cannot be deleted while Container Instances are active or draining.',
  },
  clusterContainsTasks: { code: 'ClusterContainsTasksException', status: 400, message: 'The Cluster cannot be deleted while Tasks are active.' },

  // ---- services ----
  serviceNotFound: { code: 'ServiceNotFoundException', status: 400, message: 'Service not found.' },
  serviceNotActive: { code: 'ServiceNotActiveException', status: 400, message: 'Service was not ACTIVE.' },
  serviceNotIdempotent: { code: 'InvalidParameterException', status: 400, message: 'Creation of service was not idempotent.' },
  serviceStillDraining: { code: 'InvalidParameterException', status: 400, message: 'Unable to Start a service that is still Draining.' },
  serviceScaledAboveZero: {
    code: 'InvalidParameterException',
    status: 400,
    message: 'The service cannot be stopped while it is scaled above 0.',
  },
  taskDefinitionBlank: { code: 'InvalidParameterException', status: 400, message: 'TaskDefinition can not be blank.' },
  replicaNeedsDesiredCount: {
    code: 'InvalidParameterException',
    status: 400,
    message: 'The desired count must be specified for services using the REPLICA scheduling strategy.',
  },
  // chosen; AWS refuses a desired count for DAEMON services
  daemonTakesNoDesiredCount: {
    code: 'InvalidParameterException',
    status: 400,
    message: 'The desired count cannot be specified for services using the DAEMON scheduling strategy.',
  },
  serviceLinkedRoleUnavailable: {
    code: 'InvalidParameterException',
    status: 400,
    message: 'Unable to assume the service linked role. Please verify that the ECS service linked role exists.',
  },

  // ---- task definitions ----
  taskDefinitionNotFound: { code: 'ClientException', status: 400, message: 'Unable to describe task definition.' },
  taskDefinitionInactive: { code: 'ClientException', status: 400, message: 'TaskDefinition is inactive' },
  // chosen
  taskDefinitionRevisionRequired: {
    code: 'InvalidParameterException',
    status: 400,
    message: 'A revision is required: use family:revision or the task definition ARN.',
  },
  containerListEmpty: { code: 'ClientException', status: 400, message: 'Container list cannot be empty.' },
  containerNameMissing: { code: 'ClientException', status: 400, message: 'Container.name should not be null or empty.' },
  containerImageMissing: { code: 'ClientException', status: 400, message: 'Container.image should not be null or empty.' },
  containerMemoryMissing: {
    code: 'ClientException',
    status: 400,
    message: (containerName: string) =>
      `Invalid setting for container '${containerName}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
  },
  containerNamesNotUnique: { code: 'ClientException', status: 400, message: 'Container names must be unique.' },

  // ---- tasks and container instances ----
  networkConfigurationRequired: {
    code: 'InvalidParameterException',
    status: 400,
    message: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
  },
  noContainerInstances: { code: 'InvalidParameterException', status: 400, message: 'No Container Instances were found in your cluster.' },
  taskNotFound: { code: 'InvalidParameterException', status: 400, message: 'The referenced task was not found.' },
  containerInstanceNotFound: {
    code: 'InvalidParameterException',
    status: 400,
    message: 'The referenced container instance was not found.',
  },
  // chosen
  containerInstanceHasTasks: {
    code: 'InvalidParameterException',
    status: 400,
    message: 'The container instance has running tasks. Stop them first or deregister with force.',
  },

  // ---- ExecuteCommand ----
  interactiveOnly: { code: 'InvalidParameterException', status: 400, message: 'Interactive is the only mode supported currently.' },
  executeCommandNotEnabled: {
    code: 'InvalidParameterException',
    status: 400,
    message:
      "The execute command failed because execute command was not enabled when the task was run or the execute command agent isn't running. Wait and try again or run a new task with execute command enabled and try again.",
  },
  taskNotRunning: { code: 'InvalidParameterException', status: 400, message: 'The execute command failed because the task is not running.' },
  containerNotFound: {
    code: 'InvalidParameterException',
    status: 400,
    message: (name: string) => `The container ${name} does not exist in the task.`,
  },
  containerRequired: {
    code: 'InvalidParameterException',
    status: 400,
    message: 'The container name is required for tasks with more than one container.',
  },

  // ---- tagging and paging ----
  resourceNotFound: { code: 'ResourceNotFoundException', status: 400, message: 'The specified resource could not be found.' },
  longArnRequired: { code: 'InvalidParameterException', status: 400, message: 'Long arn format must be used for tagging operations' },
  invalidNextToken: { code: 'InvalidParameterException', status: 400, message: 'The specified nextToken is not valid.' },

  // ---- the request itself ----
  validation: {
    code: 'InvalidParameterException',
    status: 400,
    message: (violations: readonly Violation[]) => validationMessage(violations),
  },
  server: { code: 'ServerException', status: 500, message: 'Service Unavailable. Please try again later.' },
});
