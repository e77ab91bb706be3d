import { defineOperation } from '../../operation.js';
import { struct } from '../../shapes.js';

export const getCallerIdentity = defineOperation({
  name: 'GetCallerIdentity',
  input: struct({}),
  handle(_input, ctx) {
    const p = ctx.principal;
    return { UserId: p.userId, Account: p.accountId, Arn: p.arn };
  },
  // No permission is needed: AWS answers it even under an explicit deny of everything.
  authorize: () => [],
});
