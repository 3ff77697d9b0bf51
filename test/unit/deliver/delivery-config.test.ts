// The `delivery:` block in a profile and in the daemon configuration: a HIPAA profile's Object Lock keeps
// six years unless told otherwise, any other profile must say how long (reported at file:line, exit 2,
// before any AWS call), bad buckets and prefixes are refused, and the daemon's block is the default for
// profiles without their own.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, loadCatalog, loadProfile } from '../../../src/catalog/index.js';
import { formatIssue, InputError } from '../../../src/core/errors.js';
import { packagePaths } from '../../../src/core/paths.js';
import { parseDaemonConfig } from '../../../src/daemon/config/load-daemon-config.js';
import { HIPAA_RETAIN_DAYS, packageKey, resolveS3Delivery } from '../../../src/deliver/delivery-schema.js';

let catalog: Catalog;
let healthcare: string;
let retail: string;
beforeAll(async () => {
  catalog = await loadCatalog();
  healthcare = await readFile(join(packagePaths().profiles, 'healthcare.yaml'), 'utf8');
  retail = await readFile(join(packagePaths().profiles, 'retail.yaml'), 'utf8');
});

async function load(text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-delivery-'));
  const file = join(dir, 'profile.yaml');
  await writeFile(file, text);
  return loadProfile(file, catalog);
}

async function issues(text: string): Promise<string[]> {
  try {
    await load(text);
  } catch (err) {
    if (err instanceof InputError)
      return err.issues.map((i) => formatIssue(i).replace(/^.*profile\.yaml/, 'profile.yaml'));
    throw err;
  }
  return [];
}

const block = (objectLock: string, extra = '') => `
delivery:
  s3:
    bucket: evidence-packages
    prefix: audit
    region: us-east-1
${objectLock ? `    objectLock: ${objectLock}\n` : ''}${extra}`;

describe('delivery in a profile', () => {
  it('a HIPAA profile keeps six years when objectLock gives no retainDays', async () => {
    const profile = await load(healthcare + block('{ mode: COMPLIANCE }'));
    const resolved = resolveS3Delivery(profile.delivery!.s3, profile.frameworks);
    expect(resolved).toEqual({
      ok: true,
      plan: {
        bucket: 'evidence-packages',
        prefix: 'audit',
        region: 'us-east-1',
        partSizeBytes: 8 * 1024 * 1024,
        objectLock: { mode: 'COMPLIANCE', retainDays: HIPAA_RETAIN_DAYS },
      },
    });
    expect(HIPAA_RETAIN_DAYS).toBe(2190);
  });

  it('an explicit retainDays wins, also for HIPAA', async () => {
    const profile = await load(healthcare + block('{ mode: GOVERNANCE, retainDays: 3650 }'));
    const resolved = resolveS3Delivery(profile.delivery!.s3, profile.frameworks);
    expect(resolved.ok && resolved.plan.objectLock).toEqual({ mode: 'GOVERNANCE', retainDays: 3650 });
  });

  it('another profile must say how long, at the line of the objectLock block', async () => {
    const text = retail + block('{ mode: COMPLIANCE }');
    const line = text.split('\n').findIndex((l) => l.includes('objectLock:')) + 1;
    const found = await issues(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(
        `^profile\\.yaml:${line}:\\d+: delivery\\.s3\\.objectLock(\\.retainDays)?: expected retainDays`,
      ),
    );
  });

  it('without objectLock nothing is locked and nothing is required', async () => {
    const profile = await load(retail + block(''));
    const resolved = resolveS3Delivery(profile.delivery!.s3, profile.frameworks);
    expect(resolved.ok && resolved.plan.objectLock).toBeUndefined();
  });

  it('refuses bad buckets, prefixes, modes and part sizes', async () => {
    const bad = await issues(
      `${retail}
delivery:
  s3:
    bucket: Evidence_Packages
    prefix: ../up
    region: us-east-1
    objectLock: { mode: FOREVER, retainDays: 0 }
    partSizeBytes: 1024
`,
    );
    const text = bad.join('\n');
    expect(text).toMatch(/delivery\.s3\.bucket: expected an S3 bucket name/);
    expect(text).toMatch(/delivery\.s3\.prefix/);
    expect(text).toMatch(/delivery\.s3\.objectLock\.mode/);
    expect(text).toMatch(/delivery\.s3\.objectLock\.retainDays/);
    expect(text).toMatch(/delivery\.s3\.partSizeBytes/);
  });

  it('names packages <prefix>/<profile>/<run-id>.tar.gz', () => {
    expect(packageKey('audit/', 'healthcare', 'r1')).toBe('audit/healthcare/r1.tar.gz');
    expect(packageKey('', 'healthcare', 'r1')).toBe('healthcare/r1.tar.gz');
  });
});

describe('delivery in the daemon configuration', () => {
  const config = (objectLock: string) => `output: out
http: { enabled: false }
profiles:
  - profile: healthcare
  - profile: retail
delivery:
  s3:
    bucket: evidence-packages
    region: us-east-1
    objectLock: ${objectLock}
`;

  it('is the default for every profile, HIPAA ones keeping six years', async () => {
    const s = await parseDaemonConfig(
      'daemon.yaml',
      config('{ mode: COMPLIANCE, retainDays: 400 }'),
      '/etc/evidentia',
      {
        catalog,
        env: {},
      },
    );
    const byId = Object.fromEntries(s.profiles.map((p) => [p.profile.id, p.profile]));
    expect(byId.healthcare?.delivery?.s3.objectLock).toEqual({ mode: 'COMPLIANCE', retainDays: 400 });
    expect(byId.retail?.delivery?.s3.bucket).toBe('evidence-packages');
  });

  it('without retainDays, a non-HIPAA profile is refused at the daemon file', async () => {
    let error: unknown;
    try {
      await parseDaemonConfig('daemon.yaml', config('{ mode: COMPLIANCE }'), '/etc/evidentia', {
        catalog,
        env: {},
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    const lines = (error as InputError).issues.map(formatIssue);
    expect(lines).toEqual([
      expect.stringMatching(
        /^daemon\.yaml:10:\d+: delivery\.s3\.objectLock: for profile 'retail': expected retainDays/,
      ),
    ]);
  });
});
