// Retention and delivered packages: pruning a run that was delivered to S3 removes its local folder, archive
// and delivery record, and never reaches S3 — the locked copy stays, and no S3 call is made at all.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../../../src/daemon/retention.js';
import { deliveryRecordPath } from '../../../src/deliver/deliver-package.js';
import { defineWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { writeResults } from '../../support/write-results.js';
import { logger, memoryStore } from '../../unit/daemon/daemon-fixture.js';
import { fixtureResults } from '../../unit/store/run-fixture.js';

const MGMT = '111111111111';

describe('retention of delivered runs', () => {
  let emulator: Emulator;
  let s3: S3Client;
  beforeAll(async () => {
    emulator = await startEmulator({
      world: defineWorld({
        organization: { id: 'o-retention01', managementAccount: MGMT },
        regions: ['us-east-1'],
        accounts: [{ id: MGMT, name: 'management', email: 'm@example.com' }],
        s3: { buckets: [{ name: 'packages', account: MGMT, objectLock: { mode: 'COMPLIANCE', days: 30 } }] },
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

  it('deletes the local copy and its delivery record, and leaves the locked S3 object alone', async () => {
    const out = await mkdtemp(join(tmpdir(), 'evidentia-retention-s3-'));
    const store = memoryStore();
    const runs = [
      ['old', '2026-01-01T00:00:00.000Z'],
      ['new', '2026-11-28T00:00:00.000Z'],
    ] as const;
    for (const [runId, startedAt] of runs) {
      const dir = join(out, 'p', runId);
      await mkdir(dir, { recursive: true });
      await writeResults(dir, fixtureResults({ runId, controls: { 'fw:1': 'PASS' } }));
      await writeFile(`${dir}.tar.gz`, `package ${runId}`);
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: 'packages',
          Key: `p/${runId}.tar.gz`,
          Body: `package ${runId}`,
          ChecksumAlgorithm: 'SHA256',
        }),
      );
      await writeFile(
        deliveryRecordPath(`${dir}.tar.gz`),
        JSON.stringify({ kind: 's3', uri: `s3://packages/p/${runId}.tar.gz`, versionId: put.VersionId }),
      );
      await store.start({ runId, profileId: 'p', profileName: 'P', startedAt });
      await store.finish(runId, {
        status: 'completed',
        finishedAt: startedAt,
        dir,
        archive: `${dir}.tar.gz`,
      });
    }
    const before = emulator.requests.length;
    const pruned = await applyRetention({
      profileId: 'p',
      policy: { keepLast: 1 },
      store,
      outDir: out,
      now: new Date('2026-11-29T00:00:00.000Z'),
      logger,
    });
    expect(pruned).toEqual(['old']);
    const old = join(out, 'p', 'old');
    expect(existsSync(old)).toBe(false);
    expect(existsSync(`${old}.tar.gz`)).toBe(false);
    expect(existsSync(`${old}.delivery.json`)).toBe(false);
    expect(existsSync(join(out, 'p', 'new.delivery.json'))).toBe(true);
    expect(emulator.requests.slice(before)).toEqual([]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'packages', Key: 'p/old.tar.gz' }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    await store.close();
  });
});
