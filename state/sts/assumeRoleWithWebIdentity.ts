import type { OpenIdConnectProvider } from '../iam/openIdConnectProviders.js';
import type { Role } from '../iam/roles.js';
import { parsePolicyDocument, parseTrustPolicyDocument } from '../policy/document.js';
import { evaluate } from '../policy/evaluator.js';
import { RequestValues } from '../policy/requestValues.js';
import { recordRoleUse } from '../roleUse.js';
import type { Store } from '../store.js';
import { stsErrors } from './errors.js';
import type { AssumedRoleCredentials } from './temporaryCredentials.js';

export interface AssumeRoleWithWebIdentityInput {
  roleArn: string;
  sessionName: string;
  webIdentityToken: string;
  durationSeconds?: number;
  sessionPolicy?: string;
  sessionPolicyArns?: string[];
}

export interface WebIdentitySession {
  credentials: AssumedRoleCredentials;
  /** The token's `sub`, `iss` and the audience that matched the provider. */
  subject: string;
  provider: string;
  audience: string;
}

/** The claims linkstack reads from a token. Its signature is not verified (see README). */
interface TokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  amr?: string[];
  exp?: number;
}

function base64UrlJson(part: string): unknown {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) throw stsErrors.malformedWebIdentityToken();
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw stsErrors.malformedWebIdentityToken();
  }
}

const strings = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

/** A JWT's payload: three base64url parts, `iss`, `sub` and `aud` present. */
export function readTokenClaims(token: string): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw stsErrors.malformedWebIdentityToken();
  const payload = base64UrlJson(parts[1]!);
  if (typeof payload !== 'object' || payload === null) throw stsErrors.malformedWebIdentityToken();
  const p = payload as Record<string, unknown>;
  const aud = strings(p.aud);
  if (typeof p.iss !== 'string' || typeof p.sub !== 'string' || !aud) throw stsErrors.malformedWebIdentityToken();
  if (p.exp !== undefined && typeof p.exp !== 'number') throw stsErrors.malformedWebIdentityToken();
  return { iss: p.iss, sub: p.sub, aud, amr: strings(p.amr), exp: p.exp as number | undefined };
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const DEFAULT_DURATION_SECONDS = 3600;

/**
 * The trust policy decides, with the provider as the `Federated` principal and the token's
 * claims as `<provider-url>:aud`, `:sub` and `:amr` (AWS's web identity keys), plus
 * `aws:FederatedProvider` and `sts:RoleSessionName`. This is checked whatever the enforcement
 * mode: it is how a provider is linked to a role at all.
 */
function trustAllows(role: Role, provider: OpenIdConnectProvider, claims: TokenClaims, audience: string, sessionName: string): boolean {
  const values = new RequestValues({
    [`${provider.url}:aud`]: audience,
    [`${provider.url}:sub`]: claims.sub,
    [`${provider.url}:amr`]: claims.amr,
    'aws:FederatedProvider': provider.arn,
    'sts:RoleSessionName': sessionName,
  });
  const trust = [{ id: 'AssumeRolePolicyDocument', type: 'resource' as const, document: parseTrustPolicyDocument(role.assumeRolePolicyDocument) }];
  const query = { action: 'sts:AssumeRoleWithWebIdentity', resource: role.arn, values, principal: { arns: [], federated: provider.arn } };
  return evaluate(trust, query).decision === 'allowed';
}

/**
 * sts:AssumeRoleWithWebIdentity: no AWS credentials, a token from an OIDC provider registered in
 * the role's account. The token's issuer must be a provider, one of its audiences a client id of
 * that provider, its `exp` (when present) after now, and the role's trust policy must allow the
 * provider with the token's claims. Signatures are not verified.
 */
export function assumeRoleWithWebIdentity(store: Store, input: AssumeRoleWithWebIdentityInput, now: Date, region: string): WebIdentitySession {
  const claims = readTokenClaims(input.webIdentityToken);
  const m = ROLE_ARN.exec(input.roleArn);
  const account = m ? store.accounts.get(m[1]!) : undefined;
  const role = m ? account?.iam.roles.find(m[2]!) : undefined;
  if (!account || !role || role.arn !== input.roleArn || role.linkedService) throw stsErrors.webIdentityNotAuthorized();
  const provider = account.iam.openIdConnectProviders.forIssuer(claims.iss);
  if (!provider) throw stsErrors.noOpenIdConnectProvider(claims.iss);
  const audience = claims.aud.find((a) => provider.clientIds.includes(a));
  if (audience === undefined) throw stsErrors.incorrectTokenAudience();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (claims.exp !== undefined && claims.exp <= nowSeconds) throw stsErrors.webIdentityTokenExpired(nowSeconds, claims.exp);
  if (!trustAllows(role, provider, claims, audience, input.sessionName)) throw stsErrors.webIdentityNotAuthorized();
  const duration = input.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (duration > role.maxSessionDuration) throw stsErrors.maxSessionDurationExceeded();
  if (input.sessionPolicy !== undefined) parsePolicyDocument(input.sessionPolicy);
  for (const arn of input.sessionPolicyArns ?? []) {
    if (!account.iam.policies.find(arn)) throw stsErrors.sessionPolicyNotFound(arn);
  }
  recordRoleUse(account, role, { now, region });
  const credentials = account.iam.temporaryCredentials.issue(
    role,
    { sessionName: input.sessionName, durationSeconds: duration, sessionPolicy: input.sessionPolicy, sessionPolicyArns: input.sessionPolicyArns },
    now,
  );
  return { credentials, subject: claims.sub, provider: claims.iss, audience };
}
