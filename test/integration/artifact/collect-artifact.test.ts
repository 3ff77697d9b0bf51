// Artifact evidence end to end over HTTP: the collectors (ListReports, GetReportMetadata, GetTermForReport,
// GetReport, the document download, ListCustomerAgreements) against the emulator with the run's own clients,
// then the evaluators on the records as stored — current, stale and missing reports, the BAA per account,
// throttling then success, access denied, and the document in the run folder with its hash.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../src/aws/aws-clients.js';
import {
  type ArtifactAgreementQuery,
  type ArtifactReportQuery,
  loadCatalog,
} from '../../../src/catalog/index.js';
import { collectArtifactAgreements } from '../../../src/collect/artifact/collect-artifact-agreements.js';
import { collectArtifactReports } from '../../../src/collect/artifact/collect-artifact-reports.js';
import type { CollectContext } from '../../../src/collect/collect-context.js';
import { EvidenceWriter } from '../../../src/collect/evidence-writer.js';
import { fixedClock, systemClock } from '../../../src/core/clock.js';
import type { EvidenceRecord } from '../../../src/core/evidence-record.js';
import { silentLogger } from '../../../src/core/logger.js';
import { packagePaths } from '../../../src/core/paths.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { evaluateArtifactAgreements } from '../../../src/evaluate/artifact/evaluate-artifact-agreements.js';
import { evaluateArtifactReports } from '../../../src/evaluate/artifact/evaluate-artifact-reports.js';
import type { EvaluationContext } from '../../../src/evaluate/types.js';
import type { ArtifactAgreementsTask, ArtifactReportsTask } from '../../../src/plan/types.js';
import { DENIED, MGMT, PROD, ROLE, testWorld } from '../emulator/emulator-fixture.js';
import { artifactSection, CURRENT_SOC2, WORLD_TIME } from './artifact-world.js';

