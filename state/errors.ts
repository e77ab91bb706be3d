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

/**
 * One AWS error situation: its wire code, HTTP status and message template. A template that
 * takes arguments names what the text mentions (a role name, a quota); throw sites pass those
 * values, never text of their own.
 */
export interface ErrorSituation {
  code: string;
  /** Fixed, or (rarely) taken from the same arguments as the message. */
  status: number | ((...args: any[]) => number);
  message: string | ((...args: any[]) => string);
}

/** A catalog's named constructors: `catalog.roleNotFound(name)` builds that situation's error. */
export type ErrorCatalog<T extends Record<string, ErrorSituation>> = {
  readonly [K in keyof T]: T[K]['message'] extends (...args: infer A) => string
    ? (...args: A) => AwsError
    : T[K]['status'] extends (...args: infer A) => number
      ? (...args: A) => AwsError
      : () => AwsError;
};

/**
 * Turns a table of situations into named constructors, so each AWS text exists once, beside
 * its code and status (Azurite's StorageErrorFactory, fastify's createError, as one table).
 */
export function errorCatalog<const T extends Record<string, ErrorSituation>>(situations: T): ErrorCatalog<T> {
  const out: Record<string, (...args: unknown[]) => AwsError> = {};
  for (const [name, s] of Object.entries(situations)) {
    const { code, status, message } = s;
    out[name] = (...args) =>
      new AwsError(code, typeof message === 'string' ? message : message(...args), typeof status === 'number' ? status : status(...args));
  }
  return out as ErrorCatalog<T>;
}
