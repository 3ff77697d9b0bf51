// Errors of package delivery, with stable codes (the run fails with them; the local package stays).

import { EvidentiaError, EXIT } from '../core/errors.js';

export type DeliveryErrorCode =
  /** The upload failed (network, permissions, bucket); any multipart upload was aborted. */
  | 'DELIVERY_UPLOAD_FAILED'
  /** The object S3 holds does not match the archive (checksum, size or lock differ). */
  | 'DELIVERY_VERIFY_FAILED'
  /** Fetching a package back from S3 failed. */
  | 'DELIVERY_FETCH_FAILED';

export class DeliveryError extends EvidentiaError {
  constructor(code: DeliveryErrorCode, message: string, opts: { cause?: unknown; uri?: string } = {}) {
    super(code, message, {
      exitCode: EXIT.INCOMPLETE,
      ...(opts.cause === undefined ? {} : { cause: opts.cause }),
      ...(opts.uri ? { context: { uri: opts.uri } } : {}),
    });
  }
}
