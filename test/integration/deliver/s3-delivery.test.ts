// Packages delivered to the emulator's S3 under Object Lock, with the real SDK over HTTP: a whole run puts
// its signed archive at s3://bucket/prefix/<profile>/<run-id>.tar.gz, COMPLIANCE-locked and checksum-
// verified; the locked version cannot be deleted, shortened or replaced; fetched back it is byte-identical
// and verifies as a bundle; a multipart upload interrupted half-way leaves no object that looks complete.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../src/aws/aws-clients.js';
import { generateSelfSigned, localSigner, openBundle } from '../../../src/bundle/index.js';
import { systemClock } from '../../../src/core/clock.js';
import { deliveryRecordPath } from '../../../src/deliver/deliver-package.js';
import { DeliveryError } from '../../../src/deliver/delivery-errors.js';
import { fetchS3Object } from '../../../src/deliver/fetch-s3-object.js';
import { createDeliveryS3Client } from '../../../src/deliver/s3-delivery-client.js';
import { S3PackageStore } from '../../../src/deliver/s3-package-store.js';
import { defineWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { catalogWith, runAgainst } from '../../support/run-against-emulator.js';

const MGMT = '111111111111';
const BUCKET = 'evidence-packages';
const DAY = 86_400_000;
const MiB = 1024 * 1024;

const framework = `type: framework
id: s3-it
name: S3 delivery integration
version: "1"
controls:
  - id: "1"
    ref: S3 1
    title: Volumes are encrypted
    summary: One managed rule.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
`;

const profile = `type: profile
id: s3-it
name: Delivered to S3
organization: { name: S3 Org }
frameworks: [s3-it]
scope:
  accounts: ['${MGMT}']
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole, skipForAccount: '${MGMT}' }
delivery:
  s3:
    bucket: ${BUCKET}
    prefix: audit/packages
    region: us-east-1
    objectLock: { mode: COMPLIANCE, retainDays: 30 }
`;

function world() {
  return defineWorld({
    organization: { id: 'o-s3deliver01', managementAccount: MGMT },
    regions: ['us-east-1'],
    baseline: { rules: ['ENCRYPTED_VOLUMES'] },
    accounts: [{ id: MGMT, name: 'management', email: 'm@example.com' }],
    s3: { buckets: [{ name: BUCKET, account: MGMT, objectLock: {} }] },
  });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

describe('delivery to S3 with Object Lock', () => {
  let emulator: Emulator;
  let s3: S3Client;
  let signer: ReturnType<typeof localSigner>;
  let certificate: Awaited<ReturnType<typeof generateSelfSigned>>['certificate'];

  beforeAll(async () => {
    emulator = await startEmulator({ world: world() });
    s3 = new S3Client({
      endpoint: emulator.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: emulator.credentials,
      maxAttempts: 1,
    });
    const made = await generateSelfSigned({
      subject: { commonName: 'S3 Org audit signer' },
      now: new Date(),
      days: 30,
      modulusLength: 2048,
    });
    certificate = made.certificate;
    signer = localSigner({ key: made.key, chain: [made.certificate], keyDescription: 'test key' });
  });
  afterAll(async () => {
    s3.destroy();
    await emulator.close();
  });

  it('delivers a run locked in COMPLIANCE mode; the locked version cannot be removed or replaced; fetched back it is identical and verifies', async () => {
    const setup = await catalogWith(framework, profile);
    const { outcome } = await runAgainst(emulator, setup, { signer });
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe('completed');
    const archive = outcome.archive as string;
    const local = await readFile(archive);
    const delivery = outcome.delivery;
    const key = `audit/packages/s3-it/${outcome.runId}.tar.gz`;
    expect(delivery).toMatchObject({
      kind: 's3',
      uri: `s3://${BUCKET}/${key}`,
      bucket: BUCKET,
      key,
      size: local.length,
      sha256: createHash('sha256').update(local).digest('hex'),
      checksumSha256: createHash('sha256').update(local).digest('base64'),
      checksumType: 'FULL_OBJECT',
      objectLock: { mode: 'COMPLIANCE' },
    });
    expect(delivery?.versionId).toBeTruthy();
    // The record beside the archive says the same.
    expect(JSON.parse(await readFile(deliveryRecordPath(archive), 'utf8'))).toEqual(delivery);

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    const days = ((head.ObjectLockRetainUntilDate?.getTime() ?? 0) - Date.now()) / DAY;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30.01);
    expect(head.ObjectLockRetainUntilDate?.toISOString()).toBe(delivery?.objectLock?.retainUntil);

    const versionId = delivery?.versionId as string;
    for (const bypass of [false, true]) {
      const denied = (await failure(
        s3.send(
          new DeleteObjectCommand({
            Bucket: BUCKET,
            Key: key,
            VersionId: versionId,
            BypassGovernanceRetention: bypass,
          }),
        ),
      )) as S3ServiceException;
      expect(denied.name).toBe('AccessDenied');
      expect(denied.$metadata.httpStatusCode).toBe(403);
    }
    const shorten = (await failure(
      s3.send(
        new PutObjectRetentionCommand({
          Bucket: BUCKET,
          Key: key,
          VersionId: versionId,
          Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(Date.now() + DAY) },
        }),
      ),
    )) as S3ServiceException;
    expect(shorten.name).toBe('AccessDenied');
    // Overwriting the key makes a new version; the locked one is untouched and still readable by its id.
    const over = await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'forged package', ChecksumAlgorithm: 'SHA256' }),
    );
    expect(over.VersionId).not.toBe(versionId);
    const kept = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, VersionId: versionId }));
    expect(
      Buffer.from(
        await (kept.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      ).equals(local),
    ).toBe(true);

    // verify s3://… : the fetcher's copy is byte-identical and verifies as a bundle.
    const fetched = await fetchS3Object(delivery?.uri as string, {
      endpoint: emulator.url,
      credentials: async () => emulator.credentials,
      versionId,
    });
    try {
      expect(fetched.metadataChecked).toBe(true);
      expect((await readFile(fetched.path)).equals(local)).toBe(true);
      expect(fetched.path.endsWith(`${outcome.runId}.tar.gz`)).toBe(true);
      const report = await openBundle(fetched.path, { trust: [certificate] });
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      await fetched.cleanup();
    }
    expect(existsSync(fetched.path)).toBe(false);
    // The latest version is now the forged one: its bytes do not match the metadata it lacks, and it fails as a bundle.
    const latest = await fetchS3Object(delivery?.uri as string, {
      endpoint: emulator.url,
      credentials: async () => emulator.credentials,
    });
    try {
      expect(latest.metadataChecked).toBe(false);
      const report = await openBundle(latest.path, { trust: [certificate] }).catch(() => ({ ok: false }));
      expect(report.ok).toBe(false);
    } finally {
      await latest.cleanup();
    }
  });

  it('a failed delivery fails the run (the bucket is missing); the local package stays', async () => {
    const setup = await catalogWith(
      framework,
      profile.replace(`bucket: ${BUCKET}`, 'bucket: no-such-bucket'),
    );
    const { outcome } = await runAgainst(emulator, setup, { signer });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toBeInstanceOf(DeliveryError);
    expect((outcome.error as DeliveryError).code).toBe('DELIVERY_UPLOAD_FAILED');
    expect(outcome.error?.message).toMatch(/NoSuchBucket/);
    expect(existsSync(`${outcome.dir}.tar.gz`)).toBe(true);
    expect(existsSync(`${outcome.dir}.delivery.json`)).toBe(false);
  });

  describe('large packages (multipart)', () => {
    let clients: AwsClients;
    let big: string;
    beforeAll(async () => {
      clients = new AwsClients({
        endpoint: emulator.url,
        credentials: async () => emulator.credentials,
        homeRegion: 'us-east-1',
        role: { name: 'EvidentiaAuditRole', sessionName: 'evidentia', durationSeconds: 3600 },
        limits: { global: 4, perAccount: 4 },
        maxAttempts: 2,
        callTimeoutMs: 20_000,
        clock: systemClock,
      });
      const dir = await mkdtemp(join(tmpdir(), 'evidentia-s3-big-'));
      big = join(dir, 'big.tar.gz');
      const data = Buffer.alloc(11 * MiB + 4321);
      for (let i = 0; i < data.length; i += 4096) data.writeUInt32BE(i, i);
      await writeFile(big, data);
    });
    afterAll(() => clients.destroy());

    const plan = {
      bucket: BUCKET,
      prefix: 'big',
      region: 'us-east-1',
      partSizeBytes: 5 * MiB,
      objectLock: { mode: 'GOVERNANCE' as const, retainDays: 1 },
    };

    it('uploads in parts and verifies the composite checksum', async () => {
      const store = new S3PackageStore(
        createDeliveryS3Client(clients, { region: 'us-east-1' }, systemClock),
        plan,
        systemClock,
      );
      const record = await store.put({ archive: big, profileId: 'p', runId: 'run-multipart' });
      expect(record.checksumType).toBe('COMPOSITE');
      expect(record.checksumSha256).toMatch(/-3$/);
      const ops = emulator.requests.filter((r) => r.service === 's3').map((r) => r.operation);
      expect(ops).toEqual(
        expect.arrayContaining([
          'CreateMultipartUpload',
          'UploadPart',
          'CompleteMultipartUpload',
          'HeadObject',
        ]),
      );
    });

    it('an upload whose connection is reset half-way leaves no object and no upload behind', async () => {
      emulator.requests.length = 0;
      // The first part goes through; every later part (and its retries) has its connection reset.
      const fault = emulator.faults.add({ kind: 'reset', service: 's3', operation: 'UploadPart', after: 1 });
      try {
        const store = new S3PackageStore(
          createDeliveryS3Client(clients, { region: 'us-east-1' }, systemClock),
          plan,
          systemClock,
        );
        const err = await failure(store.put({ archive: big, profileId: 'p', runId: 'run-interrupted' }));
        expect(err).toBeInstanceOf(DeliveryError);
        expect((err as DeliveryError).code).toBe('DELIVERY_UPLOAD_FAILED');
      } finally {
        emulator.faults.remove(fault);
      }
      const s3ops = emulator.requests.filter((r) => r.service === 's3');
      expect(s3ops.some((r) => r.operation === 'UploadPart' && r.status === 200)).toBe(true);
      expect(s3ops.some((r) => r.errorCode === 'ConnectionReset')).toBe(true);
      expect(s3ops.map((r) => r.operation)).toContain('AbortMultipartUpload');
      expect(s3ops.map((r) => r.operation)).not.toContain('CompleteMultipartUpload');
      const missing = (await failure(
        s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'big/p/run-interrupted.tar.gz' })),
      )) as S3ServiceException;
      expect(missing.$metadata.httpStatusCode).toBe(404);
      // No upload in progress either: nothing could be completed later.
      const { s3Store } = await import('../../../src/emulator/services/s3/s3-store.js');
      expect([...(s3Store(emulator.world).buckets.get(BUCKET)?.uploads.values() ?? [])]).toEqual([]);
    });
  });
});
