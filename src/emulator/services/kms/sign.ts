// KMS Sign: a real signature with the key's private key, over a message (RAW, hashed here) or a digest the
// caller computed (DIGEST, checked for the algorithm's length), with the usage and algorithm checks KMS makes.

import { createHash } from 'node:crypto';
import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import { requireUsable } from './key-checks.js';
import { DIGEST_LENGTH, SIGNING_ALGORITHMS, signDigest } from './kms-crypto.js';

/** Sign. */
export function sign(input: Record<string, unknown>, ctx: OperationContext) {
  const store = ctx.world.kms;
  const key = store.resolve(String(input.KeyId), ctx.caller.accountId, ctx.region);
  requireUsable(key);
  const algorithmName = String(input.SigningAlgorithm);
  if (key.keyUsage !== 'SIGN_VERIFY')
    throw new AwsServiceError(
      'InvalidKeyUsageException',
      `${key.arn} key usage is ${key.keyUsage} which is not valid for signing.`,
    );
  const alg = SIGNING_ALGORITHMS[algorithmName];
  if (!alg || !store.signingAlgorithms(key).includes(algorithmName))
    throw new AwsServiceError(
      'InvalidKeyUsageException',
      `Algorithm ${algorithmName} is incompatible with key spec ${key.keySpec}.`,
    );
  const messageType = input.MessageType === undefined ? 'RAW' : String(input.MessageType);
  const message = Buffer.from(String(input.Message), 'base64');
  let digest: Buffer;
  if (messageType === 'RAW') digest = createHash(alg.hash).update(message).digest();
  else if (messageType === 'DIGEST') {
    if (message.length !== DIGEST_LENGTH[alg.hash])
      throw new AwsServiceError(
        'ValidationException',
        `Digest is invalid length for algorithm ${algorithmName}.`,
      );
    digest = message;
  } else
    throw new AwsServiceError(
      'ValidationException',
      `MessageType ${messageType} is not valid for algorithm ${algorithmName}.`,
    );
  if (input.DryRun === true)
    throw new AwsServiceError(
      'DryRunOperationException',
      'The request would have succeeded, but the DryRun option is set.',
    );
  const signature = signDigest(store.privateKey(key), alg, digest);
  // The world's fault: one flipped bit in the last byte, as a broken proxy or a mixed-up key would give.
  if (key.corruptSignatures) signature[signature.length - 1]! ^= 0x01;
  return {
    KeyId: key.arn,
    Signature: signature,
    SigningAlgorithm: algorithmName,
  };
}
