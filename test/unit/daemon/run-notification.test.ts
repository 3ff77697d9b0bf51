// What a finished run announces, read from a run folder and the run store: framework counts, controls that
// newly failed (with their titles from the catalogue), attestations awaiting their owners and about to expire.

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { buildRunNotification } from '../../../src/daemon/notify/run-notification.js';
import { expiringSoon, readRunAttestations } from '../../../src/daemon/run-attestations.js';
import { fixtureResults, writeRunFolder } from '../store/run-fixture.js';
import { memoryStore, sampleProfile } from './daemon-fixture.js';

const NOW = new Date('2027-01-10T00:00:00.000Z');

function manual(controlId: string, status: Finding['status'], evidence: string[] = []): Finding {
  return {
    frameworkId: 'hipaa-security',
    controlId,
    ref: controlId,
    queryKey: `manual:hipaa-security:${controlId}`,
    kind: 'manual',
    accountId: 'organization',
    region: 'global',
    status,
    reason: `${status} reason`,
    resources: [],
    failingCount: 0,
    evidence,
  };
}

/** A run folder with three attestations: one awaiting, one current until 2027-01-20, one expired. */
async function runWithAttestations(outDir: string, runId: string, controls: Record<string, 'PASS' | 'FAIL'>) {
  const results = fixtureResults({ runId, controls, startedAt: '2027-01-09T02:00:00.000Z' });
  results.findings.push(
    manual('164.308(a)(1)(i)', 'MANUAL'),
    manual('164.308(a)(5)(i)', 'PASS', ['ev-000002']),
    manual('164.316(a)', 'FAIL', ['ev-000003']),
  );
  results.evidence.push({
    id: 'ev-000002',
    path: 'evidence/organization/global/ev-000002.json',
    sha256: '0'.repeat(64),
    source: 'attestation',
    service: 'attestations',
    operation: 'ReadAttestation',
    accountId: 'organization',
    region: 'global',
    collectedAt: '2027-01-09T02:00:00.000Z',
  });
  const dir = await writeRunFolder(outDir, results);
  const item = (controlId: string, title: string, owner: string, ownerContact?: string) => ({
    frameworkId: 'hipaa-security',
    controlId,
    title,
    owner,
    ...(ownerContact ? { ownerContact } : {}),
    maxAgeDays: 365,
  });
  await writeFile(
    join(dir, 'plan.json'),
    JSON.stringify({
      tasks: [
        { id: 'config/1', kind: 'config', accountId: '111111111111', region: 'us-east-1' },
        {
          id: 'attestations',
          kind: 'attestations',
          accountId: 'organization',
          region: 'global',
          items: [
            item('164.308(a)(1)(i)', 'Security policy', 'security-officer', 'dana@example.org'),
            item('164.308(a)(5)(i)', 'Training records', 'hr'),
            item('164.316(a)', 'Procedures', 'compliance-officer'),
          ],
        },
      ],
    }),
  );
  await mkdir(join(dir, 'evidence', 'organization', 'global'), { recursive: true });
  await writeFile(
    join(dir, 'evidence', 'organization', 'global', 'ev-000002.json'),
    JSON.stringify({
      operation: 'ReadAttestation',
      response: {
        attestation: { attestedAt: '2026-01-25T00:00:00.000Z', expiresAt: '2028-01-25T00:00:00.000Z' },
      },
    }),
  );
  return { dir, results };
}

describe('run attestations', () => {
  it('reads who each attestation awaits, and when current ones stop counting', async () => {
    const out = await mkdtemp(join(tmpdir(), 'evidentia-attest-'));
    const { dir } = await runWithAttestations(out, 'r1', { 'hipaa-security:164.312(a)(1)': 'PASS' });
    const states = await readRunAttestations(dir);
    expect(states.map((s) => [s.controlId, s.status, s.ownerContact ?? s.owner, s.expiresAt])).toEqual([
      ['164.308(a)(1)(i)', 'MANUAL', 'dana@example.org', undefined],
      // The record says 2028, but the control's maxAgeDays (365) ends it a year after it was attested.
      ['164.308(a)(5)(i)', 'PASS', 'hr', '2027-01-25T00:00:00.000Z'],
      ['164.316(a)', 'FAIL', 'compliance-officer', undefined],
    ]);
    expect(expiringSoon(states, NOW, 30).map((s) => s.controlId)).toEqual(['164.308(a)(5)(i)']);
    expect(expiringSoon(states, NOW, 7)).toEqual([]);
  });
});

describe('buildRunNotification', () => {
  it('announces counts, newly failing controls by title, and expiring attestations', async () => {
    const { catalog, profile } = await sampleProfile();
    const store = memoryStore();
    const out = await mkdtemp(join(tmpdir(), 'evidentia-notify-'));
    const record = async (runId: string, startedAt: string, controls: Record<string, 'PASS' | 'FAIL'>) => {
      const { dir, results } = await runWithAttestations(out, runId, controls);
      await store.start({ runId, profileId: profile.id, profileName: profile.name, startedAt });
      await store.finish(runId, {
        status: 'completed',
        finishedAt: startedAt,
        dir,
        frameworks: results.frameworks,
        stats: results.run.stats,
      });
      return dir;
    };
    await record('r1', '2027-01-08T02:00:00.000Z', { 'hipaa-security:164.312(a)(1)': 'PASS' });
    const dir = await record('r2', '2027-01-09T02:00:00.000Z', { 'hipaa-security:164.312(a)(1)': 'FAIL' });
    const n = await buildRunNotification({
      profile,
      catalog,
      runId: 'r2',
      status: 'completed',
      dir,
      store,
      now: NOW,
      expiringWithinDays: 30,
      publicUrl: 'https://evidentia.example.org/',
    });
    expect(n).toMatchObject({
      profileId: 'clinic',
      organization: expect.any(String),
      comparedWith: 'r1',
      awaiting: 1,
      url: 'https://evidentia.example.org/',
    });
    expect(n.frameworks).toEqual([
      expect.objectContaining({
        id: 'hipaa-security',
        metRatio: 0,
        counts: expect.objectContaining({ FAIL: 1 }),
      }),
    ]);
    const title = catalog.frameworks
      .get('hipaa-security')!
      .controls.find((c) => c.id === '164.312(a)(1)')!.title;
    expect(n.newlyFailing).toEqual([{ frameworkId: 'hipaa-security', controlId: '164.312(a)(1)', title }]);
    expect(n.expiring).toEqual([
      expect.objectContaining({
        controlId: '164.308(a)(5)(i)',
        owner: 'hr',
        expiresAt: '2027-01-25T00:00:00.000Z',
      }),
    ]);
    await store.close();
  });

  it('says only what happened for a run that failed', async () => {
    const { catalog, profile } = await sampleProfile();
    const store = memoryStore();
    const n = await buildRunNotification({
      profile,
      catalog,
      runId: 'rx',
      status: 'failed',
      error: 'AccessDenied',
      store,
      now: NOW,
      expiringWithinDays: 30,
    });
    expect(n).toMatchObject({
      status: 'failed',
      error: 'AccessDenied',
      frameworks: [],
      newlyFailing: [],
      expiring: [],
    });
    await store.close();
  });
});
