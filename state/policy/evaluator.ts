import { iamArn } from '../arns.js';
import { compileCondition, evaluateCondition, type CompiledCondition } from './conditions.js';
import { parsePolicyDocument, type PolicyDocument, type PolicyPrincipal, type PolicyStatement } from './document.js';
import { compileArnPattern, patternMatches, patternOutcome, type CompiledPattern } from './pattern.js';
import type { RequestValues } from './requestValues.js';
import { globSource } from './wildcard.js';

/**
 * IAM's decision for one request against a set of policies: an explicit Deny in any matching
 * statement wins, then an Allow, else the request is implicitly denied. Pure and synchronous;
 * documents are compiled once and cached.
 */

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** Where a policy came from, as SimulatePolicy's MatchedStatements name it. */
export type SourcePolicyType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

export interface PolicySource {
  /** The inline policy's name, the managed policy's ARN, or `PolicyInputList.N`. */
  id: string;
  type: SourcePolicyType;
  document: PolicyDocument;
  /** The document as written, when known: the simulator reports statement positions in it. */
  text?: string;
}

/** Who is asking, for statements that name principals (role trust policies). */
export interface PrincipalIdentity {
  /** ARNs that identify the caller, e.g. the user ARN, or the session and role ARNs. */
  arns: string[];
  /** Set when a principal naming the caller's account (`123…` or `…:root`) should match. */
  accountId?: string;
  /** Set for AWS services (`ecs.amazonaws.com`). */
  service?: string;
  /** Set for web identity federation: the OIDC provider's ARN (a trust policy's `Federated`). */
  federated?: string;
}

export interface AuthorizationQuery {
  action: string;
  resource: string;
  values: RequestValues;
  principal?: PrincipalIdentity;
}

export interface MatchedStatement {
  sourcePolicyId: string;
  sourcePolicyType: SourcePolicyType;
  statementIndex: number;
  effect: 'Allow' | 'Deny';
  sourceText?: string;
}

export interface Evaluation {
  decision: Decision;
  /** The statements that decided: the denying ones, else the allowing ones. */
  matchedStatements: MatchedStatement[];
  /** Condition keys the request lacked in statements whose action and resource matched. */
  missingContextValues: string[];
}

/** Tells whether an action (already lower-cased) matches one Action/NotAction pattern. */
type ActionMatcher = (lowerCaseAction: string) => boolean;

function actionMatcher(pattern: string): ActionMatcher {
  if (pattern === '*') return () => true;
  const lower = pattern.toLowerCase();
  if (!lower.includes('*') && !lower.includes('?')) return (action) => action === lower;
  const re = new RegExp(`^${globSource(lower)}$`, 's');
  return (action) => re.test(action);
}

interface CompiledStatement {
  statement: PolicyStatement;
  actions?: ActionMatcher[];
  notActions?: ActionMatcher[];
  resources?: CompiledPattern[];
  notResources?: CompiledPattern[];
  conditions: CompiledCondition[];
}

const compiledDocuments = new WeakMap<PolicyDocument, CompiledStatement[]>();

function compile(doc: PolicyDocument): CompiledStatement[] {
  let out = compiledDocuments.get(doc);
  if (!out) {
    const variables = doc.version === '2012-10-17';
    out = doc.statements.map((statement) => ({
      statement,
      actions: statement.actions?.map(actionMatcher),
      notActions: statement.notActions?.map(actionMatcher),
      resources: statement.resources?.map((r) => compileArnPattern(r, variables)),
      notResources: statement.notResources?.map((r) => compileArnPattern(r, variables)),
      conditions: statement.conditions.map((c) => compileCondition(c, variables)),
    }));
    compiledDocuments.set(doc, out);
  }
  return out;
}

const parsedTexts = new Map<string, PolicyDocument>();
const MAX_PARSED = 2000;

/** Stored policy text (already validated on write) as a parsed document, cached by its text. */
export function identityPolicy(text: string): PolicyDocument {
  let doc = parsedTexts.get(text);
  if (!doc) {
    doc = parsePolicyDocument(text);
    if (parsedTexts.size >= MAX_PARSED) parsedTexts.clear();
    parsedTexts.set(text, doc);
  }
  return doc;
}

function principalMatches(p: PolicyPrincipal, who: PrincipalIdentity): boolean {
  if (p === '*') return true;
  for (const id of p.AWS ?? []) {
    if (id === '*' || who.arns.includes(id)) return true;
    if (who.accountId && (id === who.accountId || id === iamArn.root(who.accountId))) return true;
  }
  if (who.federated !== undefined && (p.Federated ?? []).includes(who.federated)) return true;
  return who.service !== undefined && (p.Service ?? []).includes(who.service);
}

function actionApplies(s: CompiledStatement, lowerCaseAction: string): boolean {
  if (s.actions) return s.actions.some((m) => m(lowerCaseAction));
  return !s.notActions!.some((m) => m(lowerCaseAction));
}

function resourceApplies(s: CompiledStatement, q: AuthorizationQuery): boolean {
  if (s.resources) return s.resources.some((r) => patternMatches(r, q.resource, q.values));
  // A NotResource pattern left undecided by a variable without a value does not exclude
  // nothing: the statement does not apply, as if the element did not match.
  if (s.notResources) return s.notResources.every((r) => patternOutcome(r, q.resource, q.values) === 'mismatch');
  return true; // trust policies have no Resource: the role is the resource
}

function principalApplies(s: PolicyStatement, q: AuthorizationQuery): boolean {
  if (s.principal) return q.principal !== undefined && principalMatches(s.principal, q.principal);
  if (s.notPrincipal) return q.principal !== undefined && !principalMatches(s.notPrincipal, q.principal);
  return true;
}

export function evaluate(policies: readonly PolicySource[], q: AuthorizationQuery): Evaluation {
  const denies: MatchedStatement[] = [];
  const allows: MatchedStatement[] = [];
  let missing: Set<string> | undefined;
  const action = q.action.toLowerCase();
  for (const policy of policies) {
    const statements = compile(policy.document);
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i]!;
      const { effect } = s.statement;
      if (!actionApplies(s, action) || !resourceApplies(s, q) || !principalApplies(s.statement, q)) continue;
      for (const c of s.conditions) {
        if (c.clause.baseOperator !== 'Null' && !q.values.has(c.clause.key)) (missing ??= new Set()).add(c.clause.key);
      }
      let holds = true;
      for (const c of s.conditions) {
        const outcome = evaluateCondition(c, q.values);
        // An operator linkstack cannot judge fails closed: it never allows, and it always denies.
        if (outcome === 'unknown' ? effect === 'Allow' : !outcome) {
          holds = false;
          break;
        }
      }
      if (!holds) continue;
      const matched: MatchedStatement = { sourcePolicyId: policy.id, sourcePolicyType: policy.type, statementIndex: i, effect };
      if (policy.text !== undefined) matched.sourceText = policy.text;
      (effect === 'Deny' ? denies : allows).push(matched);
    }
  }
  const decision: Decision = denies.length > 0 ? 'explicitDeny' : allows.length > 0 ? 'allowed' : 'implicitDeny';
  return {
    decision,
    matchedStatements: decision === 'explicitDeny' ? denies : allows,
    missingContextValues: missing ? [...missing] : [],
  };
}
