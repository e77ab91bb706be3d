/**
 * IAM and STS ARNs, built and read in one place: the registries name their entities with these,
 * and the operations' `authorize` names the resources they act on with the same builders, so an
 * entity's ARN and the ARN a policy is checked against can never drift apart.
 */

/** Every service-linked role lives under this path prefix; CreateRole may not use it. */
export const SERVICE_ROLE_PATH_PREFIX = '/aws-service-role/';

/** `/aws-service-role/<service principal>/`: the path of a service's linked roles. */
export function serviceLinkedRolePath(servicePrincipal: string): string {
  return `${SERVICE_ROLE_PATH_PREFIX}${servicePrincipal}/`;
}

export type IamEntityType = 'role' | 'user' | 'group' | 'policy';

const iam = (accountId: string, type: IamEntityType, path: string, name: string) =>
  `arn:aws:iam::${accountId}:${type}${path}${name}`;

export const iamArn = {
  root: (accountId: string) => `arn:aws:iam::${accountId}:root`,
  role: (accountId: string, path: string, name: string) => iam(accountId, 'role', path, name),
  user: (accountId: string, path: string, name: string) => iam(accountId, 'user', path, name),
  group: (accountId: string, path: string, name: string) => iam(accountId, 'group', path, name),
  policy: (accountId: string, path: string, name: string) => iam(accountId, 'policy', path, name),
  instanceProfile: (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:instance-profile${path}${name}`,
  /** An OIDC identity provider, named by its issuer URL without the scheme. */
  oidcProvider: (accountId: string, urlWithoutScheme: string) => `arn:aws:iam::${accountId}:oidc-provider/${urlWithoutScheme}`,
  /** A service-linked role, at its service's path. */
  serviceLinkedRole: (accountId: string, servicePrincipal: string, roleName: string) =>
    iam(accountId, 'role', serviceLinkedRolePath(servicePrincipal), roleName),
};

export const stsArn = {
  /** What a role session acts as: `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  assumedRole: (accountId: string, roleName: string, sessionName: string) =>
    `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
};

export interface ParsedIamArn {
  /** Twelve digits, or `aws` for AWS managed policies. */
  accountId: string;
  type: IamEntityType;
  /** `/` or `/a/b/`. */
  path: string;
  name: string;
}

const IAM_ARN = /^arn:aws:iam::(aws|\d{12}):(role|user|group|policy)(\/(?:.*\/)?)([^/]+)$/;

/** The parts of an IAM role, user, group or policy ARN, or undefined for anything else. */
export function parseIamArn(value: string): ParsedIamArn | undefined {
  const m = IAM_ARN.exec(value);
  if (!m) return undefined;
  return { accountId: m[1]!, type: m[2] as IamEntityType, path: m[3]!, name: m[4]! };
}

/** The parts of an IAM ARN of the given types in a 12-digit account (not `aws`), or undefined. */
export function parseAccountIamArn(value: string, ...types: IamEntityType[]): ParsedIamArn | undefined {
  const parsed = parseIamArn(value);
  return parsed && parsed.accountId !== 'aws' && types.includes(parsed.type) ? parsed : undefined;
}
