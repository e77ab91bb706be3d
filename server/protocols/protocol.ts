import type { IncomingHttpHeaders } from 'node:http';
import type { AwsError } from '../../state/errors.js';
import type { AnyOperation, ServiceDefinition } from '../operation.js';

/**
 * A wire protocol (awsQuery, awsJson1_1) as one object: which requests speak it, how they are
 * routed to a service and operation, how input is decoded, and how answers and errors look.
 * The edge only ever calls these, so a third protocol is one more object and a fourth service
 * one more row in the service table (server/services/index.ts). moto's one-serializer-per-protocol
 * with shared hooks, without its class hierarchy.
 */
export interface Protocol<S extends ServiceDefinition = ServiceDefinition> {
  /** As AWS's models name it (`awsQuery`, `awsJson1_1`). */
  readonly name: string;
  /** Whether a request with these headers speaks this protocol. */
  recognizes(headers: IncomingHttpHeaders): boolean;
  /** The error for a body that is not UTF-8. */
  unreadableBody(): AwsError;
  /**
   * The service and operation a request names, and its undecoded payload. `services` are those
   * of the table that speak this protocol; `signedService` is the SigV4 scope's service.
   */
  route(body: string, services: readonly S[], signedService: string | undefined, headers: IncomingHttpHeaders): Routed<S>;
  /** The operation's input from the payload `route` returned (not yet validated). */
  decode(operation: AnyOperation, payload: unknown): unknown;
  success(service: S, operation: AnyOperation, requestId: string, result: unknown): WireAnswer;
  error(service: S, requestId: string, error: AwsError): WireAnswer;
  /** The denial of an IAM decision, in this protocol's code and status. */
  accessDenied(message: string): AwsError;
  /** How the support matrix names the service's wire (`awsQuery, Version 2010-05-08`). */
  describe(service: S): string;
}

export interface Routed<S extends ServiceDefinition = ServiceDefinition> {
  service: S;
  operation: AnyOperation;
  payload: unknown;
}

/** What goes on the wire; the status is the error's, or 200. */
export interface WireAnswer {
  contentType: string;
  headers?: Record<string, string>;
  body: string;
}
