// Hostile attestation folders: a record must never pull a file from outside the folder, a symbolic link, a FIFO,
// a folder or a document changed after attesting into the run (and so into the signed package). Each one is
// refused, nothing is copied, and the control's finding is FAIL with the reason (or, for a record whose path
// escapes the folder, the record itself is unreadable and the control stays MANUAL — never PASS).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { recordAttestation } from '../../../../src/attest/record-attestation.js';
import { AwsClients } from '../../../../src/aws/aws-clients.js';
import { collectAttestations } from '../../../../src/collect/attestations/collect-attestations.js';
import type { CollectContext } from '../../../../src/collect/collect-context.js';
import { EvidenceWriter } from '../../../../src/collect/evidence-writer.js';
import { fixedClock } from '../../../../src/core/clock.js';
import type { EvidenceRecord } from '../../../../src/core/evidence-record.js';
import { silentLogger } from '../../../../src/core/logger.js';
import { evaluateAttestations } from '../../../../src/evaluate/attestations/evaluate-attestations.js';
import type { AttestationsTask } from '../../../../src/plan/types.js';

const clock = fixedClock('2026-06-01T00:00:00Z');
const SECRET =
  '-----BEGIN PRIVATE KEY-----\nnot really a key, but it must never travel\n-----END PRIVATE KEY-----\n';
const CONTROLS = {
  folderLink: '164.308(a)(1)(i)',
  fileLink: '164.308(a)(2)',
  escape: '164.308(a)(3)(i)',
  fifo: '164.308(a)(4)(i)',
  folder: '164.308(a)(5)(i)',
  changed: '164.308(a)(6)(i)',
  good: '164.308(a)(8)',
} as const;

const item = (controlId: string) => ({
  frameworkId: 'hipaa-security',
  controlId,
  title: `Document for ${controlId}`,
  owner: 'security-officer',
  ownerContact: 'ciso@example.org',
  maxAgeDays: 365,
});
const task: AttestationsTask = {
  id: 'attestations',
  kind: 'attestations',
  accountId: 'organization',
  region: 'global',
  items: Object.values(CONTROLS).map(item),
  dir: 'attestations',
};

