import { stsArn } from '../arns.js';
import { iamUniqueId, secretAccessKey } from '../ids.js';
import type { Role } from '../iam/roles.js';
import { child, fail, instant, list, object, optional, readList, str, type Codec, type Json } from '../snapshot/codec.js';

/**
 * Temporary security credentials issued by sts:AssumeRole (ASIA… keys with a session token).
 * Calls signed with them act as the assumed role until they expire. Not to be confused with the
 * service's own sessions of a service-linked role (state/roleSessions.ts).
 */
export interface AssumedRoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  issuedAt: Date;
  roleName: string;
  roleArn: string;
  roleId: string;
  sessionName: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>` */
  assumedRoleArn: string;
  /** `<roleId>:<session>` */
  assumedRoleId: string;
  /** Session policy (the AssumeRole `Policy` parameter), when one was passed. */
  sessionPolicy?: string;
  sessionPolicyArns: string[];
}

export const assumedRoleCredentialsCodec: Codec<AssumedRoleCredentials> = object({
  accessKeyId: str,
  secretAccessKey: str,
  sessionToken: str,
  expiration: instant,
  issuedAt: instant,
  roleName: str,
  roleArn: str,
  roleId: str,
  sessionName: str,
  assumedRoleArn: str,
  assumedRoleId: str,
  sessionPolicy: optional(str),
  sessionPolicyArns: list(str),
});

export class TemporaryCredentialRegistry {
  private readonly byKey = new Map<string, AssumedRoleCredentials>();

  constructor(private readonly accountId: string) {}

  find(accessKeyId: string): AssumedRoleCredentials | undefined {
    return this.byKey.get(accessKeyId);
  }

  all(): AssumedRoleCredentials[] {
    return [...this.byKey.values()];
  }

  toSnapshot(): Json {
    return list(assumedRoleCredentialsCodec).encode(this.all());
  }

  restore(value: unknown, path: string): void {
    readList(assumedRoleCredentialsCodec, value, path).forEach((c, i) => {
      if (this.byKey.has(c.accessKeyId)) fail(child(child(path, i), 'accessKeyId'), `the key ${c.accessKeyId} comes earlier in the list`);
      this.byKey.set(c.accessKeyId, c);
    });
  }

  /** Forgets credentials that expired before `beforeMs`: their keys become unknown keys. */
  forgetExpiredBefore(beforeMs: number): void {
    for (const [key, c] of this.byKey) if (c.expiration.getTime() < beforeMs) this.byKey.delete(key);
  }

  issue(
    role: Role,
    input: { sessionName: string; durationSeconds: number; sessionPolicy?: string; sessionPolicyArns?: string[] },
    now: Date,
  ): AssumedRoleCredentials {
    const credentials: AssumedRoleCredentials = {
      accessKeyId: iamUniqueId('ASIA'),
      secretAccessKey: secretAccessKey(),
      sessionToken: sessionToken(),
      issuedAt: now,
      expiration: new Date(now.getTime() + input.durationSeconds * 1000),
      roleName: role.roleName,
      roleArn: role.arn,
      roleId: role.roleId,
      sessionName: input.sessionName,
      assumedRoleArn: stsArn.assumedRole(this.accountId, role.roleName, input.sessionName),
      assumedRoleId: `${role.roleId}:${input.sessionName}`,
      sessionPolicy: input.sessionPolicy,
      sessionPolicyArns: input.sessionPolicyArns ?? [],
    };
    this.byKey.set(credentials.accessKeyId, credentials);
    return credentials;
  }
}

/** Opaque, long, base64-looking: what SDKs pass back in x-amz-security-token. */
function sessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + Array.from({ length: 8 }, () => secretAccessKey()).join('');
}
