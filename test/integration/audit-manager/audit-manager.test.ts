// AWS Audit Manager over real HTTP: the SDK's AuditManagerClient against the emulator for every operation the
// collector uses (pagination, throttling then success, access denied, not found), then the collector and
// evaluator: a failing compliance check is FAIL, current evidence PASS, no evidence in the period or no such
// assessment NOT_EVALUATED, a denied call ERROR.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccessDeniedException,
  AuditManagerClient,
  GetAssessmentCommand,
  GetEvidenceByEvidenceFolderCommand,
  GetEvidenceFoldersByAssessmentControlCommand,
  ListAssessmentsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-auditmanager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../src/aws/aws-clients.js';
import type { AuditManagerQuery, Catalog } from '../../../src/catalog/index.js';
import { collectAuditManager } from '../../../src/collect/audit-manager/collect-audit-manager.js';
import type { CollectContext } from '../../../src/collect/collect-context.js';
import { EvidenceWriter } from '../../../src/collect/evidence-writer.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { evaluateAuditManager } from '../../../src/evaluate/audit-manager/evaluate-audit-manager.js';
import type { AuditManagerTask } from '../../../src/plan/types.js';
import {
  assumeInto,
  clientConfig,
  failure,
  MGMT,
  PROD,
  ROLE,
  testWorld,
} from '../emulator/emulator-fixture.js';
import { ASSESSMENT, auditManagerSection, FRAMEWORK, WORLD_TIME } from './audit-manager-world.js';

const clock = fixedClock(WORLD_TIME);

