// KMS GetPublicKey: the DER SubjectPublicKeyInfo of an asymmetric key, with its spec, usage and algorithms.

import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import { requireUsable } from './key-checks.js';

/** GetPublicKey. */
export function getPublicKey(input: Record<string, unknown>, ctx: OperationContext) {
  const store = ctx.world.kms;
  const key = store.resolve(String(input.KeyId), ctx.caller.accountId, ctx.region);
  requireUsable(key);
  if (key.keySpec === 'SYMMETRIC_DEFAULT')
    throw new AwsServiceError(
      'UnsupportedOperationException',
      `${key.arn} key usage is ENCRYPT_DECRYPT which is not valid for GetPublicKey.`,
    );
  const signing = store.signingAlgorithms(key);
  const encryption = store.encryptionAlgorithms(key);
  return {
    KeyId: key.arn,
    PublicKey: store.publicKeyDer(key),
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    ...(signing.length ? { SigningAlgorithms: signing } : {}),
    ...(encryption.length ? { EncryptionAlgorithms: encryption } : {}),
  };
}
