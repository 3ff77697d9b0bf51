// `evidentia collect` with a `delivery:` block, as a user runs it: a non-HIPAA profile without retainDays is
// bad input (file:line, exit 2, no AWS call); a HIPAA profile delivers its package locked for six years and
// says where it went.

import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defineWorld,
  demoWorld,
  type Emulator,
  startEmulator,
  type WorldInput,
} from '../../../src/emulator/index.js';
import { runCli } from '../../support/run-cli.js';

const MGMT = '111111111111';
const DAY = 86_400_000;

let emulator: Emulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const demo = demoWorld() as unknown as WorldInput;
  emulator = await startEmulator({
    world: defineWorld({
      ...demo,
      s3: { buckets: [{ name: 'health-evidence', account: MGMT, objectLock: {} }] },
    }),
  });
  dir = await mkdtemp(join(tmpdir(), 'evidentia-delivery-cli-'));
  env = {
    AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
  };
});
afterAll(() => emulator.close());

const profile = (frameworks: string) =>
  [
    'type: profile',
    'id: small',
    'name: One account',
    'organization: { name: Example Health }',
    `frameworks: [${frameworks}]`,
    'scope:',
    `  accounts: ['${MGMT}']`,
    '  regions: [us-east-1]',
    '  role: { name: EvidentiaAuditRole }',
    'delivery:',
    '  s3:',
    '    bucket: health-evidence',
    '    prefix: packages',
    '    region: us-east-1',
    '    objectLock: { mode: COMPLIANCE }',
    '',
  ].join('\n');

describe('collect with delivery', () => {
  it('refuses a non-HIPAA profile whose objectLock has no retainDays, before any AWS call', async () => {
    const file = join(dir, 'no-days.yaml');
    await writeFile(file, profile('pci-dss-4.0.1'));
    const before = emulator.requests.length;
    const r = await runCli(
      ['collect', '--profile', file, '--endpoint', emulator.url, '--out', join(dir, 'out-bad')],
      {
        env,
        cwd: dir,
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /no-days\.yaml:15:\d+: delivery\.s3\.objectLock(\.retainDays)?: expected retainDays/,
    );
    expect(emulator.requests.length).toBe(before);
  });

  it('delivers a HIPAA profile’s package locked for six years, and prints where', async () => {
    const file = join(dir, 'hipaa.yaml');
    await writeFile(file, profile('hipaa-security'));
    const out = join(dir, 'out');
    const r = await runCli(['collect', '--profile', file, '--endpoint', emulator.url, '--out', out], {
      env,
      cwd: dir,
      timeoutMs: 120_000,
    });
    expect(r.code).toBe(0);
    const line =
      /delivered to (s3:\/\/health-evidence\/packages\/small\/([^ ]+)\.tar\.gz) \(version (\S+), COMPLIANCE until (\S+); SHA-256 verified\)/.exec(
        r.stdout,
      );
    expect(line, r.stdout + r.stderr).not.toBeNull();
    const [, uri, runId, versionId, until] = line as unknown as string[];
    const record = JSON.parse(await readFile(join(out, 'small', `${runId}.delivery.json`), 'utf8'));
    expect(record).toMatchObject({ uri, versionId, objectLock: { mode: 'COMPLIANCE', retainUntil: until } });
    expect(await readdir(join(out, 'small'))).toContain(`${runId}.tar.gz`);
    const s3 = new S3Client({
      endpoint: emulator.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: emulator.credentials,
    });
    const head = await s3.send(
      new HeadObjectCommand({
        Bucket: 'health-evidence',
        Key: `packages/small/${runId}.tar.gz`,
        VersionId: versionId,
      }),
    );
    s3.destroy();
    const days = ((head.ObjectLockRetainUntilDate?.getTime() ?? 0) - Date.now()) / DAY;
    expect(Math.round(days)).toBe(2190);
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
  });
});
