// The state checks KMS makes before using a key: disabled and pending-deletion keys answer their own errors.

import { AwsServiceError } from '../../service-error.js';
import type { KmsKeyState } from './kms-key-store.js';

/** Throw the error KMS answers for a key that cannot be used now. */
export function requireUsable(key: KmsKeyState): void {
  if (key.state === 'Disabled') throw new AwsServiceError('DisabledException', `${key.arn} is disabled.`);
  if (key.state === 'PendingDeletion')
    throw new AwsServiceError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
}
