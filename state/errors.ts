/**
 * The one error type the domain throws. Each service's catalog builds these with AWS's codes
 * and texts; the protocol that received the request decides how it looks on the wire.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members some errors carry (e.g. ECS ConflictException.resourceIds). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }

  /** Server faults (5xx) are 'Receiver' in query protocols. */
  get isServerFault(): boolean {
    return this.status >= 500;
  }
}

export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}
