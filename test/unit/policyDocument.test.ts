import { describe, expect, it } from 'vitest';
import { parsePolicyDocument, parseTrustPolicyDocument } from '../../state/policy/document.js';

const seedCreateStatement = {
  Effect: 'Allow',
  Action: ['iam:CreateServiceLinkedRole'],
  Resource: 'arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS*',
  Condition: { StringLike: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
};

function rejection(parse: (t: string) => unknown, text: string) {
  try {
    parse(text);
  } catch (e) {
    return { code: (e as any).code, status: (e as any).status, message: (e as Error).message };
  }
  throw new Error('expected the document to be rejected');
}

const identity = (doc: unknown) => rejection(parsePolicyDocument, typeof doc === 'string' ? doc : JSON.stringify(doc));
const trust = (doc: unknown) => rejection(parseTrustPolicyDocument, JSON.stringify(doc));
const withStatement = (s: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [s] });

describe('parsePolicyDocument (identity-based policies)', () => {
  it('normalizes the seed statement: lists everywhere, conditions taken apart', () => {
    const doc = parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Statement: seedCreateStatement }));
    expect(doc).toEqual({
      version: '2012-10-17',
      statements: [
        {
          effect: 'Allow',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: ['arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS*'],
          conditions: [
            {
              operator: 'StringLike',
              baseOperator: 'StringLike',
              setQualifier: undefined,
              ifExists: false,
              key: 'iam:AWSServiceName',
              values: ['ecs.amazonaws.com'],
            },
          ],
        },
      ],
    });
  });

  it('reads set qualifiers, IfExists and non-string condition values', () => {
    const doc = parsePolicyDocument(
      JSON.stringify(
        withStatement({
          Effect: 'Deny',
          NotAction: 'iam:*',
          NotResource: ['arn:aws:iam::*:user/x'],
          Condition: { 'ForAnyValue:NumericLessThanIfExists': { 'aws:MultiFactorAuthAge': [3600, 60] }, Bool: { 'aws:SecureTransport': false } },
        }),
      ),
    );
    expect(doc.statements[0]!.conditions).toEqual([
      expect.objectContaining({ baseOperator: 'NumericLessThan', setQualifier: 'ForAnyValue', ifExists: true, values: ['3600', '60'] }),
      expect.objectContaining({ baseOperator: 'Bool', values: ['false'] }),
    ]);
    expect(doc.statements[0]).toMatchObject({ effect: 'Deny', notActions: ['iam:*'], notResources: ['arn:aws:iam::*:user/x'] });
  });

  it.each([
    ['broken JSON', '{"Version": "2012-10-17", "Statement": [', 'Syntax errors in policy.'],
    ['a JSON array', '[]', 'Syntax errors in policy.'],
    ['an unknown top-level element', { Version: '2012-10-17', Statement: [seedCreateStatement], Extra: 1 }, 'Syntax errors in policy.'],
    ['an unknown statement element', withStatement({ ...seedCreateStatement, Foo: 'x' }), 'Syntax errors in policy.'],
    ['no Statement', { Version: '2012-10-17' }, 'Syntax errors in policy.'],
    ['an unknown Version', { Version: '2012-10-18', Statement: [seedCreateStatement] }, 'The policy failed legacy parsing'],
    ['a lower-case Effect', withStatement({ ...seedCreateStatement, Effect: 'allow' }), 'The policy failed legacy parsing'],
    ['no Effect', withStatement({ Action: 'iam:GetRole', Resource: '*' }), 'Missing required field Effect'],
    ['a Principal', withStatement({ ...seedCreateStatement, Principal: { AWS: '*' } }), 'Policy document should not specify a principal.'],
    ['a NotPrincipal', withStatement({ ...seedCreateStatement, NotPrincipal: { AWS: '*' } }), 'Policy document should not specify a principal.'],
    ['no Action', withStatement({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.'],
    ['an empty Action list', withStatement({ Effect: 'Allow', Action: [], Resource: '*' }), 'Policy statement must contain actions.'],
    ['Action with NotAction', withStatement({ Effect: 'Allow', Action: 'iam:GetRole', NotAction: 'iam:GetUser', Resource: '*' }), 'Syntax errors in policy.'],
    ['Resource with NotResource', withStatement({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', NotResource: '*' }), 'Syntax errors in policy.'],
    ['no Resource', withStatement({ Effect: 'Allow', Action: 'iam:GetRole' }), 'Policy statement must contain resources.'],
    ['an action without a vendor', withStatement({ Effect: 'Allow', Action: 'GetRole', Resource: '*' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['an action with two colons', withStatement({ Effect: 'Allow', Action: 'iam:Get:Role', Resource: '*' }), 'Actions/Condition can contain only one colon.'],
    ['an Action that is an object', withStatement({ Effect: 'Allow', Action: { a: 1 }, Resource: '*' }), 'Syntax errors in policy.'],
    ['a resource that is not an ARN', withStatement({ Effect: 'Allow', Action: 'iam:GetRole', Resource: 'role/x' }), 'Resource role/x must be in ARN format or "*".'],
    ['an unknown partition', withStatement({ Effect: 'Allow', Action: 'iam:GetRole', Resource: 'arn:awz:iam::1:role/x' }), 'Partition "awz" is not valid for resource "arn:awz:iam::1:role/x".'],
    ['a non-alphanumeric Sid', withStatement({ ...seedCreateStatement, Sid: 'a-b' }), 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*'],
    ['duplicate Sids', { Version: '2012-10-17', Statement: [{ ...seedCreateStatement, Sid: 'A' }, { ...seedCreateStatement, Sid: 'A' }] }, 'Statement IDs (SID) in a single policy must be unique.'],
    ['an unknown condition operator', withStatement({ ...seedCreateStatement, Condition: { StringLikes: { 'iam:AWSServiceName': 'x' } } }), 'Syntax errors in policy.'],
    ['NullIfExists', withStatement({ ...seedCreateStatement, Condition: { NullIfExists: { 'aws:TagKeys': 'true' } } }), 'Syntax errors in policy.'],
    ['a condition key without a vendor', withStatement({ ...seedCreateStatement, Condition: { StringLike: { AWSServiceName: 'x' } } }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['a condition value that is an object', withStatement({ ...seedCreateStatement, Condition: { StringLike: { 'iam:AWSServiceName': { a: 1 } } } }), 'Syntax errors in policy.'],
  ])('rejects %s with MalformedPolicyDocument', (_what, doc, message) => {
    expect(identity(doc)).toEqual({ code: 'MalformedPolicyDocument', status: 400, message });
  });
});

describe('parseTrustPolicyDocument (role trust policies)', () => {
  const ecsTrust = { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' };

  it('accepts the ECS trust policy and keeps its principal', () => {
    const doc = parseTrustPolicyDocument(JSON.stringify(withStatement(ecsTrust)));
    expect(doc.statements[0]).toMatchObject({ principal: { Service: ['ecs.amazonaws.com'] }, actions: ['sts:AssumeRole'] });
    expect(doc.statements[0]!.resources).toBeUndefined();
  });

  it.each([
    ['no Principal', withStatement({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'Missing required field Principal'],
    ['no Action', withStatement({ Effect: 'Allow', Principal: { AWS: '123456789012' } }), 'Missing required field Action'],
    ['a Resource', withStatement({ ...ecsTrust, Resource: '*' }), 'Has prohibited field Resource'],
    ['an invalid AWS principal', withStatement({ ...ecsTrust, Principal: { AWS: 'bob' } }), 'Invalid principal in policy: "AWS":"bob"'],
    ['an unknown principal type', withStatement({ ...ecsTrust, Principal: { Robot: 'x' } }), 'Syntax errors in policy.'],
  ])('rejects %s with MalformedPolicyDocument', (_what, doc, message) => {
    expect(trust(doc)).toEqual({ code: 'MalformedPolicyDocument', status: 400, message });
  });
});
