import {
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

const ECS_ROLE_ARN = 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS';
const seedCreate = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: 'arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS*',
      Condition: { StringLike: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
    },
  ],
});

describe('SimulatePrincipalPolicy', () => {
  it("answers which of AmazonECSServiceRolePolicy's actions the ECS role may perform", async () => {
    const iam = emu.iam();
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const { EvaluationResults } = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: ECS_ROLE_ARN,
        ActionNames: ['ec2:DescribeInstances', 'ec2:RunInstances', 'logs:CreateLogGroup', 'ssm:StartSession'],
        ResourceArns: ['arn:aws:logs:eu-west-1:000000000000:log-group:/aws/ecs/x'],
      }),
    );
    expect(EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
      ['ec2:DescribeInstances', 'allowed'],
      ['ec2:RunInstances', 'implicitDeny'],
      ['logs:CreateLogGroup', 'allowed'],
      ['ssm:StartSession', 'implicitDeny'],
    ]);
    expect(EvaluationResults![0]!.MatchedStatements).toEqual([
      {
        SourcePolicyId: 'AmazonECSServiceRolePolicy',
        SourcePolicyType: 'aws-managed',
        StartPosition: { Line: expect.any(Number), Column: expect.any(Number) },
        EndPosition: { Line: expect.any(Number), Column: expect.any(Number) },
      },
    ]);
    // Same account and named resources: EvalDecisionDetails present and empty, as AWS documents.
    expect(EvaluationResults![0]!.EvalDecisionDetails).toEqual({});
    expect(EvaluationResults![0]!.ResourceSpecificResults).toEqual([
      expect.objectContaining({ EvalResourceName: 'arn:aws:logs:eu-west-1:000000000000:log-group:/aws/ecs/x', EvalResourceDecision: 'allowed' }),
    ]);
  });

  it('evaluates the AutoScalingManagement Null condition from context entries', async () => {
    const iam = emu.iam();
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const ask = (entries: { ContextKeyName: string; ContextKeyValues: string[]; ContextKeyType: 'string' }[]) =>
      iam.send(
        new SimulatePrincipalPolicyCommand({ PolicySourceArn: ECS_ROLE_ARN, ActionNames: ['autoscaling:UpdateAutoScalingGroup'], ContextEntries: entries }),
      );
    const without = await ask([]);
    expect(without.EvaluationResults![0]!.EvalDecision).toBe('implicitDeny');
    expect(without.EvaluationResults![0]!.EvalDecisionDetails).toBeUndefined();
    const tagged = await ask([{ ContextKeyName: 'autoscaling:ResourceTag/AmazonECSManaged', ContextKeyValues: ['true'], ContextKeyType: 'string' }]);
    expect(tagged.EvaluationResults![0]!.EvalDecision).toBe('allowed');
  });

  it('uses a user own policies, with PolicyInputList added', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'creator' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'creator', PolicyName: 'seed', PolicyDocument: seedCreate }));
    const { EvaluationResults } = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: 'arn:aws:iam::000000000000:user/creator',
        ActionNames: ['iam:CreateServiceLinkedRole'],
        ResourceArns: [ECS_ROLE_ARN],
        ContextEntries: [{ ContextKeyName: 'iam:AWSServiceName', ContextKeyValues: ['ecs.amazonaws.com'], ContextKeyType: 'string' }],
        PolicyInputList: [
          JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:GetRole', Resource: '*' }] }),
        ],
      }),
    );
    expect(EvaluationResults![0]).toMatchObject({
      EvalDecision: 'allowed',
      MatchedStatements: [{ SourcePolicyId: 'seed', SourcePolicyType: 'user', StartPosition: { Line: 1, Column: 38 } }],
    });
  });

  it('reports the condition keys the simulation lacked', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'creator' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'creator', PolicyName: 'seed', PolicyDocument: seedCreate }));
    const { EvaluationResults } = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: 'arn:aws:iam::000000000000:user/creator',
        ActionNames: ['iam:CreateServiceLinkedRole'],
        ResourceArns: [ECS_ROLE_ARN],
      }),
    );
    expect(EvaluationResults![0]!.EvalDecision).toBe('implicitDeny');
    expect(EvaluationResults![0]!.MissingContextValues).toEqual(['iam:AWSServiceName']);
  });

  it('answers an unknown source with NoSuchEntity', async () => {
    const e = await caught(
      emu.iam().send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::000000000000:user/ghost', ActionNames: ['iam:GetRole'] })),
    );
    expect(e.name).toBe('NoSuchEntityException');
  });
});

describe('SimulateCustomPolicy', () => {
  it('evaluates the given policies: explicit Deny wins and is reported', async () => {
    const { EvaluationResults } = await emu.iam().send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [
          JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*' }] }),
          JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ecs:DeleteCluster', Resource: '*' }] }),
        ],
        ActionNames: ['ecs:CreateCluster', 'ecs:DeleteCluster', 's3:GetObject'],
      }),
    );
    expect(EvaluationResults!.map((r) => r.EvalDecision)).toEqual(['allowed', 'explicitDeny', 'implicitDeny']);
    // Positions are the line and column of the statement's braces in the policy as sent.
    expect(EvaluationResults![1]!.MatchedStatements).toEqual([
      { SourcePolicyId: 'PolicyInputList.2', SourcePolicyType: 'none', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 98 } },
    ]);
    expect(EvaluationResults![0]!.EvalResourceName).toBe('*');
  });

  it('aggregates resources with the most restrictive decision, and gives each resource its own', async () => {
    const { EvaluationResults } = await emu.iam().send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [
          JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:DeleteCluster', Resource: 'arn:aws:ecs:*:*:cluster/dev-*' }] }),
        ],
        ActionNames: ['ecs:DeleteCluster'],
        ResourceArns: ['arn:aws:ecs:eu-west-1:000000000000:cluster/dev-1', 'arn:aws:ecs:eu-west-1:000000000000:cluster/prod'],
      }),
    );
    expect(EvaluationResults).toHaveLength(1);
    expect(EvaluationResults![0]!.EvalDecision).toBe('implicitDeny');
    expect(EvaluationResults![0]!.ResourceSpecificResults!.map((r) => r.EvalResourceDecision)).toEqual(['allowed', 'implicitDeny']);
  });

  it('refuses a malformed input policy with InvalidInput', async () => {
    const e = await caught(
      emu.iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{not json'], ActionNames: ['ecs:CreateCluster'] })),
    );
    expect(e.name).toBe('InvalidInputException');
    expect(e.message).toBe('Syntax errors in policy.');
  });

  it('lets a resource policy grant a named caller in the same account', async () => {
    const { EvaluationResults } = await emu.iam().send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:ListQueues', Resource: '*' }] })],
        ResourcePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/alice' }, Action: 's3:GetObject', Resource: '*' }],
        }),
        CallerArn: 'arn:aws:iam::000000000000:user/alice',
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::b/k'],
      }),
    );
    expect(EvaluationResults![0]!.EvalDecision).toBe('allowed');
    expect(EvaluationResults![0]!.MatchedStatements).toEqual([
      { SourcePolicyId: 'ResourcePolicy', SourcePolicyType: 'resource', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 153 } },
    ]);
  });
});
