// The error a handler or the request pipeline raises to answer with an AWS error response. The protocol
// layer turns it into the wire shape (JSON `__type`, XML `<ErrorResponse>`) with the right status.

/** Conditions every service answers, each with a per-protocol code (see common-errors.ts). */
export type CommonError =
  | 'throttling'
  | 'accessDenied'
  | 'validation'
  | 'serialization'
  | 'unknownOperation'
  | 'missingAuth'
  | 'incompleteSignature'
  | 'unrecognizedClient'
  | 'invalidSignature'
  | 'expiredToken'
  | 'internalFailure'
  | 'serviceUnavailable'
  | 'notImplemented';

export class AwsServiceError extends Error {
  /** The AWS error code (`NoSuchConfigRuleException`, `AccessDenied`). */
  readonly code: string;
  /** HTTP status; when absent the service model's `httpError` or 400/500 by `fault` decides. */
  readonly status: number | undefined;
  readonly fault: 'client' | 'server';
  /** Extra modelled members of the error (e.g. Organizations' `Reason`). */
  readonly fields: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    opts: { status?: number; fault?: 'client' | 'server'; fields?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AwsServiceError';
    this.code = code;
    this.status = opts.status;
    this.fault = opts.fault ?? (opts.status !== undefined && opts.status >= 500 ? 'server' : 'client');
    this.fields = opts.fields ?? {};
  }
}

/** A generic condition, resolved to a code and status by the service's protocol (see common-errors.ts). */
export class CommonServiceError extends Error {
  constructor(
    readonly condition: CommonError,
    message: string,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CommonServiceError';
  }
}
