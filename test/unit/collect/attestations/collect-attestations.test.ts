// The attestation collector on a real folder: records for the plan's controls with their documents hashed
// again and copied into the run folder, a changed document caught, unreadable records listed (never dropped),
// a missing folder read as "nothing attested yet", and the evaluator's verdicts on what was stored.

import { appendFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAttestation } from '../../../../src/attest/record-attestation.js';
import { AwsClients } from '../../../../src/aws/aws-clients.js';
import { collectAttestations } from '../../../../src/collect/attestations/collect-attestations.js';
import type { CollectContext } from '../../../../src/collect/collect-context.js';
import { EvidenceWriter } from '../../../../src/collect/evidence-writer.js';
import { fixedClock } from '../../../../src/core/clock.js';
import { silentLogger } from '../../../../src/core/logger.js';
import { evaluateAttestations } from '../../../../src/evaluate/attestations/evaluate-attestations.js';
import type { AttestationsTask } from '../../../../src/plan/types.js';

const clock = fixedClock('2026-06-01T00:00:00Z');
const item = (controlId: string) => ({
  frameworkId: 'hipaa-security',
  controlId,
  title: `Document for ${controlId}`,
  owner: 'security-officer',
  ownerContact: 'ciso@example.org',
  maxAgeDays: 365,
});
const task = (dir?: string): AttestationsTask => ({
  id: 'attestations',
  kind: 'attestations',
  accountId: 'organization',
  region: 'global',
  items: [item('164.308(a)(5)(i)'), item('164.316(a)'), item('164.308(a)(7)(ii)(D)'), item('164.310(b)')],
  dir: dir ?? '',
});

describe('collectAttestations', () => {
  let profileDir: string;
  let clients: AwsClients;
  const context = async (withRunDir = true) => {
    const runDir = await mkdtemp(join(tmpdir(), 'evidentia-att-run-'));
    const ctx: CollectContext = {
      clients,
      writer: new EvidenceWriter(runDir),
      clock,
      logger: silentLogger(),
      maxResources: 10,
      signal: new AbortController().signal,
      profileDir,
      runDir: withRunDir ? runDir : '',
    };
    return { runDir, ctx };
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
    profileDir = await mkdtemp(join(tmpdir(), 'evidentia-att-profile-'));
    const docs = join(profileDir, 'inbox');
    await mkdir(docs);
    const dir = join(profileDir, 'compliance', 'attestations');
    const attest = async (controlId: string, name: string, date: string) => {
      await writeFile(join(docs, name), `document for ${controlId}\n`);
      return recordAttestation({
        dir,
        frameworkId: 'hipaa-security',
        controlId,
        file: join(docs, name),
        owner: 'alice@example.org',
        attestedAt: new Date(date),
        validDays: 365,
      });
    };
    await attest('164.308(a)(5)(i)', 'training.pdf', '2026-03-01T00:00:00Z');
    await attest('164.308(a)(7)(ii)(D)', 'dr-test.pdf', '2025-03-01T00:00:00Z');
    const changed = await attest('164.310(b)', 'workstation.md', '2026-02-01T00:00:00Z');
    await appendFile(join(dir, changed.documentPath), 'edited afterwards\n');
    // A control the plan does not ask about: listed, not read.
    await attest('164.312(b)', 'other.pdf', '2026-03-01T00:00:00Z');
    await writeFile(
      join(dir, 'hipaa-security', 'broken.attestation.yaml'),
      'type: attestation\nframework: hipaa-security\n',
    );
  });
  afterAll(() => clients.destroy());

  it('records the folder, each attestation of the plan, and copies the documents into the run', async () => {
    const { runDir, ctx } = await context();
    const records = await collectAttestations(task('compliance/attestations'), ctx);
    const listing = records[0];
    expect(listing).toMatchObject({
      source: 'attestation',
      service: 'attestations',
      operation: 'ListAttestations',
      accountId: 'organization',
      region: 'global',
    });
    expect(listing?.response).toHaveProperty('unreadable');
    expect((listing?.response as { unreadable: unknown[] } | undefined)?.unreadable).toEqual([
      {
        record: 'hipaa-security/broken.attestation.yaml',
        problem: expect.stringContaining(
          'hipaa-security/broken.attestation.yaml:1:1: control: missing required field',
        ),
      },
    ]);
    const reads = records.filter((r) => r.operation === 'ReadAttestation');
    expect(reads).toHaveLength(3);
    const training = reads.find((r) => JSON.stringify(r.response).includes('164.308(a)(5)(i)'));
    expect(training?.file).toMatchObject({
      path: 'attestations/hipaa-security/164.308-a-5-i/2026-03-01-training.pdf',
      mediaType: 'application/pdf',
    });
    const copied = await readFile(join(runDir, training?.file?.path as string), 'utf8');
    expect(copied).toBe('document for 164.308(a)(5)(i)\n');

    const verdicts = Object.fromEntries(
      evaluateAttestations(task(), records, { clock, catalog: {} as never, maxResources: 10 }).map((v) => [
        v.queryKey,
        v,
      ]),
    );
    expect(verdicts['manual:hipaa-security:164.308(a)(5)(i)']?.status).toBe('PASS');
    expect(verdicts['manual:hipaa-security:164.308(a)(7)(ii)(D)']).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('expired on 2026-03-01; ciso@example.org must attest again'),
    });
    expect(verdicts['manual:hipaa-security:164.310(b)']).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('has changed since it was attested'),
    });
    expect(verdicts['manual:hipaa-security:164.316(a)']).toMatchObject({
      status: 'MANUAL',
      reason: expect.stringContaining('(owner: ciso@example.org)'),
    });
  });

  it('reads a missing folder as nothing attested, and references documents when the run folder is unknown', async () => {
    const { ctx } = await context(false);
    const none = await collectAttestations(task('no/such/folder'), ctx);
    expect(none).toHaveLength(1);
    expect(none[0]?.response).toMatchObject({ exists: false, records: [], unreadable: [] });
    const referenced = await collectAttestations(task('compliance/attestations'), ctx);
    const read = referenced.find((r) => r.operation === 'ReadAttestation');
    expect(read?.file).toBeUndefined();
    expect(JSON.stringify(read?.response)).toContain('CollectContext.runDir');
  });
});
