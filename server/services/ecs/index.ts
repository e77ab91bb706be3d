import { ecsErrors } from '../../../state/ecs/errors.js';
import { AwsError } from '../../../state/errors.js';
import { operationTable, type JsonService } from '../../operation.js';
import { validationMessage } from '../../shapes.js';

export const ecsService: JsonService = {
  name: 'ecs',
  protocol: 'json',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  operations: operationTable(),
  validationError: (violations) => ecsErrors.invalidParameter(validationMessage(violations)),
  internalError: ecsErrors.server,
  serializationError: (message) => new AwsError('SerializationException', message, 400),
  unknownOperation: () => new AwsError('UnknownOperationException', '', 400),
};
