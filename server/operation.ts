import type { FastifyBaseLogger } from 'fastify';
import type { AwsError } from '../state/errors.js';
import type { Account, Store } from '../state/store.js';
import type { RequestTrace } from './requestLog/requestLog.js';
import type { Protocol } from './protocols/protocol.js';
import type { Infer, StructShape, Violation } from './shapes.js';

/** Who is calling, as worked out from the access key of the SigV4 credential scope. */
export type Principal = RootPrincipal | UserPrincipal | AssumedRolePrincipal;

interface PrincipalBase {
  accountId: string;
  /** The caller's ARN as AWS names it in GetCallerIdentity and in AccessDenied messages. */
  arn: string;
  /** GetCallerIdentity's UserId: the account id, the user's AIDA… id, or `AROA…:<session>`. */
  userId: string;
  accessKeyId: string;
}

/** `test`, a 12-digit key id, or no signature: the account itself, always allowed. */
export interface RootPrincipal extends PrincipalBase {
  kind: 'root';
}

/** A long-term key made by CreateAccessKey. */
export interface UserPrincipal extends PrincipalBase {
  kind: 'user';
  userName: string;
}

/** ASIA… credentials from sts:AssumeRole. */
export interface AssumedRolePrincipal extends PrincipalBase {
  kind: 'assumed-role';
  roleName: string;
  roleArn: string;
  sessionName: string;
  /** When the credentials were issued (aws:TokenIssueTime) and when they expire. */
  issuedAt: Date;
  expiration: Date;
}

/** Everything a handler may use besides its input. */
export interface RequestContext {
  store: Store;
  account: Account;
  /** The region the client signed with (IAM too: with an endpoint override it is the client's region). */
  region: string;
  requestId: string;
  now: Date;
  principal: Principal;
  log: FastifyBaseLogger;
  /**
   * Whether the caller may make an IAM request the operation makes on its behalf (ECS creating
   * its service-linked role), under the configured enforcement mode.
   */
  permits(request: AuthRequest): boolean;
  /** What the request log records of this request (absent when the log is off). */
  trace?: RequestTrace;
}

/** What an operation asks IAM for: the action, the resource, and the request's condition keys. */
export interface AuthRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

export interface Operation<S extends StructShape = StructShape> {
  name: string;
  input: S;
  /** Reads the input, calls the domain, shapes the output. `undefined` means no result element. */
  handle(input: Infer<S>, ctx: RequestContext): unknown;
  /** The IAM request this call makes; the default is `<service>:<name>` on `*`. */
  authorize?(input: Infer<S>, ctx: RequestContext): AuthRequest | AuthRequest[];
  /** AWS serves it without a signature (smithy.api#noAuth in the model): strict mode does not ask for one. */
  unsigned?: boolean;
  /** awsQuery: the element that wraps the output (the model's `resultWrapper`). */
  resultWrapper?: string;
}

/** An operation of any input type, as operation tables hold them. */
export interface AnyOperation {
  name: string;
  input: StructShape;
  handle(input: any, ctx: RequestContext): unknown;
  authorize?(input: any, ctx: RequestContext): AuthRequest | AuthRequest[];
  /** AWS serves it without a signature (smithy.api#noAuth in the model): strict mode does not ask for one. */
  unsigned?: boolean;
  /** awsQuery: the element that wraps the output (the model's `resultWrapper`). */
  resultWrapper?: string;
}

/** Identity function that lets TypeScript infer the handler's input type from the spec. */
export function defineOperation<S extends StructShape>(operation: Operation<S>): AnyOperation {
  return operation as AnyOperation;
}

/** The authentication errors of one service, each in that service's own codes (the catalogs in state/). */
export interface AuthErrors {
  missingAuthenticationToken(): AwsError;
  incompleteSignature(reason: string): AwsError;
  invalidClientTokenId(): AwsError;
  signatureDoesNotMatch(detail?: string): AwsError;
  signatureExpired(signedAt: string, earliest: string, now: string): AwsError;
  signatureNotYetCurrent(signedAt: string, latest: string, now: string): AwsError;
  expiredToken(): AwsError;
  invalidRegionScope(region: string): AwsError;
}

interface ServiceBase {
  /** The IAM service prefix and SigV4 signing name. */
  name: string;
  operations: ReadonlyMap<string, AnyOperation>;
  validationError(violations: Violation[]): AwsError;
  /** What an unexpected failure looks like in this service (never a stack trace). */
  internalError(): AwsError;
  authErrors: AuthErrors;
}

/** A service as the edge sees it: its protocol object knows what the wire-specific members mean. */
export interface ServiceDefinition extends ServiceBase {
  // The protocol is typed against its own kind of service; the edge only hands each service back
  // to its own protocol.
  protocol: Protocol<any>;
}

export interface QueryService extends ServiceBase {
  protocol: Protocol<QueryService>;
  version: string;
  xmlNamespace: string;
}

export interface JsonService extends ServiceBase {
  protocol: Protocol<JsonService>;
  targetPrefix: string;
}

export function operationTable(...groups: AnyOperation[][]): ReadonlyMap<string, AnyOperation> {
  const table = new Map<string, AnyOperation>();
  for (const o of groups.flat()) {
    if (table.has(o.name)) throw new Error(`operation ${o.name} is defined twice`);
    table.set(o.name, o);
  }
  return table;
}

/**
 * The awsQuery models (IAM, STS) wrap every operation's output in `<Op>Result`: the table states
 * it per operation, so the codec reads it instead of assuming it. An operation may name its own.
 */
export function withResultWrappers(table: ReadonlyMap<string, AnyOperation>): ReadonlyMap<string, AnyOperation> {
  return new Map([...table].map(([name, o]) => [name, { ...o, resultWrapper: o.resultWrapper ?? `${o.name}Result` }]));
}

/** Operations that only read (AWS names them Get…, List…, Describe…, Simulate…): they never leave new state behind. */
export function isReadOnly(operation: AnyOperation): boolean {
  return /^(Get|List|Describe|Simulate)/.test(operation.name);
}
