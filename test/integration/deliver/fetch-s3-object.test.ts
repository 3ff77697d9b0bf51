// Fetching a package from S3 for `evidentia verify s3://…`, against the emulator: the copy lands in a
// private temporary folder whatever the key says (no path escapes), hostile objects (too large, bytes that
// differ from their recorded SHA-256, missing) fail with DELIVERY_FETCH_FAILED and leave nothing behind,
// and a malformed address is bad input (exit 2).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { DeliveryError } from '../../../src/deliver/delivery-errors.js';
import { fetchS3Object } from '../../../src/deliver/fetch-s3-object.js';
import { localArchiveFor } from '../../../src/deliver/local-archive.js';
import { defineWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';

const MGMT = '111111111111';

describe('fetchS3Object', () => {
  let emulator: Emulator;
  let s3: S3Client;
  const opts = () => ({ endpoint: emulator.url, credentials: async () => emulator.credentials });
  const put = (Key: string, Body: string, Metadata?: Record<string, string>) =>
    s3.send(new PutObjectCommand({ Bucket: 'pkgs', Key, Body, ...(Metadata ? { Metadata } : {}) }));

  beforeAll(async () => {
    emulator = await startEmulator({
      world: defineWorld({
        organization: { id: 'o-fetch000001', managementAccount: MGMT },
        regions: ['us-east-1'],
        accounts: [{ id: MGMT, name: 'management', email: 'm@example.com' }],
        s3: { buckets: [{ name: 'pkgs', account: MGMT }] },
      }),
    });
    s3 = new S3Client({
      endpoint: emulator.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: emulator.credentials,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    s3.destroy();
    await emulator.close();
  });

  it.each([
    ['../../../etc/evil.tar.gz', 'evil.tar.gz'],
    ['a/..', 'package.tar.gz'],
    ['a/.hidden', 'hidden.tar.gz'],
    ['a/archive.tgz', 'archive.tgz'],
    ['a/we ird;name.tar.gz', 'we_ird_name.tar.gz'],
  ])('keeps the copy of key %s inside its temporary folder, as %s', async (key, name) => {
    await put(key, 'content');
    const got = await fetchS3Object(`s3://pkgs/${key}`, opts());
    try {
      expect(dirname(await realpath(got.path)).startsWith(await realpath(tmpdir()))).toBe(true);
      expect(got.path.split('/').at(-1)).toBe(name);
      expect(dirname(got.path).split('/').at(-1)).toMatch(/^evidentia-s3-/);
      expect(await readFile(got.path, 'utf8')).toBe('content');
    } finally {
      await got.cleanup();
    }
  });

  it('refuses an object larger than the limit and removes what it wrote', async () => {
    await put('big.tar.gz', 'x'.repeat(2000));
    const err = await fetchS3Object('s3://pkgs/big.tar.gz', { ...opts(), maxBytes: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).code).toBe('DELIVERY_FETCH_FAILED');
    expect((err as Error).message).toMatch(/limit/);
  });

  it('refuses bytes that differ from the recorded evidentia-sha256', async () => {
    await put('swapped.tar.gz', 'tampered', {
      'evidentia-sha256': createHash('sha256').update('original').digest('hex'),
    });
    const err = await fetchS3Object('s3://pkgs/swapped.tar.gz', opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as Error).message).toMatch(/differ from the object's evidentia-sha256/);
  });

  it('reports a missing object with S3 own error', async () => {
    const err = await fetchS3Object('s3://pkgs/none.tar.gz', opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as Error).message).toMatch(/NoSuchKey/);
  });

  it('treats a malformed address as bad input', async () => {
    for (const uri of ['s3://', 's3://Bad_Bucket/key', 's3://bucket-only', 's3://bucket/']) {
      await expect(fetchS3Object(uri, opts())).rejects.toBeInstanceOf(InputError);
    }
  });

  it('localArchiveFor: a local path as it is; s3:// fetched with the environment’s endpoint and keys', async () => {
    const local = await localArchiveFor('/some/where.tar.gz', {});
    expect(local.path).toBe('/some/where.tar.gz');
    await put('env/run.tar.gz', 'from env');
    const fetched = await localArchiveFor('s3://pkgs/env/run.tar.gz', {
      AWS_ENDPOINT_URL_S3: emulator.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    });
    expect(await readFile(fetched.path, 'utf8')).toBe('from env');
    expect(fetched.path.endsWith('run.tar.gz')).toBe(true);
    await fetched.cleanup();
    expect(existsSync(join(fetched.path, '..'))).toBe(false);
  });
});
