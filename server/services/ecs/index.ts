import { ecsErrors } from '../../../state/ecs/errors.js';
import { operationTable, type JsonService } from '../../operation.js';
import { accountSettingOperations } from './accountSettingOperations.js';
import { capacityProviderOperations } from './capacityProviderOperations.js';
import { awsJson11 } from '../../protocols/json.js';
import { clusterOperations } from './clusterOperations.js';
import { containerInstanceOperations } from './containerInstanceOperations.js';
import { executeCommand } from './executeCommand.js';
import { serviceDeploymentOperations } from './serviceDeploymentOperations.js';
import { serviceOperations } from './serviceOperations.js';
import { tagOperations } from './tagOperations.js';
import { taskDefinitionOperations } from './taskDefinitionOperations.js';
import { taskOperations } from './taskOperations.js';
import { jsonAuthErrors } from '../../protocols/errors.js';

export const ecsService: JsonService = {
  name: 'ecs',
  protocol: awsJson11,
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  operations: operationTable(
    clusterOperations,
    taskDefinitionOperations,
    serviceOperations,
    containerInstanceOperations,
    taskOperations,
    [executeCommand],
    tagOperations,
    capacityProviderOperations,
    accountSettingOperations,
    serviceDeploymentOperations,
  ),
  validationError: ecsErrors.validation,
  authErrors: jsonAuthErrors,
  internalError: ecsErrors.server,
};
