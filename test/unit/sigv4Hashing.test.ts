import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacHex, sha256Hex, signingKey } from '../../server/sigv4/canonicalRequest.js';
import type { SignedRequest } from '../../server/sigv4/signedRequest.js';

const signed = (date: string, region: string, service: string): SignedRequest => ({
  kind: 'header',
  scope: { accessKeyId: 'AKIDEXAMPLE', date, region, service },
  signedHeaders: ['host', 'x-amz-date'],
  signature: '',
  amzDate: `${date}T000000Z`,
  securityToken: undefined,
});

/** SigV4's key derivation and final HMAC, written the plain way with createHmac. */
function referenceSignature(secret: string, request: SignedRequest, stringToSign: string): string {
  const { date, region, service } = request.scope;
  let key: Buffer | string = `AWS4${secret}`;
  for (const part of [date, region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

describe('SigV4 hashing', () => {
  it('signs as createHmac does, for any secret, scope and string to sign', () => {
    const texts = ['', 'AWS4-HMAC-SHA256\n20260115T100000Z\n20260115/eu-west-1/iam/aws4_request\nabc', 'ü€𝄞'.repeat(50), 'x'.repeat(10_000)];
    // Either side of what hmacHex lays out in place (4,096 bytes less the 64-byte pad), in 3-byte characters.
    texts.push('€'.repeat(1344), '€'.repeat(1345), 'x'.repeat(4032), 'x'.repeat(4033));
    for (const secret of ['test', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', randomBytes(30).toString('base64')]) {
      for (const scope of [signed('20260115', 'eu-west-1', 'iam'), signed('20261202', 'us-east-1', 'ecs')]) {
        for (const text of texts) expect(hmacHex(signingKey(secret, scope), text)).toBe(referenceSignature(secret, scope, text));
      }
    }
  });

  it('hashes payloads as createHash does, strings and bytes alike', () => {
    for (const body of ['', 'Action=GetRole&Version=2010-05-08', Buffer.from([0, 255, 1, 254]), 'é'.repeat(1000)]) {
      expect(sha256Hex(body)).toBe(createHash('sha256').update(body).digest('hex'));
    }
  });
});
