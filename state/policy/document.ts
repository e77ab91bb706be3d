import { iamErrors } from '../iam/errors.js';

/**
 * Policy documents as IAM accepts them: parsed once when written, validated with IAM's
 * MalformedPolicyDocument texts, and normalized (every list a list, every condition value a
 * string) so that the evaluator never has to look at raw JSON.
 */

export type Effect = 'Allow' | 'Deny';

/** `"*"` or a map of principal type (AWS, Service, Federated, CanonicalUser) to identifiers. */
export type PolicyPrincipal = '*' | Record<string, string[]>;

/** One `Operator: { key: values }` entry of a Condition block, with the operator taken apart. */
export interface ConditionClause {
  /** The operator exactly as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** The operator without set qualifier and IfExists, e.g. `StringLike`. */
  baseOperator: string;
  setQualifier?: 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
  key: string;
  values: string[];
}

export interface PolicyStatement {
  sid?: string;
  effect: Effect;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principal?: PolicyPrincipal;
  notPrincipal?: PolicyPrincipal;
  conditions: ConditionClause[];
}

export interface PolicyDocument {
  /** `2012-10-17` enables policy variables; `2008-10-17` (or none) leaves `${…}` literal. */
  version?: '2012-10-17' | '2008-10-17';
  id?: string;
  statements: PolicyStatement[];
}

/** The condition operators IAM knows, without `IfExists` and set qualifiers. */
export const CONDITION_OPERATORS: ReadonlySet<string> = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

const syntaxError = iamErrors.policySyntax;

type Kind = 'identity' | 'trust' | 'resource';

/**
 * An identity-based policy (inline user/group/role policies, customer managed policies,
 * SimulateCustomPolicy input): Action and Resource required, Principal forbidden.
 */
export function parsePolicyDocument(text: string): PolicyDocument {
  return parse(text, 'identity');
}

/**
 * A role trust policy (CreateRole, UpdateAssumeRolePolicy): Principal and Action required,
 * Resource forbidden.
 */
export function parseTrustPolicyDocument(text: string): PolicyDocument {
  return parse(text, 'trust');
}

/**
 * A resource-based policy (SimulatePolicy's ResourcePolicy): Principal, Action and Resource all
 * required.
 */
export function parseResourcePolicyDocument(text: string): PolicyDocument {
  return parse(text, 'resource');
}

function parse(text: string, kind: Kind): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // IAM words a trust policy that is not JSON apart from an identity policy that is not.
    throw kind === 'trust' ? iamErrors.trustPolicyNotJson() : iamErrors.policySyntax();
  }
  if (!isObject(raw)) throw syntaxError();
  for (const k of Object.keys(raw)) if (!TOP_LEVEL.has(k)) throw syntaxError();

  const doc: PolicyDocument = { statements: [] };
  if (raw.Version !== undefined) {
    if (raw.Version !== '2012-10-17' && raw.Version !== '2008-10-17') {
      throw iamErrors.policyLegacyParsing();
    }
    doc.version = raw.Version;
  }
  if (raw.Id !== undefined) {
    if (typeof raw.Id !== 'string') throw syntaxError();
    doc.id = raw.Id;
  }
  const statements = raw.Statement;
  if (statements === undefined) throw syntaxError();
  const list = Array.isArray(statements) ? statements : [statements];
  const sids = new Set<string>();
  for (const s of list) {
    const statement = parseStatement(s, kind);
    if (statement.sid) {
      if (sids.has(statement.sid)) throw iamErrors.policyDuplicateSid();
      sids.add(statement.sid);
    }
    doc.statements.push(statement);
  }
  return doc;
}

