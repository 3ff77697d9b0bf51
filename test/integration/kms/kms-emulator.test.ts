// The emulator's KMS over real HTTP with the real SDK client: key lookup by id, ARN and alias, public keys
// and signatures that verify with node:crypto (RSA PKCS#1, PSS, ECDSA on P-256/P-384), and KMS's errors.

import { constants, createHash, createPublicKey, verify } from 'node:crypto';
import {
  DescribeKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
  type SignCommandInput,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';

const MGMT = '111111111111';
const OTHER = '222222222222';
const RSA_ID = '11111111-2222-4333-8444-555555555555';
const EC_ID = '21111111-2222-4333-8444-555555555555';

function kmsWorld() {
  return defineWorld({
    organization: { id: 'o-kmsworld001', managementAccount: MGMT },
    regions: ['us-east-1', 'eu-west-1'],
    accounts: [
      { id: MGMT, name: 'management', email: 'm@example.com' },
      { id: OTHER, name: 'other', email: 'o@example.com' },
    ],
    kms: {
      keys: [
        { id: RSA_ID, account: MGMT, region: 'us-east-1', aliases: ['alias/signing'], keySpec: 'RSA_2048' },
        { id: EC_ID, account: MGMT, region: 'us-east-1', keySpec: 'ECC_NIST_P256' },
        { account: MGMT, region: 'us-east-1', keySpec: 'ECC_NIST_P384', aliases: ['alias/p384'] },
        {
          account: MGMT,
          region: 'us-east-1',
          keySpec: 'RSA_2048',
          aliases: ['alias/off'],
          state: 'Disabled',
        },
        { account: MGMT, region: 'us-east-1', keySpec: 'SYMMETRIC_DEFAULT', aliases: ['alias/data'] },
        { account: OTHER, region: 'us-east-1', keySpec: 'RSA_2048', aliases: ['alias/elsewhere'] },
      ],
    },
  });
}

describe('KMS in the emulator', () => {
  let emulator: Emulator;
  let kms: KMSClient;

  beforeAll(async () => {
    emulator = await startEmulator({ world: kmsWorld() });
    kms = new KMSClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: emulator.credentials,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    kms.destroy();
    await emulator.close();
  });

  it('describes a key by id, ARN, alias and alias ARN', async () => {
    const arn = `arn:aws:kms:us-east-1:${MGMT}:key/${RSA_ID}`;
    for (const KeyId of [RSA_ID, arn, 'alias/signing', `arn:aws:kms:us-east-1:${MGMT}:alias/signing`]) {
      const out = await kms.send(new DescribeKeyCommand({ KeyId }));
      expect(out.KeyMetadata?.Arn).toBe(arn);
    }
    const meta = (await kms.send(new DescribeKeyCommand({ KeyId: RSA_ID }))).KeyMetadata!;
    expect(meta).toMatchObject({
      KeyId: RSA_ID,
      AWSAccountId: MGMT,
      KeySpec: 'RSA_2048',
      KeyUsage: 'SIGN_VERIFY',
      KeyState: 'Enabled',
      Enabled: true,
      Origin: 'AWS_KMS',
    });
    expect(meta.SigningAlgorithms).toContain('RSASSA_PKCS1_V1_5_SHA_256');
    expect(meta.SigningAlgorithms).toContain('RSASSA_PSS_SHA_512');
    expect(meta.CreationDate).toBeInstanceOf(Date);
    const ec = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/p384' }))).KeyMetadata!;
    expect(ec.SigningAlgorithms).toEqual(['ECDSA_SHA_384']);
  });

  it('answers NotFound for unknown keys and keys of another region, AccessDenied for another account', async () => {
    await expect(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nope' }))).rejects.toMatchObject({
      name: 'NotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    await expect(
      kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:eu-west-1:${MGMT}:key/${RSA_ID}` })),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(
      kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:${OTHER}:alias/elsewhere` })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('returns the public key as DER SubjectPublicKeyInfo', async () => {
    const out = await kms.send(new GetPublicKeyCommand({ KeyId: 'alias/signing' }));
    const key = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(out.KeySpec).toBe('RSA_2048');
    await expect(kms.send(new GetPublicKeyCommand({ KeyId: 'alias/data' }))).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
    });
  });

  const cases: { keyId: string; alg: SignCommandInput['SigningAlgorithm']; hash: string; pss?: boolean }[] = [
    { keyId: 'alias/signing', alg: 'RSASSA_PKCS1_V1_5_SHA_256', hash: 'sha256' },
    { keyId: 'alias/signing', alg: 'RSASSA_PKCS1_V1_5_SHA_512', hash: 'sha512' },
    { keyId: 'alias/signing', alg: 'RSASSA_PSS_SHA_256', hash: 'sha256', pss: true },
    { keyId: EC_ID, alg: 'ECDSA_SHA_256', hash: 'sha256' },
    { keyId: 'alias/p384', alg: 'ECDSA_SHA_384', hash: 'sha384' },
  ];
  for (const c of cases) {
    it(`signs with ${c.alg} over a digest and over a raw message`, async () => {
      const pub = createPublicKey({
        key: Buffer.from((await kms.send(new GetPublicKeyCommand({ KeyId: c.keyId }))).PublicKey!),
        format: 'der',
        type: 'spki',
      });
      const message = Buffer.from(`evidence for ${c.alg}`);
      const digest = createHash(c.hash).update(message).digest();
      const check = (sig: Uint8Array) =>
        verify(
          c.hash,
          message,
          c.pss
            ? { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digest.length }
            : { key: pub, dsaEncoding: 'der' },
          Buffer.from(sig),
        );
      const viaDigest = await kms.send(
        new SignCommand({ KeyId: c.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: c.alg }),
      );
      expect(viaDigest.SigningAlgorithm).toBe(c.alg);
      expect(viaDigest.KeyId).toMatch(/^arn:aws:kms:us-east-1:111111111111:key\//);
      expect(check(viaDigest.Signature!)).toBe(true);
      const raw = await kms.send(
        new SignCommand({ KeyId: c.keyId, Message: message, SigningAlgorithm: c.alg }),
      );
      expect(check(raw.Signature!)).toBe(true);
      // A signature over other bytes does not verify (the check can fail).
      expect(
        verify(
          c.hash,
          Buffer.from('something else'),
          c.pss ? { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING } : pub,
          Buffer.from(raw.Signature!),
        ),
      ).toBe(false);
    });
  }

  it('refuses what KMS refuses', async () => {
    const digest = createHash('sha256').update('x').digest();
    const sign = (input: Partial<SignCommandInput>) =>
      kms.send(
        new SignCommand({
          KeyId: 'alias/signing',
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
          ...input,
        }),
      );
    await expect(sign({ SigningAlgorithm: 'ECDSA_SHA_256' })).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
    });
    await expect(sign({ KeyId: 'alias/data' })).rejects.toMatchObject({ name: 'InvalidKeyUsageException' });
    await expect(sign({ KeyId: 'alias/off' })).rejects.toMatchObject({ name: 'DisabledException' });
    await expect(sign({ Message: digest.subarray(0, 20) })).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Digest is invalid length for algorithm RSASSA_PKCS1_V1_5_SHA_256.',
    });
    await expect(sign({ DryRun: true })).rejects.toMatchObject({ name: 'DryRunOperationException' });
    // Model validation: an enum value the model does not have.
    await expect(
      sign({ SigningAlgorithm: 'RSA_MAGIC' as SignCommandInput['SigningAlgorithm'] }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const ops = emulator.requests.filter((r) => r.service === 'kms').map((r) => r.operation);
    expect(new Set(ops)).toEqual(new Set(['DescribeKey', 'GetPublicKey', 'Sign']));
  });
});

describe('the kms section of a world', () => {
  it('refuses an alias used twice in one account and region', () => {
    expect(() =>
      defineWorld({
        organization: { id: 'o-kmsworld001', managementAccount: MGMT },
        regions: ['us-east-1'],
        accounts: [{ id: MGMT, name: 'management', email: 'm@example.com' }],
        kms: {
          keys: [
            { account: MGMT, region: 'us-east-1', aliases: ['alias/a'] },
            { account: MGMT, region: 'us-east-1', aliases: ['alias/a'] },
          ],
        },
      }),
    ).toThrow(/alias\/a is used twice/);
  });
});
