// KMS DescribeKey: the key's metadata (spec, usage, state, algorithms), for any key the caller can see.

import type { OperationContext } from '../../service-definition.js';
import type { KmsKeyState, KmsKeyStore } from './kms-key-store.js';

/** KeyMetadata as KMS returns it. */
export function keyMetadata(store: KmsKeyStore, key: KmsKeyState) {
  const signing = store.signingAlgorithms(key);
  const encryption = store.encryptionAlgorithms(key);
  return {
    AWSAccountId: key.accountId,
    KeyId: key.id,
    Arn: key.arn,
    CreationDate: key.createdAt,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    ...(key.state === 'PendingDeletion'
      ? { DeletionDate: new Date(key.createdAt.getTime() + 187 * 86_400_000), PendingDeletionWindowInDays: 7 }
      : {}),
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    ...(signing.length ? { SigningAlgorithms: signing } : {}),
    ...(encryption.length ? { EncryptionAlgorithms: encryption } : {}),
    MultiRegion: false,
  };
}

/** DescribeKey. */
export function describeKey(input: Record<string, unknown>, ctx: OperationContext) {
  const store = ctx.world.kms;
  const key = store.resolve(String(input.KeyId), ctx.caller.accountId, ctx.region);
  return { KeyMetadata: keyMetadata(store, key) };
}
