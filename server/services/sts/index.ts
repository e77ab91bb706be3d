import { stsErrors } from '../../../state/sts/errors.js';
import { operationTable, type QueryService } from '../../operation.js';
import { assumeRole } from './assumeRole.js';
import { assumeRoleWithWebIdentity } from './assumeRoleWithWebIdentity.js';
import { getCallerIdentity } from './callerIdentity.js';
import { queryAuthErrors } from '../../protocols/errors.js';

export const stsService: QueryService = {
  name: 'sts',
  protocol: 'query',
  version: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: operationTable([getCallerIdentity, assumeRole, assumeRoleWithWebIdentity]),
  validationError: stsErrors.validation,
  authErrors: queryAuthErrors,
  internalError: stsErrors.internalFailure,
};
