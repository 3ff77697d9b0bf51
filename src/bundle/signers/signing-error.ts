// Errors of the signing step, each with a stable code: a key that cannot be read, a passphrase that is
// missing, a certificate that does not match its key, a KMS key that cannot sign.

import { EvidentiaError, EXIT, type ExitCode } from '../../core/errors.js';

export type SigningErrorCode =
  | 'SIGNER_KEY_UNREADABLE'
  | 'SIGNER_PASSPHRASE_MISSING'
  | 'SIGNER_CERTIFICATE_UNREADABLE'
  | 'SIGNER_KEY_MISMATCH'
  | 'SIGNER_KEY_UNSUPPORTED'
  | 'SIGNER_KMS_UNAVAILABLE'
  /** kms:Sign returned a signature that GetPublicKey's key does not verify. */
  | 'SIGNER_KMS_BAD_SIGNATURE'
  /** The time-stamping authority did not answer with a usable token. */
  | 'SIGNER_TIMESTAMP_FAILED';

/** The signer could not be prepared or could not sign. */
export class SigningError extends EvidentiaError {
  constructor(code: SigningErrorCode, message: string, opts: { cause?: unknown; exitCode?: ExitCode } = {}) {
    super(code, message, { ...opts, exitCode: opts.exitCode ?? EXIT.INCOMPLETE });
  }
}