describe('collectAttestations on a hostile folder', () => {
  let profileDir: string;
  let clients: AwsClients;
  let runDir: string;
  let records: EvidenceRecord[];

  /** A record naming `file` (relative to the record) that claims the secret's exact hash: the worst case. */
  const hostileRecord = async (controlId: string, file: string) => {
    const folder = join(
      profileDir,
      'attestations',
      'hipaa-security',
      controlId.replace(/[^A-Za-z0-9.]+/g, '-'),
    );
    await mkdir(folder, { recursive: true });
    const record = {
      type: 'attestation',
      framework: 'hipaa-security',
      control: controlId,
      file,
      sha256: createHash('sha256').update(SECRET).digest('hex'),
      bytes: Buffer.byteLength(SECRET),
      mediaType: 'application/pdf',
      owner: 'mallory@example.org',
      attestedAt: '2026-05-01T00:00:00.000Z',
      validDays: 365,
      expiresAt: '2027-05-01T00:00:00.000Z',
    };
    await writeFile(join(folder, `x.attestation.yaml`), stringify(record));
    return folder;
  };

  beforeAll(async () => {
    clients = new AwsClients({
      homeRegion: 'us-east-1',
      role: { name: 'EvidentiaAuditRole', sessionName: 'evidentia', durationSeconds: 3600 },
      limits: { global: 1, perAccount: 1 },
      maxAttempts: 1,
      callTimeoutMs: 1000,
      clock,
    });
    profileDir = await mkdtemp(join(tmpdir(), 'evidentia-hostile-att-'));
    // The host secret, outside the attestation folder.
    const outside = join(profileDir, 'host');
    await mkdir(outside);
    await writeFile(join(outside, 'shadow'), SECRET);

    // 1. A symbolic link to a folder on the way: etc-link/shadow.
    const f1 = await hostileRecord(CONTROLS.folderLink, 'etc-link/shadow');
    await symlink(outside, join(f1, 'etc-link'));
    // 2. The document itself is a symbolic link.
    const f2 = await hostileRecord(CONTROLS.fileLink, 'policy.pdf');
    await symlink(join(outside, 'shadow'), join(f2, 'policy.pdf'));
    // 3. A `..` escape.
    await hostileRecord(CONTROLS.escape, '../../../host/shadow');
    // 4. A FIFO (reading it would block the collector for ever).
    const f4 = await hostileRecord(CONTROLS.fifo, 'pipe.pdf');
    execFileSync('mkfifo', [join(f4, 'pipe.pdf')]);
    // 5. A folder.
    const f5 = await hostileRecord(CONTROLS.folder, 'dir.pdf');
    await mkdir(join(f5, 'dir.pdf'));
    // 6. A properly recorded document changed after attesting.
    const inbox = join(profileDir, 'inbox');
    await mkdir(inbox);
    const attest = async (controlId: string, name: string) => {
      await writeFile(join(inbox, name), `document for ${controlId}\n`);
      return recordAttestation({
        dir: join(profileDir, 'attestations'),
        frameworkId: 'hipaa-security',
        controlId,
        file: join(inbox, name),
        owner: 'alice@example.org',
        attestedAt: new Date('2026-03-01T00:00:00Z'),
        validDays: 365,
      });
    };
    const changed = await attest(CONTROLS.changed, 'changed.pdf');
    await appendFile(join(profileDir, 'attestations', changed.documentPath), 'edited afterwards\n');
    // 7. One honest attestation, which must still be copied and pass.
    await attest(CONTROLS.good, 'good.pdf');

    runDir = await mkdtemp(join(tmpdir(), 'evidentia-hostile-run-'));
    const ctx: CollectContext = {
      clients,
      writer: new EvidenceWriter(runDir),
      clock,
      logger: silentLogger(),
      maxResources: 10,
      signal: new AbortController().signal,
      profileDir,
      runDir,
    };
    records = await collectAttestations(task, ctx);
  });
  afterAll(() => clients.destroy());

  const verdict = (controlId: string) =>
    evaluateAttestations(task, records, { clock, catalog: {} as never, maxResources: 10 }).find(
      (v) => v.queryKey === `manual:hipaa-security:${controlId}`,
    );

  it('copies nothing but the one intact document into the run', async () => {
    const copied = (await readdir(join(runDir, 'attestations'), { recursive: true, withFileTypes: true }))
      .filter((e) => !e.isDirectory())
      .map((e) => join(e.parentPath, e.name));
    expect(copied).toHaveLength(1);
    expect(copied[0]).toMatch(/2026-03-01-good\.pdf$/);
    for (const path of copied) expect(await readFile(path, 'utf8')).not.toContain('PRIVATE KEY');
    const withFile = records.filter((r) => r.file);
    expect(withFile.map((r) => r.file?.path)).toEqual([expect.stringMatching(/good\.pdf$/)]);
    expect(JSON.stringify(records)).not.toContain('never travel');
  });

  it('fails a document behind a symbolic link to a folder, naming the link', () => {
    expect(verdict(CONTROLS.folderLink)).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining(
        'etc-link/shadow was refused: hipaa-security/164.308-a-1-i-/etc-link is a symbolic link',
      ),
    });
  });

  it('fails a document that is itself a symbolic link', () => {
    expect(verdict(CONTROLS.fileLink)).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('/policy.pdf was refused: it is a symbolic link'),
    });
  });

  it('never reads a record whose path escapes the folder', () => {
    const listing = records.find((r) => r.operation === 'ListAttestations');
    expect(JSON.stringify(listing?.response)).toContain('expected a path inside the attestation folder');
    expect(verdict(CONTROLS.escape)?.status).toBe('MANUAL');
  });

  it('fails a FIFO and a folder without reading them', () => {
    expect(verdict(CONTROLS.fifo)).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('pipe.pdf was refused: it is not a regular file but a FIFO'),
    });
    expect(verdict(CONTROLS.folder)).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('dir.pdf was refused: it is not a regular file but a folder'),
    });
  });

  it('fails a document changed after attesting, and does not copy it', () => {
    expect(verdict(CONTROLS.changed)).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('has changed since it was attested'),
    });
    expect(verdict(CONTROLS.good)?.status).toBe('PASS');
  });
});
