import { iamErrors } from '../../../state/iam/errors.js';
import { operationTable, withResultWrappers, type QueryService } from '../../operation.js';
import { awsQuery } from '../../protocols/query.js';
import { accessAdvisorOperations } from './accessAdvisorOperations.js';
import { accessKeyOperations } from './accessKeyOperations.js';
import { accountOperations } from './accountOperations.js';
import { deletionOperations } from './deletionOperations.js';
import { groupOperations } from './groupOperations.js';
import { instanceProfileOperations } from './instanceProfileOperations.js';
import { managedPolicyOperations } from './managedPolicyOperations.js';
import { openIdConnectProviderOperations } from './openIdConnectProviderOperations.js';
import { roleOperations } from './roleOperations.js';
import { serviceLinkedRoleOperations } from './serviceLinkedRoleOperations.js';
import { simulateOperations } from './simulateOperations.js';
import { userOperations } from './userOperations.js';
import { queryAuthErrors } from '../../protocols/errors.js';

export const iamService: QueryService = {
  name: 'iam',
  protocol: awsQuery,
  version: '2010-05-08',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  // The model wraps every output in <Op>Result.
  operations: withResultWrappers(operationTable(
    roleOperations,
    serviceLinkedRoleOperations,
    managedPolicyOperations,
    deletionOperations,
    accessAdvisorOperations,
    userOperations,
    groupOperations,
    accessKeyOperations,
    simulateOperations,
    instanceProfileOperations,
    openIdConnectProviderOperations,
    accountOperations,
  )),
  validationError: iamErrors.validation,
  authErrors: queryAuthErrors,
  internalError: iamErrors.serviceFailure,
};
