/**
 * What a SigV4-signed request says about its signature, read from the `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`) or, for presigned URLs, from the
 * `X-Amz-*` query parameters. Reading never fails: a request whose signature cannot be read is
 * `malformed`, with the reason AWS gives (IncompleteSignature), and still yields the credential
 * scope when that part is readable, because modes that do not verify use it to pick the caller.
 */

export interface CredentialScope {
  accessKeyId: string;
  /** `yyyymmdd` */
  date: string;
  region: string;
  service: string;
}

export interface SignedRequest {
  kind: 'header' | 'presigned';
  scope: CredentialScope;
  /** Lower-case header names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
  /** `yyyymmddThhmmssZ` */
  amzDate: string;
  securityToken: string | undefined;
}

export type SignatureReading =
  | { kind: 'unsigned' }
  | { kind: 'signed'; request: SignedRequest }
  | { kind: 'malformed'; reason: string; scope: CredentialScope | undefined };

export interface RequestParts {
  method: string;
  /** The raw URL as received: path and query string, still percent-encoded. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^\d{8}T\d{6}Z$/;
const SCOPE = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

function header(headers: RequestParts['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function parseScope(credential: string | undefined): CredentialScope | undefined {
  const m = credential === undefined ? null : SCOPE.exec(credential);
  return m ? { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]! } : undefined;
}

/** `Date: Tue, 15 Jan 2026 10:00:00 GMT` in SigV4's basic ISO-8601 form. */
function amzDateOf(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  if (AMZ_DATE.test(date)) return date;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function readSignature(req: RequestParts): SignatureReading {
  const authorization = header(req.headers, 'authorization');
  if (authorization !== undefined) return readAuthorizationHeader(authorization, req.headers);
  const q = req.url.indexOf('?');
  if (q >= 0 && req.url.includes('X-Amz-', q)) {
    const params = new URLSearchParams(req.url.slice(q + 1));
    if (params.has('X-Amz-Signature') || params.has('X-Amz-Credential') || params.has('X-Amz-Algorithm')) {
      return readPresignedQuery(params, req.headers);
    }
  }
  return { kind: 'unsigned' };
}

/**
 * The header as every SDK writes it, read in one match; anything else (other separators, fields
 * in another order or missing, a scope of another shape) takes the general reading below.
 */
const USUAL_AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([^,\s]+), ?Signature=([^,\s]+)$/;

/** `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260115/eu-west-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=…` */
function readAuthorizationHeader(authorization: string, headers: RequestParts['headers']): SignatureReading {
  const usual = USUAL_AUTHORIZATION.exec(authorization);
  if (usual) {
    const amzDate = amzDateOf(header(headers, 'x-amz-date')) ?? amzDateOf(header(headers, 'date'));
    if (amzDate !== undefined) {
      return signedOrMalformed({
        kind: 'header',
        scope: { accessKeyId: usual[1]!, date: usual[2]!, region: usual[3]!, service: usual[4]! },
        signedHeaders: usual[5]!.split(';'),
        signature: usual[6]!,
        amzDate,
        securityToken: header(headers, 'x-amz-security-token'),
      });
    }
  }
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  const fields = new Map<string, string>();
  let malformedPair: string | undefined;
  for (const part of (space < 0 ? '' : authorization.slice(space + 1)).split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) malformedPair ??= pair;
    else fields.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const scope = parseScope(fields.get('Credential'));
  if (algorithm !== ALGORITHM) {
    return { kind: 'malformed', scope, reason: `Unsupported AWS 'algorithm': '${algorithm}'` };
  }
  if (malformedPair !== undefined) {
    return {
      kind: 'malformed',
      scope,
      reason: `'${malformedPair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
    };
  }
  const amzDate = amzDateOf(header(headers, 'x-amz-date')) ?? amzDateOf(header(headers, 'date'));
  const missing: string[] = [];
  if (!fields.has('Credential')) missing.push("Authorization header requires 'Credential' parameter.");
  if (!fields.has('Signature')) missing.push("Authorization header requires 'Signature' parameter.");
  if (!fields.has('SignedHeaders')) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (amzDate === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0) return { kind: 'malformed', scope, reason: `${missing.join(' ')} Authorization=${authorization}` };
  if (!scope) return { kind: 'malformed', scope, reason: credentialShape(fields.get('Credential')!) };
  return signedOrMalformed({
    kind: 'header',
    scope,
    signedHeaders: fields.get('SignedHeaders')!.split(';'),
    signature: fields.get('Signature')!,
    amzDate: amzDate!,
    securityToken: header(headers, 'x-amz-security-token'),
  });
}

/** `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=…&X-Amz-Date=…&X-Amz-SignedHeaders=host&X-Amz-Signature=…` */
function readPresignedQuery(params: URLSearchParams, headers: RequestParts['headers']): SignatureReading {
  const scope = parseScope(params.get('X-Amz-Credential') ?? undefined);
  const algorithm = params.get('X-Amz-Algorithm');
  const missing: string[] = [];
  for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']) {
    if (!params.has(name)) missing.push(`AWS query-string parameters must include '${name}'.`);
  }
  if (missing.length > 0) return { kind: 'malformed', scope, reason: `${missing.join(' ')} Re-examine the query-string parameters.` };
  if (algorithm !== ALGORITHM) return { kind: 'malformed', scope, reason: `Unsupported AWS 'algorithm': '${algorithm}'` };
  const amzDate = params.get('X-Amz-Date')!;
  if (!AMZ_DATE.test(amzDate)) {
    return { kind: 'malformed', scope, reason: `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601` };
  }
  if (!scope) return { kind: 'malformed', scope, reason: credentialShape(params.get('X-Amz-Credential')!) };
  return signedOrMalformed({
    kind: 'presigned',
    scope,
    signedHeaders: params.get('X-Amz-SignedHeaders')!.split(';'),
    signature: params.get('X-Amz-Signature')!,
    amzDate,
    securityToken: params.get('X-Amz-Security-Token') ?? header(headers, 'x-amz-security-token'),
  });
}

function credentialShape(credential: string): string {
  return `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`;
}

function signedOrMalformed(request: SignedRequest): SignatureReading {
  if (!request.signedHeaders.includes('host')) {
    return { kind: 'malformed', scope: request.scope, reason: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." };
  }
  return { kind: 'signed', request };
}

/** The scope a reading names, whatever its state: what `off` and `soft` identify the caller by. */
export function scopeOf(reading: SignatureReading): CredentialScope | undefined {
  return reading.kind === 'signed' ? reading.request.scope : reading.kind === 'malformed' ? reading.scope : undefined;
}
