import type { FastifyBaseLogger } from 'fastify';
import type { AwsError } from '../../state/errors.js';
import type { EnforcementMode } from '../config.js';
import type { Caller } from '../identity.js';
import type { AuthErrors } from '../operation.js';
import { authenticate, basicIso, SKEW_MS, type AuthFailure } from './authenticate.js';
import type { RequestParts, SignatureReading } from './signedRequest.js';

/**
 * The authentication step of the request pipeline: `strict` refuses what AWS would refuse (no
 * signature, an unreadable one, an unknown key, a wrong session token, a clock more than 15
 * minutes off, a wrong signature, expired credentials), `soft` logs the refusal and serves the
 * request, `off` checks nothing.
 */
export interface SignatureCheck {
  mode: EnforcementMode;
  reading: SignatureReading;
  request: RequestParts;
  body: Buffer | string;
  signingName: string;
  errors: AuthErrors;
  caller: Caller;
  realNowMs: number;
  log: FastifyBaseLogger;
  requestId: string;
}

export function checkSignature(check: SignatureCheck): void {
  if (check.mode === 'off') return;
  const failure = authenticate({
    reading: check.reading,
    request: check.request,
    body: check.body,
    signingName: check.signingName,
    key: check.caller.key,
    realNowMs: check.realNowMs,
  });
  const error = failure ? errorFor(failure, check.errors) : check.caller.expired ? check.errors.expiredToken() : undefined;
  if (!error) return;
  if (check.mode === 'strict') throw error;
  check.log.warn(
    { requestId: check.requestId, code: error.code, accessKeyId: check.caller.principal.accessKeyId || undefined },
    `IAM enforcement (soft) would refuse the signature: ${error.code}: ${error.message}`,
  );
}

function errorFor(failure: AuthFailure, errors: AuthErrors): AwsError {
  switch (failure.kind) {
    case 'missingAuthenticationToken':
      return errors.missingAuthenticationToken();
    case 'incompleteSignature':
      return errors.incompleteSignature(failure.reason);
    case 'invalidClientToken':
      return errors.invalidClientTokenId();
    case 'signatureMismatch':
      return errors.signatureDoesNotMatch(failure.detail);
    case 'signatureExpired':
      return errors.signatureExpired(failure.amzDate, basicIso(new Date(failure.realNow.getTime() - SKEW_MS)), basicIso(failure.realNow));
    case 'signatureNotYetCurrent':
      return errors.signatureNotYetCurrent(failure.amzDate, basicIso(new Date(failure.realNow.getTime() + SKEW_MS)), basicIso(failure.realNow));
  }
}