describe('Audit Manager against the emulator', () => {
  let emu: Emulator;
  let am: AuditManagerClient;

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld({ time: WORLD_TIME, auditManager: auditManagerSection }) });
    am = new AuditManagerClient(clientConfig(emu, await assumeInto(emu, MGMT)));
  });
  afterAll(async () => {
    am.destroy();
    await emu.close();
  });

  describe('the SDK client', () => {
    it('lists the assessments of the account and region, page by page, with tokens in the model alphabet', async () => {
      const first = await am.send(new ListAssessmentsCommand({ maxResults: 1 }));
      expect(first.assessmentMetadata?.map((a) => a.name)).toEqual(['Old assessment']);
      expect(first.nextToken).toMatch(/^[A-Za-z0-9+/=]+$/);
      const second = await am.send(new ListAssessmentsCommand({ maxResults: 1, nextToken: first.nextToken }));
      expect(second.assessmentMetadata?.map((a) => [a.name, a.status])).toEqual([[ASSESSMENT, 'ACTIVE']]);
      expect(second.nextToken).toBeUndefined();
      expect(second.assessmentMetadata?.[0]?.creationTime).toBeInstanceOf(Date);
      const active = await am.send(new ListAssessmentsCommand({ status: 'ACTIVE' }));
      expect(active.assessmentMetadata).toHaveLength(1);
      const prod = new AuditManagerClient(clientConfig(emu, await assumeInto(emu, PROD)));
      expect((await prod.send(new ListAssessmentsCommand({}))).assessmentMetadata).toEqual([]);
      prod.destroy();
    });

    it('opens an assessment and walks a control’s evidence folders and evidence, paginated', async () => {
      const list = await am.send(new ListAssessmentsCommand({ status: 'ACTIVE' }));
      const assessmentId = list.assessmentMetadata?.[0]?.id as string;
      const got = await am.send(new GetAssessmentCommand({ assessmentId }));
      expect(got.assessment?.framework?.metadata?.name).toBe(FRAMEWORK);
      const set = got.assessment?.framework?.controlSets?.[0];
      const control = set?.controls?.find((c) => c.name === 'Audit controls');
      expect(control?.evidenceCount).toBe(9);
      const folders = [];
      let nextToken: string | undefined;
      do {
        const page = await am.send(
          new GetEvidenceFoldersByAssessmentControlCommand({
            assessmentId,
            controlSetId: set?.id as string,
            controlId: control?.id as string,
            maxResults: 2,
            nextToken,
          }),
        );
        folders.push(...(page.evidenceFolders ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      expect(folders.map((f) => [f.name, f.totalEvidence])).toEqual([
        ['2026-05-31', 3],
        ['2026-05-30', 2],
        ['2025-11-13', 4],
      ]);
      const evidence = await am.send(
        new GetEvidenceByEvidenceFolderCommand({
          assessmentId,
          controlSetId: set?.id as string,
          evidenceFolderId: folders[0]?.id as string,
          maxResults: 2,
        }),
      );
      expect(evidence.evidence).toHaveLength(2);
      expect(evidence.nextToken).toBeTruthy();
      expect(evidence.evidence?.[0]).toMatchObject({
        complianceCheck: 'COMPLIANT',
        evidenceAwsAccountId: MGMT,
      });
      expect(evidence.evidence?.[0]?.time?.toISOString()).toBe('2026-05-31T00:00:00.000Z');
    });

    it('answers not found, access denied (not retried) and throttling (retried) as AWS does', async () => {
      const missing = await failure(
        am.send(new GetAssessmentCommand({ assessmentId: '00000000-0000-4000-a000-000000000000' })),
      );
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect(missing.$metadata.httpStatusCode).toBe(404);

      const denied = emu.faults.add({
        kind: 'access-denied',
        service: 'auditmanager',
        operation: 'ListAssessments',
      });
      try {
        const err = await failure(am.send(new ListAssessmentsCommand({})));
        expect(err).toBeInstanceOf(AccessDeniedException);
        expect(err.$metadata).toMatchObject({ httpStatusCode: 403, attempts: 1 });
      } finally {
        emu.faults.remove(denied);
      }
      const throttled = emu.faults.add({
        kind: 'throttle',
        service: 'auditmanager',
        operation: 'ListAssessments',
        first: 2,
      });
      try {
        const ok = await am.send(new ListAssessmentsCommand({}));
        expect(ok.$metadata.attempts).toBe(3);
        expect(
          emu.requests.filter((r) => r.operation === 'ListAssessments' && r.status === 429),
        ).toHaveLength(2);
      } finally {
        emu.faults.remove(throttled);
      }
    });
  });

  describe('the collector and evaluator', () => {
    let clients: AwsClients;
    const query = (over: Partial<AuditManagerQuery>): AuditManagerQuery => ({
      kind: 'audit-manager',
      id: 'hipaa-audit-controls',
      title: 'Audit controls evidence',
      severity: 'high',
      remediation: 'Review the evidence in Audit Manager.',
      docs: 'https://docs.aws.amazon.com/audit-manager/latest/userguide/what-is.html',
      assessment: ASSESSMENT,
      control: 'Audit controls',
      maxAgeDays: 90,
      ...over,
    });
    const run = async (q: AuditManagerQuery, region = 'us-east-1') => {
      const dir = await mkdtemp(join(tmpdir(), 'evidentia-am-'));
      const ctx: CollectContext = {
        clients,
        writer: new EvidenceWriter(dir),
        runDir: dir,
        clock,
        logger: silentLogger(),
        maxResources: 50,
        signal: new AbortController().signal,
        profileDir: dir,
      };
      const task: AuditManagerTask = {
        id: `audit-manager/${q.id}`,
        kind: 'audit-manager',
        accountId: MGMT,
        region,
        query: q,
      };
      const records = await collectAuditManager(task, ctx);
      return {
        records,
        verdict: evaluateAuditManager(task, records, { clock, catalog: {} as Catalog, maxResources: 50 })[0],
      };
    };

    beforeAll(async () => {
      const { accessKeyId, secretAccessKey } = emu.credentials;
      clients = new AwsClients({
        endpoint: emu.url,
        credentials: async () => ({ accessKeyId, secretAccessKey }),
        homeRegion: 'us-east-1',
        role: { name: ROLE, sessionName: 'evidentia', durationSeconds: 3600 },
        limits: { global: 8, perAccount: 4 },
        maxAttempts: 3,
        callTimeoutMs: 5000,
        clock,
      });
      await clients.callerAccountId();
    });
    afterAll(() => clients.destroy());

    it('passes current evidence and reads only the folders inside maxAgeDays', async () => {
      const { records, verdict } = await run(query({}));
      expect(verdict).toMatchObject({
        queryKey: 'audit-manager:hipaa-audit-controls',
        status: 'PASS',
        reason: `5 Audit Manager evidence items in the last 90 days for control 'Audit controls' of assessment '${ASSESSMENT}', none failing (5 with a compliance check)`,
      });
      expect(records.filter((r) => r.operation === 'GetEvidenceByEvidenceFolder')).toHaveLength(2);
      expect(records.every((r) => r.accountId === MGMT && r.region === 'us-east-1' && !r.error)).toBe(true);
    });

    it('fails a control with a failing compliance check, naming the resource', async () => {
      const { verdict } = await run(
        query({ control: 'Integrity', framework: FRAMEWORK, assessment: undefined }),
      );
      expect(verdict).toMatchObject({
        status: 'FAIL',
        failingCount: 1,
        resources: [{ accountId: PROD, resourceId: 'arn:aws:s3:::prod-logs', resourceType: 's3' }],
      });
      expect(verdict?.reason).toContain('1 of 2 Audit Manager evidence items');
    });

    it('is NOT_EVALUATED without evidence in the period, without the assessment or control', async () => {
      expect((await run(query({ control: 'Person authentication' }))).verdict).toMatchObject({
        status: 'NOT_EVALUATED',
        reason: expect.stringContaining('No Audit Manager evidence in the last 90 days'),
      });
      expect((await run(query({ assessment: 'Nope' }))).verdict).toMatchObject({
        status: 'NOT_EVALUATED',
        reason: expect.stringContaining(
          "No assessment 'Nope' in Audit Manager in 111111111111/us-east-1 (2 assessments listed)",
        ),
      });
      expect((await run(query({ control: 'Missing control' }))).verdict?.reason).toBe(
        `Assessment '${ASSESSMENT}' has no control named 'Missing control'`,
      );
      expect((await run(query({}), 'eu-west-1')).verdict?.status).toBe('NOT_EVALUATED');
    });

    it('is an ERROR when a call is denied', async () => {
      const id = emu.faults.add({
        kind: 'access-denied',
        service: 'auditmanager',
        operation: 'GetEvidenceByEvidenceFolder',
        first: 1,
      });
      try {
        const { verdict } = await run(query({}));
        expect(verdict).toMatchObject({
          status: 'ERROR',
          reason: expect.stringContaining('GetEvidenceByEvidenceFolder failed with AccessDeniedException'),
        });
      } finally {
        emu.faults.remove(id);
      }
    });
  });
});
