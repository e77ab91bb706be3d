import { stsArn } from './arns.js';
import { uuid } from './ids.js';
import { child, fail, instantMs, list, object, readList, str, type Codec, type Json } from './snapshot/codec.js';

/**
 * Sessions of roles assumed by AWS services on the account's behalf (ECS assuming
 * AWSServiceRoleForECS to open an ExecuteCommand session, for example). They are not the STS
 * credentials users get from AssumeRole: nobody holds their keys, and they cannot be revoked.
 * A session keeps its role in use until it expires on the clock.
 */
export interface RoleSession {
  id: string;
  roleName: string;
  region: string;
  startedAtMs: number;
  expiresAtMs: number;
  /** What opened it, e.g. `ecs:ExecuteCommand` or `admin`. */
  origin: string;
}

export const roleSessionCodec: Codec<RoleSession> = object({
  id: str,
  roleName: str,
  region: str,
  startedAtMs: instantMs,
  expiresAtMs: instantMs,
  origin: str,
});

/** Service sessions last between one second and twelve hours (IAM's longest role session). */
export const MIN_SESSION_SECONDS = 1;
export const MAX_SESSION_SECONDS = 43_200;

export function sessionIsActive(session: RoleSession, atMs: number): boolean {
  return session.startedAtMs <= atMs && atMs < session.expiresAtMs;
}

/** The ARN the session acts as, which is how a deletion failure names it. */
export function sessionArn(accountId: string, session: RoleSession): string {
  return stsArn.assumedRole(accountId, session.roleName, session.id);
}

export class RoleSessionRegistry {
  private readonly sessions: RoleSession[] = [];

  start(roleName: string, region: string, nowMs: number, durationSeconds: number, origin: string): RoleSession {
    if (!Number.isInteger(durationSeconds) || durationSeconds < MIN_SESSION_SECONDS || durationSeconds > MAX_SESSION_SECONDS) {
      throw new RangeError(`durationSeconds must be an integer from ${MIN_SESSION_SECONDS} to ${MAX_SESSION_SECONDS}`);
    }
    const session: RoleSession = {
      id: uuid(),
      roleName,
      region,
      startedAtMs: nowMs,
      expiresAtMs: nowMs + durationSeconds * 1000,
      origin,
    };
    this.sessions.push(session);
    return session;
  }

  /** Forgets sessions that expired before `beforeMs` (an expired session keeps nothing in use). */
  forgetExpiredBefore(beforeMs: number): void {
    let kept = 0;
    for (const s of this.sessions) if (s.expiresAtMs >= beforeMs) this.sessions[kept++] = s;
    this.sessions.length = kept;
  }

  toSnapshot(): Json {
    return list(roleSessionCodec).encode(this.sessions);
  }

  restore(value: unknown, path: string): void {
    readList(roleSessionCodec, value, path).forEach((s, i) => {
      if (s.expiresAtMs < s.startedAtMs) fail(child(path, i), 'expiresAtMs comes before startedAtMs');
      this.sessions.push(s);
    });
  }

  /** Every session, expired ones included, oldest first. */
  all(): readonly RoleSession[] {
    return this.sessions;
  }

  /** Sessions of the role (IAM names ignore case) that are active at the given instant. */
  activeFor(roleName: string, atMs: number): RoleSession[] {
    const name = roleName.toLowerCase();
    return this.sessions.filter((s) => s.roleName.toLowerCase() === name && sessionIsActive(s, atMs));
  }
}