describe('collecting and evaluating AWS Artifact evidence', () => {
  let emu: Emulator;
  let clients: AwsClients;
  let reports: ArtifactReportQuery[];
  let agreement: ArtifactAgreementQuery;
  let evalCtx: EvaluationContext;
  const contexts: { runDir: string; ctx: CollectContext }[] = [];

  const context = async (withRunDir = true) => {
    const runDir = await mkdtemp(join(tmpdir(), 'evidentia-artifact-run-'));
    const ctx: CollectContext = {
      clients,
      writer: new EvidenceWriter(runDir),
      clock: systemClock,
      logger: silentLogger(),
      maxResources: 50,
      signal: new AbortController().signal,
      profileDir: runDir,
      runDir: withRunDir ? runDir : '',
    };
    contexts.push({ runDir, ctx });
    return { runDir, ctx };
  };
  const reportsTask = (download: boolean): ArtifactReportsTask => ({
    id: 'artifact-reports',
    kind: 'artifact-reports',
    accountId: MGMT,
    region: 'global',
    reports,
    download,
  });
  const agreementsTask = (accountId: string): ArtifactAgreementsTask => ({
    id: `artifact-agreements/${accountId}`,
    kind: 'artifact-agreements',
    accountId,
    region: 'global',
    agreements: [agreement],
  });

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld({ time: WORLD_TIME, artifact: artifactSection }) });
    const { accessKeyId, secretAccessKey } = emu.credentials;
    clients = new AwsClients({
      endpoint: emu.url,
      credentials: async () => ({ accessKeyId, secretAccessKey }),
      homeRegion: 'us-east-1',
      role: { name: ROLE, sessionName: 'evidentia', durationSeconds: 3600 },
      limits: { global: 8, perAccount: 4 },
      maxAttempts: 4,
      callTimeoutMs: 5000,
      clock: systemClock,
    });
    await clients.callerAccountId();
    const catalog = await loadCatalog({
      defaults: false,
      files: [join(packagePaths().evidenceLibrary, 'artifact.yaml')],
    });
    const q = (key: string) => catalog.queries.get(key);
    reports = ['aws-soc2-type2', 'aws-iso27001', 'aws-iso27701', 'aws-pci-dss-aoc'].map(
      (id) => q(`artifact-report:${id}`) as ArtifactReportQuery,
    );
    agreement = q('artifact-agreement:aws-hipaa-baa') as ArtifactAgreementQuery;
    evalCtx = { clock: fixedClock(WORLD_TIME), catalog, maxResources: 50 };
  });
  afterAll(async () => {
    clients.destroy();
    await emu.close();
  });

  const byKey = (results: ReturnType<typeof evaluateArtifactReports>) =>
    Object.fromEntries(results.map((r) => [r.queryKey, r]));

  it('backs current reports (INHERITED, naming the report), fails stale and missing ones, and bundles the documents', async () => {
    const { runDir, ctx } = await context();
    const records = await collectArtifactReports(reportsTask(true), ctx);
    const verdicts = byKey(evaluateArtifactReports(reportsTask(true), records, evalCtx));

    expect(verdicts['artifact-report:aws-soc2-type2']).toMatchObject({
      status: 'INHERITED',
      accountId: MGMT,
      region: 'global',
      reason: expect.stringContaining(
        'Backed by AWS Artifact report "SOC 2 Type 2 Report" version 3 (period 2025-04-27 to 2026-04-27), current until 2027-07-26',
      ),
    });
    expect(verdicts['artifact-report:aws-soc2-type2']?.reason).toContain(
      `document artifact-reports/${CURRENT_SOC2}-v3.pdf`,
    );
    expect(verdicts['artifact-report:aws-iso27001']).toMatchObject({ status: 'INHERITED' });
    expect(verdicts['artifact-report:aws-iso27701']).toMatchObject({
      status: 'FAIL',
      reason: expect.stringMatching(
        /"ISO\/IEC 27701:2019 Certificate" version 1 .* stale: it counts until its period \(validity\) ends, so it stopped counting on 2026-05-22/,
      ),
    });
    expect(verdicts['artifact-report:aws-pci-dss-aoc']).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining(
        "No published AWS Artifact report matches name contains 'PCI DSS Attestation of Compliance'",
      ),
    });

    const download = records.find(
      (r) => r.operation === 'DownloadReport' && r.parameters.reportId === CURRENT_SOC2,
    ) as EvidenceRecord;
    expect(download.source).toBe('document');
    const bytes = await readFile(join(runDir, download.file?.path as string));
    expect(download.file).toEqual({
      path: `artifact-reports/${CURRENT_SOC2}-v3.pdf`,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      mediaType: 'application/pdf',
    });
    // Presigned URLs and term tokens are credentials: the evidence keeps neither.
    const stored = JSON.stringify(records);
    expect(stored).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
    expect(stored).not.toMatch(/[0-9a-f]{64}"?,?\s*"?termToken|termToken":"[0-9a-f]{64}/);
    expect(
      records
        .filter((r) => r.operation === 'GetReportMetadata')
        .map((r) => r.parameters.reportId)
        .sort(),
    ).toEqual(['report-Iso27001Current0', 'report-Iso27701Expired0', CURRENT_SOC2].sort());
  });

  it('says so when the run folder is not known, without calling for the document', async () => {
    const { ctx } = await context(false);
    const before = emu.requests.filter((r) => r.operation === 'GetReport').length;
    const records = await collectArtifactReports(reportsTask(true), ctx);
    expect(emu.requests.filter((r) => r.operation === 'GetReport').length).toBe(before);
    const soc2 = byKey(evaluateArtifactReports(reportsTask(true), records, evalCtx))[
      'artifact-report:aws-soc2-type2'
    ];
    expect(soc2?.status).toBe('INHERITED');
    expect(soc2?.reason).toContain('the document could not be added to the bundle (RunFolderUnavailable');
  });

  it('retries throttled calls and still answers; an access-denied metadata call is an ERROR for its query', async () => {
    const throttle = emu.faults.add({
      kind: 'throttle',
      service: 'artifact',
      operation: 'ListReports',
      first: 1,
    });
    const denied = emu.faults.add({
      kind: 'access-denied',
      service: 'artifact',
      operation: 'GetReportMetadata',
      first: 1,
    });
    try {
      const { ctx } = await context();
      const records = await collectArtifactReports(reportsTask(false), ctx);
      expect(records.find((r) => r.operation === 'ListReports')?.attempts).toBe(2);
      const verdicts = evaluateArtifactReports(reportsTask(false), records, evalCtx);
      const errors = verdicts.filter((v) => v.status === 'ERROR');
      expect(errors).toHaveLength(1);
      expect(errors[0]?.reason).toMatch(
        /artifact:GetReportMetadata failed with AccessDeniedException: User: arn:aws:sts::111111111111:assumed-role/,
      );
      // Only the query whose metadata call was denied is unproven; the others keep their verdicts.
      const rest = verdicts.filter((v) => v !== errors[0]).map((v) => v.status);
      expect(rest).toContain('INHERITED');
      expect(rest.every((s) => s === 'INHERITED' || s === 'FAIL')).toBe(true);
    } finally {
      emu.faults.remove(throttle);
      emu.faults.remove(denied);
    }
  });

  it('passes the BAA where it is ACTIVE, fails it where it was terminated, and errs where the role is denied', async () => {
    const { ctx } = await context();
    const results = Object.fromEntries(
      await Promise.all(
        [MGMT, PROD, DENIED].map(async (account) => {
          const task = agreementsTask(account);
          const records = await collectArtifactAgreements(task, ctx);
          return [account, evaluateArtifactAgreements(task, records, evalCtx)[0]];
        }),
      ),
    );
    expect(results[MGMT]).toMatchObject({
      queryKey: 'artifact-agreement:aws-hipaa-baa',
      status: 'PASS',
      reason: `"AWS Business Associate Addendum" is ACTIVE for account ${MGMT} (accepted for this account since 2025-11-13)`,
    });
    expect(results[PROD]).toMatchObject({
      status: 'FAIL',
      reason: `"AWS Business Associate Addendum" is CUSTOMER_TERMINATED since 2026-05-12 for account ${PROD}; accept it again in AWS Artifact`,
    });
    expect(results[DENIED]).toMatchObject({
      status: 'ERROR',
      reason: expect.stringContaining('sts:AssumeRole failed with AccessDenied'),
    });
  });
});
