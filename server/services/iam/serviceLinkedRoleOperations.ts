import { iamArn } from '../../../state/arns.js';
import { findLinkedService } from '../../../state/iam/serviceLinkedRoleCatalog.js';
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
  // The seed's statements name the role ARN and scope it with iam:AWSServiceName.
  authorize(input, ctx) {
    const service = findLinkedService(input.AWSServiceName);
    const name = service ? service.roleName + (input.CustomSuffix ? `_${input.CustomSuffix}` : '') : '*';
    return {
      action: 'iam:CreateServiceLinkedRole',
      resource: iamArn.serviceLinkedRole(ctx.account.id, input.AWSServiceName, name),
      context: { 'iam:AWSServiceName': input.AWSServiceName },
    };
  },
});

export const serviceLinkedRoleOperations = [createServiceLinkedRole];
