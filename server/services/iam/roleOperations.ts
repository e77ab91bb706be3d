import { defineOperation } from '../../operation.js';
import { req, struct } from '../../shapes.js';
import { roleName } from './fields.js';
import { roleOutput } from './output.js';

export const getRole = defineOperation({
  name: 'GetRole',
  input: struct({ RoleName: req(roleName()) }),
  handle(input, ctx) {
    return { Role: roleOutput(ctx.account.iam.roles.get(input.RoleName)) };
  },
});

export const roleOperations = [getRole];
