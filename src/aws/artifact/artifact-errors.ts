// Errors of the Artifact API as typed classes shaped like the SDK's (`name`, `$fault`, `$metadata`,
// `$retryable`), so aws-error.ts, the call gate and the SDK's retry classification treat them alike.

import { ServiceException } from '@smithy/core/client';
import type { HttpResponse, ResponseMetadata } from '@smithy/types';

/** Base of every error the Artifact service answers; an unmodelled code arrives as this class. */
export class ArtifactServiceException extends ServiceException {
  /** Modelled members beside `message` (e.g. `reason`, `resourceId`). */
  readonly details: Record<string, unknown>;

  constructor(opts: {
    name: string;
    fault: 'client' | 'server';
    message: string;
    metadata: ResponseMetadata;
    details?: Record<string, unknown>;
  }) {
    super({ name: opts.name, $fault: opts.fault, $metadata: opts.metadata, message: opts.message });
    this.details = opts.details ?? {};
  }
}

type ErrorInit = { message: string; metadata: ResponseMetadata; details?: Record<string, unknown> };

export class AccessDeniedException extends ArtifactServiceException {
  constructor(init: ErrorInit) {
    super({ ...init, name: 'AccessDeniedException', fault: 'client' });
  }
}
export class ConflictException extends ArtifactServiceException {
  constructor(init: ErrorInit) {
    super({ ...init, name: 'ConflictException', fault: 'client' });
  }
}
export class InternalServerException extends ArtifactServiceException {
  constructor(init: ErrorInit) {
    super({ ...init, name: 'InternalServerException', fault: 'server' });
    // Modelled `@retryable`.
    this.$retryable = {};
  }
}
export class ResourceNotFoundException extends ArtifactServiceException {
  constructor(init: ErrorInit) {
    super({ ...init, name: 'ResourceNotFoundException', fault: 'client' });
  }
}
export class ServiceQuotaExceededException extends ArtifactServiceException {
  constructor(init: ErrorInit) {
    super({ ...init, name: 'ServiceQuotaExceededException', fault: 'client' });
  }
}
export class ThrottlingException extends ArtifactServiceException {
  constructor(init: ErrorInit) {
    super({ ...init, name: 'ThrottlingException', fault: 'client' });
    // Modelled `@retryable(throttling: true)`.
    this.$retryable = { throttling: true };
  }
}
export class ValidationException extends ArtifactServiceException {
  constructor(init: ErrorInit) {
    super({ ...init, name: 'ValidationException', fault: 'client' });
  }
}

const MODELLED: Record<string, new (init: ErrorInit) => ArtifactServiceException> = {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
};

/**
 * The error a restJson1 error response stands for: the code from `x-amzn-errortype` (else the body's
 * `__type` or `code`), with any `:` suffix and namespace prefix removed; the message from `message`/`Message`.
 */
export function parseArtifactError(
  response: HttpResponse,
  body: string,
  requestId?: string,
): ArtifactServiceException {
  const parsed = parseBody(body);
  const headerCode = headerValue(response.headers, 'x-amzn-errortype');
  const rawCode =
    headerCode ??
    (typeof parsed.__type === 'string' ? parsed.__type : undefined) ??
    (typeof parsed.code === 'string' ? parsed.code : undefined) ??
    '';
  const code = sanitizeCode(rawCode) || fallbackCode(response.statusCode);
  const message =
    (typeof parsed.message === 'string' ? parsed.message : undefined) ??
    (typeof parsed.Message === 'string' ? parsed.Message : undefined) ??
    `Artifact answered HTTP ${response.statusCode}`;
  const { message: _m, Message: _M, __type: _t, code: _c, ...details } = parsed;
  const metadata: ResponseMetadata = {
    httpStatusCode: response.statusCode,
    ...(requestId ? { requestId } : {}),
  };
  const Modelled = MODELLED[code];
  const error = Modelled
    ? new Modelled({ message, metadata, details })
    : new ArtifactServiceException({
        name: code,
        fault: response.statusCode >= 500 ? 'server' : 'client',
        message,
        metadata,
        details,
      });
  error.$response = response;
  return error;
}

/** `aws.protocols#restJson1` error codes may carry `:<url>` after the name and a `namespace#` before it. */
export function sanitizeCode(raw: string): string {
  let code = raw.trim();
  const colon = code.indexOf(':');
  if (colon >= 0) code = code.slice(0, colon);
  const hash = code.lastIndexOf('#');
  if (hash >= 0) code = code.slice(hash + 1);
  return code;
}

function fallbackCode(status: number): string {
  if (status === 429) return 'ThrottlingException';
  if (status === 403) return 'AccessDeniedException';
  if (status === 404) return 'ResourceNotFoundException';
  return status >= 500 ? 'InternalServerException' : 'UnknownError';
}

function parseBody(body: string): Record<string, unknown> {
  if (!body.trim()) return {};
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}
