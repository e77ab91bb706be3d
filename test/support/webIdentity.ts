/**
 * An unsigned-looking JWT for sts:AssumeRoleWithWebIdentity: linkstack reads the claims and does
 * not verify signatures, so the signature part is a placeholder.
 */
export function webIdentityToken(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${part(claims)}.${Buffer.from('not-verified').toString('base64url')}`;
}

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/** The claims GitHub Actions puts in its OIDC token for a job of `repo` on `ref`. */
export function githubActionsClaims(repo: string, ref = 'refs/heads/main', extra: Record<string, unknown> = {}) {
  return { iss: GITHUB_ISSUER, aud: 'sts.amazonaws.com', sub: `repo:${repo}:ref:${ref}`, repository: repo, ref, ...extra };
}
