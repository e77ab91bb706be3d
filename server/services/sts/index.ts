import { AwsError } from '../../../state/errors.js';
import { defineOperation, operationTable, type QueryService } from '../../operation.js';
import { struct, validationMessage } from '../../shapes.js';

export const getCallerIdentity = defineOperation({
  name: 'GetCallerIdentity',
  input: struct({}),
  handle(_input, ctx) {
    const p = ctx.principal;
    return { UserId: p.accountId, Account: p.accountId, Arn: p.arn };
  },
  // GetCallerIdentity needs no permission: AWS answers it even under an explicit deny.
});

export const stsService: QueryService = {
  name: 'sts',
  protocol: 'query',
  version: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: operationTable([getCallerIdentity]),
  validationError: (violations) => new AwsError('ValidationError', validationMessage(violations), 400),
  internalError: () => new AwsError('InternalFailure', 'An internal error occurred. Please try again.', 500),
};
