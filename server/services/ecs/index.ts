import { ecsErrors } from '../../../state/ecs/errors.js';
import { AwsError } from '../../../state/errors.js';
import { operationTable, type JsonService } from '../../operation.js';
import { validationMessage } from '../../shapes.js';
import { clusterOperations } from './clusterOperations.js';
import { containerInstanceOperations } from './containerInstanceOperations.js';
import { executeCommand } from './executeCommand.js';
import { serviceOperations } from './serviceOperations.js';
import { tagOperations } from './tagOperations.js';
import { taskDefinitionOperations } from './taskDefinitionOperations.js';
import { taskOperations } from './taskOperations.js';

export const ecsService: JsonService = {
  name: 'ecs',
  protocol: 'json',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  operations: operationTable(
    clusterOperations,
    taskDefinitionOperations,
    serviceOperations,
    containerInstanceOperations,
    taskOperations,
    [executeCommand],
    tagOperations,
  ),
  validationError: (violations) => ecsErrors.invalidParameter(validationMessage(violations)),
  internalError: ecsErrors.server,
  serializationError: (message) => new AwsError('SerializationException', message, 400),
  unknownOperation: () => new AwsError('UnknownOperationException', '', 400),
};
