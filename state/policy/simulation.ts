import type { PolicyDocument } from './document.js';
import { evaluate, type Decision, type Evaluation, type MatchedStatement, type PolicySource } from './evaluator.js';
import type { RequestValues } from './requestValues.js';

/**
 * The policy simulator (SimulatePrincipalPolicy / SimulateCustomPolicy) on top of the same
 * evaluator that enforcement uses: one result per action, aggregating its resources with the
 * most restrictive decision, and the decision for each resource alongside.
 */

export interface SimulationInput {
  identity: PolicySource[];
  /** Permissions boundary policies: when present they must allow too. */
  boundary?: PolicySource[];
  resourcePolicy?: PolicyDocument;
  resourcePolicyText?: string;
  /** Who the resource policy is asked about. */
  caller?: { arn: string; accountId: string };
  /** The account that owns the resources; a different one from the caller's needs both sides to allow. */
  resourceOwnerAccountId?: string;
  actions: string[];
  resources: string[];
  values: RequestValues;
}

export interface ResourceResult {
  resource: string;
  decision: Decision;
  matchedStatements: MatchedStatement[];
  missingContextValues: string[];
  /** Set when boundary policies took part. */
  allowedByPermissionsBoundary?: boolean;
}

export interface ActionResult extends Omit<ResourceResult, 'resource'> {
  action: string;
  resources: ResourceResult[];
}

const RESTRICTIVENESS: Record<Decision, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };

function union(lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

function simulateOne(input: SimulationInput, action: string, resource: string): ResourceResult {
  const q = { action, resource, values: input.values };
  const identity = evaluate(input.identity, q);
  const boundary = input.boundary && input.boundary.length > 0 ? evaluate(input.boundary, q) : undefined;
  const resourcePolicy =
    input.resourcePolicy && input.caller
      ? evaluate([{ id: 'ResourcePolicy', type: 'resource', document: input.resourcePolicy, text: input.resourcePolicyText }], {
          ...q,
          principal: { arns: [input.caller.arn], accountId: input.caller.accountId },
        })
      : undefined;
  const parts = [identity, boundary, resourcePolicy].filter((e): e is Evaluation => e !== undefined);
  const missingContextValues = union(parts.map((p) => p.missingContextValues));
  const allowedByPermissionsBoundary = boundary ? boundary.decision === 'allowed' : undefined;
  const denying = parts.filter((p) => p.decision === 'explicitDeny');
  if (denying.length > 0) {
    return {
      resource,
      decision: 'explicitDeny',
      matchedStatements: denying.flatMap((p) => p.matchedStatements),
      missingContextValues,
      allowedByPermissionsBoundary,
    };
  }
  const identityAllows = identity.decision === 'allowed' && (!boundary || boundary.decision === 'allowed');
  const resourceAllows = resourcePolicy?.decision === 'allowed';
  const crossAccount =
    input.resourcePolicy !== undefined &&
    input.caller !== undefined &&
    input.resourceOwnerAccountId !== undefined &&
    input.resourceOwnerAccountId !== input.caller.accountId;
  const allowed = crossAccount ? identityAllows && resourceAllows : identityAllows || resourceAllows;
  const matchedStatements = allowed
    ? [...(identityAllows ? identity.matchedStatements : []), ...(resourceAllows ? resourcePolicy!.matchedStatements : [])]
    : [];
  return { resource, decision: allowed ? 'allowed' : 'implicitDeny', matchedStatements, missingContextValues, allowedByPermissionsBoundary };
}

export function simulate(input: SimulationInput): ActionResult[] {
  const resources = input.resources.length > 0 ? input.resources : ['*'];
  return input.actions.map((action) => {
    const results = resources.map((r) => simulateOne(input, action, r));
    const worst = results.reduce((a, b) => (RESTRICTIVENESS[b.decision] > RESTRICTIVENESS[a.decision] ? b : a));
    const decidedBy = results.filter((r) => r.decision === worst.decision);
    return {
      action,
      decision: worst.decision,
      matchedStatements: decidedBy.flatMap((r) => r.matchedStatements),
      missingContextValues: union(results.map((r) => r.missingContextValues)),
      allowedByPermissionsBoundary:
        worst.allowedByPermissionsBoundary === undefined ? undefined : results.every((r) => r.allowedByPermissionsBoundary),
      resources: results,
    };
  });
}
