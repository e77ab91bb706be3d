import { defineOperation } from '../../operation.js';
import { req, struct } from '../../shapes.js';
import { customSuffix, roleDescription, serviceName } from './fields.js';
import { roleOutput } from './output.js';

export const createServiceLinkedRole = defineOperation({
  name: 'CreateServiceLinkedRole',
  input: struct({
    AWSServiceName: req(serviceName()),
    Description: roleDescription(),
    CustomSuffix: customSuffix(),
  }),
  handle(input, ctx) {
    const role = ctx.account.iam.roles.createServiceLinkedRole(input.AWSServiceName, ctx.now, {
      description: input.Description,
      customSuffix: input.CustomSuffix,
    });
    return { Role: roleOutput(role) };
  },
});

export const serviceLinkedRoleOperations = [createServiceLinkedRole];
