// A whole run against the emulator ends in a package sealed and archived in one pass (writeBundleArchive):
// the archive verifies, GNU tar unpacks the folder's very bytes with the seal last, and the run store records
// the SHA-256 of manifest.json as written (kept from the pass, no longer read back from the folder).

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle, parsePemCertificates } from '../../../src/bundle/index.js';
import { listFiles } from '../../../src/bundle/manifest/list-files.js';
import { defineWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';
import { catalogWith, runAgainst } from '../../support/run-against-emulator.js';

const run = promisify(execFile);
const MGMT = '111111111111';
const PROD = '222222222222';

const framework = `type: framework
id: seal-it
name: Sealed run
version: "1"
controls:
  - id: "1"
    ref: SEAL 1
    title: Volumes are encrypted
    summary: One managed rule.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
`;
const profile = `type: profile
id: seal-it
name: Sealed run
organization: { name: Seal Org }
frameworks: [seal-it]
scope:
  accounts: ['${MGMT}', '${PROD}']
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole }
`;

describe('a run sealed and archived in one pass', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      world: defineWorld({
        organization: { id: 'o-sealedrun01', managementAccount: MGMT },
        regions: ['us-east-1'],
        baseline: { rules: ['ENCRYPTED_VOLUMES'] },
        accounts: [
          { id: MGMT, name: 'management', email: 'm@example.com' },
          { id: PROD, name: 'production', email: 'p@example.com' },
        ],
      }),
    });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('verifies, unpacks to the folder with the seal last, and is recorded with its manifest hash', async () => {
    const setup = await catalogWith(framework, profile);
    const store = SqliteRunStore.open(join(setup.dir, 'runs.db'));
    try {
      const { outcome } = await runAgainst(emulator, setup, { store, trialKeyDir: join(setup.dir, 'keys') });
      expect(outcome.status).toBe('completed');
      const dir = outcome.dir;
      const archive = outcome.archive!;
      const manifestBytes = await readFile(join(dir, 'manifest.json'));
      const record = await store.get(outcome.runId);
      expect(record?.manifestSha256).toBe(createHash('sha256').update(manifestBytes).digest('hex'));

      const trust = parsePemCertificates(await readFile(join(dir, 'signer.pem'), 'utf8'));
      const report = await openBundle(archive, { trust });
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);

      const files = (await listFiles(dir)).files;
      const seal = ['SHA256SUMS', 'manifest.json', 'manifest.json.p7s'];
      const listed = (await run('tar', ['-tzf', archive])).stdout.trim().split('\n');
      expect(listed.slice(-3)).toEqual(seal.map((f) => `${outcome.runId}/${f}`));
      expect([...listed].sort()).toEqual(files.map((f) => `${outcome.runId}/${f}`).sort());
      const out = join(setup.dir, 'unpacked');
      await mkdir(out);
      await run('tar', ['-xzf', archive, '-C', out]);
      for (const f of files)
        expect((await readFile(join(out, outcome.runId, f))).equals(await readFile(join(dir, f))), f).toBe(
          true,
        );
    } finally {
      await store.close();
    }
  });
});