function parseStatement(raw: unknown, kind: Kind): PolicyStatement {
  if (!isObject(raw)) throw syntaxError();
  for (const k of Object.keys(raw)) if (!STATEMENT_ELEMENTS.has(k)) throw syntaxError();

  if (raw.Principal !== undefined || raw.NotPrincipal !== undefined) {
    if (kind === 'identity') throw iamErrors.policyHasPrincipal();
  } else if (kind !== 'identity') {
    throw iamErrors.policyMissingField('Principal');
  }
  if (kind === 'trust' && (raw.Resource !== undefined || raw.NotResource !== undefined)) {
    throw iamErrors.policyProhibitedField('Resource');
  }
  if (raw.Action !== undefined && raw.NotAction !== undefined) throw syntaxError();
  if (raw.Resource !== undefined && raw.NotResource !== undefined) throw syntaxError();
  if (raw.Principal !== undefined && raw.NotPrincipal !== undefined) throw syntaxError();

  const statement: PolicyStatement = { effect: parseEffect(raw.Effect), conditions: [] };
  if (raw.Sid !== undefined) {
    if (typeof raw.Sid !== 'string') throw syntaxError();
    // IAM's own Sid rule (resource policies of other services are looser).
    if (!/^[0-9A-Za-z]*$/.test(raw.Sid)) {
      throw iamErrors.policySidNotAlphanumeric();
    }
    if (raw.Sid !== '') statement.sid = raw.Sid;
  }

  if (raw.Action === undefined && raw.NotAction === undefined) {
    throw kind === 'trust' ? iamErrors.policyMissingField('Action') : iamErrors.policyNeedsActions();
  }
  const actions = stringList(raw.Action ?? raw.NotAction);
  if (actions.length === 0) throw iamErrors.policyNeedsActions();
  actions.forEach(checkAction);
  if (raw.Action !== undefined) statement.actions = actions;
  else statement.notActions = actions;

  if (kind !== 'trust') {
    if (raw.Resource === undefined && raw.NotResource === undefined) {
      throw iamErrors.policyNeedsResources();
    }
    const resources = stringList(raw.Resource ?? raw.NotResource);
    if (resources.length === 0) throw iamErrors.policyNeedsResources();
    resources.forEach(checkResource);
    if (raw.Resource !== undefined) statement.resources = resources;
    else statement.notResources = resources;
  }

  if (raw.Principal !== undefined) statement.principal = parsePrincipal(raw.Principal);
  if (raw.NotPrincipal !== undefined) statement.notPrincipal = parsePrincipal(raw.NotPrincipal);
  if (raw.Condition !== undefined) statement.conditions = parseConditions(raw.Condition);
  return statement;
}

function parseEffect(effect: unknown): Effect {
  if (effect === undefined) throw iamErrors.policyMissingField('Effect');
  // IAM's legacy parser is what rejects `allow` and friends, hence its odd wording.
  if (effect !== 'Allow' && effect !== 'Deny') throw iamErrors.policyLegacyParsing();
  return effect;
}

/** A string or a list of strings; anything else is a syntax error. */
function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw syntaxError();
}

function checkAction(action: string): void {
  if (action === '*') return;
  const colon = action.indexOf(':');
  if (colon <= 0) throw iamErrors.policyActionNeedsVendor();
  if (action.indexOf(':', colon + 1) !== -1) throw iamErrors.policyActionColons();
  const vendor = action.slice(0, colon);
  if (!/^[A-Za-z0-9*?-]+$/.test(vendor)) throw iamErrors.policyInvalidVendor(vendor);
}

function checkResource(resource: string): void {
  if (resource === '*') return;
  const parts = resource.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) throw iamErrors.policyResourceNotArn(resource);
  const partition = parts[1]!;
  if (!PARTITIONS.has(partition) && !/[*?$]/.test(partition)) {
    throw iamErrors.policyInvalidPartition(partition, resource);
  }
}

function parsePrincipal(raw: unknown): PolicyPrincipal {
  if (raw === '*') return '*';
  if (!isObject(raw)) throw syntaxError();
  const out: Record<string, string[]> = {};
  for (const [type, ids] of Object.entries(raw)) {
    if (!PRINCIPAL_TYPES.has(type)) throw syntaxError();
    const list = stringList(ids);
    for (const id of list) {
      if (type === 'AWS' && !isAwsPrincipal(id)) throw iamErrors.policyInvalidPrincipal('AWS', id);
      if (type === 'Service' && id === '') throw iamErrors.policyInvalidPrincipal('SERVICE', id);
    }
    out[type] = list;
  }
  return out;
}

/** `*`, an account id, or an IAM/STS principal ARN. */
function isAwsPrincipal(id: string): boolean {
  return (
    id === '*' ||
    /^\d{12}$/.test(id) ||
    /^arn:[a-z-]+:iam::\d{12}:(root|user\/.+|role\/.+|group\/.+|federated-user\/.+)$/.test(id) ||
    /^arn:[a-z-]+:sts::\d{12}:(assumed-role\/.+|federated-user\/.+)$/.test(id)
  );
}

const OPERATOR = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/;

function parseConditions(raw: unknown): ConditionClause[] {
  if (!isObject(raw)) throw syntaxError();
  const out: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    const m = OPERATOR.exec(operator);
    const baseOperator = m?.[2] ?? '';
    // `Null` has no IfExists form: whether the key exists is its whole question.
    if (!m || !CONDITION_OPERATORS.has(baseOperator) || (baseOperator === 'Null' && m[3])) throw syntaxError();
    if (!isObject(block)) throw syntaxError();
    for (const [key, value] of Object.entries(block)) {
      if (!key.includes(':')) {
        throw iamErrors.policyActionNeedsVendor();
      }
      out.push({
        operator,
        baseOperator,
        setQualifier: m[1] as ConditionClause['setQualifier'],
        ifExists: m[3] !== undefined,
        key,
        values: conditionValues(value),
      });
    }
  }
  return out;
}

/** Condition values may be written as strings, numbers or booleans, alone or in a list. */
function conditionValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw syntaxError();
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
