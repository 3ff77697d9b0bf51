// AWS Security Hub over real HTTP: the SDK's SecurityHubClient against the emulator for every operation the
// collector uses (an unsubscribed account, server-side finding filters with AWS's comparison rules, pagination,
// the delegated administrator's aggregated view), then the collector and evaluator: a control with a FAILED
// resource is FAIL, a passing one PASS, a disabled control, a control disabled in every standard, a control not
// offered in the region and a hub that is not enabled are NOT_EVALUATED, a denied call ERROR; a findings
// condition is FAIL naming the old HIGH GuardDuty finding, PASS where there is none, over several pages.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchGetSecurityControlsCommand,
  GetEnabledStandardsCommand,
  GetFindingsCommand,
  InvalidAccessException,
  InvalidInputException,
  ListSecurityControlDefinitionsCommand,
  ListStandardsControlAssociationsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../src/aws/aws-clients.js';
import type {
  Catalog,
  SecurityHubControlQuery,
  SecurityHubFindingsQuery,
} from '../../../src/catalog/index.js';
import type { CollectContext } from '../../../src/collect/collect-context.js';
import { EvidenceWriter } from '../../../src/collect/evidence-writer.js';
import { collectSecurityHub } from '../../../src/collect/securityhub/collect-securityhub.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import type { SecurityHubWorld } from '../../../src/emulator/services/securityhub/securityhub-world.js';
import { evaluateSecurityHub } from '../../../src/evaluate/securityhub/evaluate-securityhub.js';
import type { SecurityHubTask } from '../../../src/plan/types.js';
import {
  assumeInto,
  clientConfig,
  DENIED,
  failure,
  MGMT,
  PROD,
  ROLE,
  testWorld,
} from '../emulator/emulator-fixture.js';

const WORLD_TIME = '2025-05-01T00:00:00Z';
const clock = fixedClock(new Date(WORLD_TIME));
const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS = 'cis-aws-foundations-benchmark/v/1.4.0';
const BUCKET = 'arn:aws:s3:::prod-public-assets';

const section: SecurityHubWorld = {
  definitions: [
    {
      id: 'Macie.1',
      title: 'Amazon Macie should be enabled',
      severity: 'MEDIUM',
      standards: [FSBP],
      unavailableIn: ['eu-west-1'],
    },
  ],
  administrator: { account: MGMT, aggregationRegion: 'us-east-1' },
  hubs: [
    {
      account: MGMT,
      region: 'us-east-1',
      enabled: true,
      standards: [
        { id: FSBP, status: 'READY' },
        { id: CIS, status: 'READY' },
      ],
      controls: {},
      findings: [],
    },
    {
      account: PROD,
      region: 'us-east-1',
      enabled: true,
      standards: [
        { id: FSBP, status: 'READY' },
        { id: CIS, status: 'READY' },
      ],
      controls: {
        'S3.1': {
          status: 'ENABLED',
          disabledIn: [],
          compliance: 'PASSED',
          resources: ['arn:aws:s3:::a', 'arn:aws:s3:::b'],
          failing: [BUCKET],
        },
        'CloudTrail.1': {
          status: 'ENABLED',
          disabledIn: [],
          compliance: 'PASSED',
          resources: [],
          failing: [],
        },
        'IAM.6': { status: 'DISABLED', disabledIn: [], compliance: 'FAILED', resources: [], failing: [] },
        'S3.8': {
          status: 'ENABLED',
          disabledIn: [FSBP],
          compliance: 'FAILED',
          resources: [],
          failing: [],
        },
        'EC2.2': { status: 'ENABLED', disabledIn: [], compliance: 'WARNING', resources: [], failing: [] },
      },
      findings: [
        {
          product: 'GuardDuty',
          title: 'EC2 instance i-0abc is communicating with a known command-and-control server',
          type: 'TTPs/Command and Control/Backdoor:EC2-C&CActivity.B',
          severity: 'HIGH',
          createdAt: '-20d',
          workflow: 'NEW',
          recordState: 'ACTIVE',
          resource: { type: 'AwsEc2Instance', id: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0abc' },
          count: 1,
        },
        {
          product: 'GuardDuty',
          title: 'A recent HIGH finding still inside its response window',
          type: 'Recon:EC2-PortProbeUnprotectedPort',
          severity: 'HIGH',
          createdAt: '-2d',
          workflow: 'NEW',
          recordState: 'ACTIVE',
          resource: { type: 'AwsEc2Instance', id: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0def' },
          count: 1,
        },
        {
          product: 'GuardDuty',
          title: 'An old HIGH finding that was resolved',
          type: 'Recon:EC2-PortProbeUnprotectedPort',
          severity: 'HIGH',
          createdAt: '-40d',
          workflow: 'RESOLVED',
          recordState: 'ACTIVE',
          resource: { type: 'AwsEc2Instance', id: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0fed' },
          count: 1,
        },
        {
          product: 'Macie',
          title: 'The S3 object contains personal information',
          type: 'Sensitive Data Identifications/PII/SensitiveData:S3Object-Personal',
          severity: 'HIGH',
          createdAt: '-10d',
          workflow: 'NOTIFIED',
          recordState: 'ACTIVE',
          resource: { type: 'AwsS3Bucket', id: BUCKET },
          count: 1,
        },
        {
          product: 'Inspector',
          title: 'CVE-2024-0001 - openssl',
          type: 'Software and Configuration Checks/Vulnerabilities/CVE',
          severity: 'MEDIUM',
          createdAt: '-30d',
          workflow: 'NEW',
          recordState: 'ACTIVE',
          resource: { type: 'AwsEc2Instance', id: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0abc' },
          count: 230,
        },
      ],
    },
    {
      account: PROD,
      region: 'eu-west-1',
      enabled: true,
      standards: [
        { id: FSBP, status: 'READY' },
        { id: CIS, status: 'FAILED' },
      ],
      controls: {
        'S3.8': { status: 'ENABLED', disabledIn: [FSBP], compliance: 'FAILED', resources: [], failing: [] },
      },
      findings: [
        {
          product: 'GuardDuty',
          title: 'Old HIGH finding in Ireland',
          type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
          severity: 'HIGH',
          createdAt: '-15d',
          workflow: 'NEW',
          recordState: 'ACTIVE',
          resource: { type: 'AwsIamAccessKey', id: 'AKIAEXAMPLE' },
          count: 1,
        },
      ],
    },
    { account: MGMT, region: 'eu-west-1', enabled: false, standards: [], controls: {}, findings: [] },
  ],
};

const control = (id: string): SecurityHubControlQuery => ({
  kind: 'securityhub-control',
  id,
  title: `Security Hub ${id}`,
  severity: 'high',
  remediation: 'Fix it.',
  docs: 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html',
});
const GUARDDUTY: SecurityHubFindingsQuery = {
  kind: 'securityhub-findings',
  id: 'guardduty-high-unresolved',
  title: 'No unresolved CRITICAL or HIGH GuardDuty finding older than 7 days',
  products: ['GuardDuty'],
  severities: ['CRITICAL', 'HIGH'],
  workflow: ['NEW', 'NOTIFIED'],
  olderThanDays: 7,
  resourceTypes: [],
  severity: 'high',
  remediation: 'Investigate.',
  docs: 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings.html',
};
const INSPECTOR: SecurityHubFindingsQuery = {
  ...GUARDDUTY,
  id: 'inspector-medium',
  products: ['Inspector'],
  severities: ['MEDIUM'],
  olderThanDays: 0,
};

describe('Security Hub against the emulator', () => {
  let emu: Emulator;
  let prod: SecurityHubClient;

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld({ time: WORLD_TIME, securityHub: section }) });
    prod = new SecurityHubClient(clientConfig(emu, await assumeInto(emu, PROD)));
  });
  afterAll(async () => {
    prod.destroy();
    await emu.close();
  });

  describe('the SDK client', () => {
    it('reads the enabled standards, control definitions, controls and their associations', async () => {
      const std = await prod.send(new GetEnabledStandardsCommand({}));
      expect(std.StandardsSubscriptions?.map((s) => [s.StandardsArn, s.StandardsStatus])).toEqual([
        [`arn:aws:securityhub:us-east-1::standards/${FSBP}`, 'READY'],
        [`arn:aws:securityhub:us-east-1::standards/${CIS}`, 'READY'],
      ]);
      const defs = await prod.send(new ListSecurityControlDefinitionsCommand({ MaxResults: 3 }));
      expect(defs.SecurityControlDefinitions).toHaveLength(3);
      expect(defs.NextToken).toBeTruthy();
      const got = await prod.send(
        new BatchGetSecurityControlsCommand({ SecurityControlIds: ['S3.1', 'IAM.6', 'Nope.1'] }),
      );
      expect(got.SecurityControls?.map((c) => [c.SecurityControlId, c.SecurityControlStatus])).toEqual([
        ['S3.1', 'ENABLED'],
        ['IAM.6', 'DISABLED'],
      ]);
      expect(got.UnprocessedIds).toEqual([
        { SecurityControlId: 'Nope.1', ErrorCode: 'NOT_FOUND', ErrorReason: 'Control Nope.1 not found' },
      ]);
      const assoc = await prod.send(
        new ListStandardsControlAssociationsCommand({ SecurityControlId: 'S3.8' }),
      );
      expect(assoc.StandardsControlAssociationSummaries?.map((a) => a.AssociationStatus)).toEqual([
        'DISABLED',
        'ENABLED',
      ]);
    });

    it('offers a control in one region and not another', async () => {
      const ireland = new SecurityHubClient(clientConfig(emu, await assumeInto(emu, PROD), 'eu-west-1'));
      const here = await prod.send(new ListSecurityControlDefinitionsCommand({}));
      const there = await ireland.send(new ListSecurityControlDefinitionsCommand({}));
      const macie = (d: typeof here) =>
        d.SecurityControlDefinitions?.find((x) => x.SecurityControlId === 'Macie.1')
          ?.CurrentRegionAvailability;
      expect([macie(here), macie(there)]).toEqual(['AVAILABLE', 'UNAVAILABLE']);
      ireland.destroy();
    });

    it('answers InvalidAccessException in an account without a hub', async () => {
      const off = new SecurityHubClient(clientConfig(emu, await assumeInto(emu, MGMT), 'eu-west-1'));
      const err = await failure(off.send(new GetEnabledStandardsCommand({})));
      expect(err).toBeInstanceOf(InvalidAccessException);
      expect(err.message).toBe(`Account ${MGMT} is not subscribed to AWS Security Hub`);
      expect(err.$metadata.httpStatusCode).toBe(401);
      off.destroy();
    });

    it('filters findings server-side with AWS comparison rules and pages them with NextToken/MaxResults', async () => {
      const ids = async (Filters: Record<string, unknown>) =>
        (await prod.send(new GetFindingsCommand({ Filters }))).Findings?.map((f) => f.Title);
      expect(
        await ids({
          ProductName: [{ Value: 'GuardDuty', Comparison: 'EQUALS' }],
          WorkflowStatus: [
            { Value: 'NEW', Comparison: 'EQUALS' },
            { Value: 'NOTIFIED', Comparison: 'EQUALS' },
          ],
          CreatedAt: [{ End: '2025-04-24T00:00:00Z' }],
        }),
      ).toEqual(['EC2 instance i-0abc is communicating with a known command-and-control server']);
      // PREFIX ORs with EQUALS; NOT_EQUALS ANDs; a date range in days.
      expect(
        await ids({
          ProductName: [
            { Value: 'Mac', Comparison: 'PREFIX' },
            { Value: 'GuardDuty', Comparison: 'EQUALS' },
          ],
          WorkflowStatus: [{ Value: 'RESOLVED', Comparison: 'NOT_EQUALS' }],
          UpdatedAt: [{ DateRange: { Value: 12, Unit: 'DAYS' } }],
        }),
      ).toEqual([
        'A recent HIGH finding still inside its response window',
        'The S3 object contains personal information',
      ]);
      const refused = await failure(
        prod.send(
          new GetFindingsCommand({
            Filters: {
              ProductName: [
                { Value: 'Macie', Comparison: 'EQUALS' },
                { Value: 'GuardDuty', Comparison: 'NOT_EQUALS' },
              ],
            },
          }),
        ),
      );
      expect(refused).toBeInstanceOf(InvalidInputException);

      const Filters = { ProductName: [{ Value: 'Inspector', Comparison: 'EQUALS' as const }] };
      const seen: string[] = [];
      let NextToken: string | undefined;
      let pages = 0;
      do {
        const page = await prod.send(new GetFindingsCommand({ Filters, MaxResults: 100, NextToken }));
        seen.push(...(page.Findings ?? []).map((f) => f.Id as string));
        NextToken = page.NextToken;
        pages += 1;
      } while (NextToken);
      expect([pages, seen.length, new Set(seen).size]).toEqual([3, 230, 230]);
      const tooMany = await failure(prod.send(new GetFindingsCommand({ MaxResults: 101 })));
      expect(tooMany).toBeInstanceOf(InvalidInputException);
    });

    it('shows the delegated administrator every member hub’s findings in its aggregation region', async () => {
      const admin = new SecurityHubClient(clientConfig(emu, await assumeInto(emu, MGMT)));
      const found = await admin.send(
        new GetFindingsCommand({ Filters: { ProductName: [{ Value: 'GuardDuty', Comparison: 'EQUALS' }] } }),
      );
      expect(new Set(found.Findings?.map((f) => `${f.AwsAccountId}/${f.Region}`))).toEqual(
        new Set([`${PROD}/us-east-1`, `${PROD}/eu-west-1`]),
      );
      // A member sees only its own hub.
      const own = await prod.send(
        new GetFindingsCommand({ Filters: { ProductName: [{ Value: 'GuardDuty', Comparison: 'EQUALS' }] } }),
      );
      expect(new Set(own.Findings?.map((f) => f.Region))).toEqual(new Set(['us-east-1']));
      admin.destroy();
    });
  });

  describe('the collector and evaluator', () => {
    let clients: AwsClients;
    const run = async (task: Omit<SecurityHubTask, 'id' | 'kind'>) => {
      const dir = await mkdtemp(join(tmpdir(), 'evidentia-sh-'));
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
      const full: SecurityHubTask = {
        id: `securityhub/${task.accountId}/${task.region}`,
        kind: 'securityhub',
        ...task,
      };
      const records = await collectSecurityHub(full, ctx);
      const verdicts = evaluateSecurityHub(full, records, {
        clock,
        catalog: {} as Catalog,
        maxResources: 50,
      });
      return { records, verdicts, byKey: new Map(verdicts.map((v) => [v.queryKey, v])) };
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

    it('decides each control like a Config rule, NOT_EVALUATED with the reason where it does not run', async () => {
      const ids = ['CloudTrail.1', 'EC2.2', 'GuardDuty.1', 'IAM.6', 'Macie.1', 'Nope.9', 'S3.1', 'S3.8'];
      const { byKey } = await run({
        accountId: PROD,
        region: 'us-east-1',
        controls: ids.map(control),
        findings: [],
      });
      const v = (id: string) => byKey.get(`securityhub-control:${id}`);
      expect(v('S3.1')).toMatchObject({
        status: 'FAIL',
        failingCount: 1,
        resources: [{ accountId: PROD, resourceId: BUCKET, resourceType: 'AwsS3Bucket' }],
      });
      expect(v('S3.1')?.reason).toContain(`fails for 1 of 3 resources in ${PROD}/us-east-1`);
      expect(v('CloudTrail.1')).toMatchObject({ status: 'PASS' });
      expect(v('CloudTrail.1')?.reason).toContain(`enabled in ${FSBP}, ${CIS}`);
      expect(v('IAM.6')).toMatchObject({
        status: 'NOT_EVALUATED',
        reason: `Security Hub control IAM.6 is disabled in ${PROD}/us-east-1`,
      });
      // Disabled in one standard, still enabled (and failing) in the other.
      expect(v('S3.8')).toMatchObject({ status: 'FAIL' });
      expect(v('S3.8')?.reason).toContain(`(enabled in ${CIS})`);
      expect(v('EC2.2')?.status).toBe('NOT_EVALUATED');
      expect(v('EC2.2')?.reason).toContain('WARNING');
      expect(v('GuardDuty.1')?.reason).toContain('no control findings yet');
      expect(v('Nope.9')).toMatchObject({
        status: 'NOT_EVALUATED',
        reason: `Security Hub in ${PROD}/us-east-1 has no control Nope.9`,
      });
      expect(v('Macie.1')?.status).toBe('NOT_EVALUATED');
      const ireland = await run({
        accountId: PROD,
        region: 'eu-west-1',
        controls: [control('Macie.1')],
        findings: [],
      });
      expect(ireland.byKey.get('securityhub-control:Macie.1')).toMatchObject({
        status: 'NOT_EVALUATED',
        reason: 'Security Hub control Macie.1 is not offered in eu-west-1',
      });
    });

    it('fails a findings condition naming the old unresolved HIGH GuardDuty finding, across pages', async () => {
      const { byKey, records } = await run({
        accountId: PROD,
        region: 'us-east-1',
        controls: [],
        findings: [GUARDDUTY, INSPECTOR],
      });
      const gd = byKey.get('securityhub-findings:guardduty-high-unresolved');
      expect(gd).toMatchObject({
        status: 'FAIL',
        failingCount: 1,
        resources: [
          {
            resourceId: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0abc',
            resourceType: 'AwsEc2Instance',
          },
        ],
      });
      expect(gd?.resources[0]?.annotation).toContain('GuardDuty HIGH: EC2 instance i-0abc is communicating');
      expect(gd?.resources[0]?.annotation).toContain('20 days old, NEW');
      const inspector = byKey.get('securityhub-findings:inspector-medium');
      expect(inspector).toMatchObject({ status: 'FAIL', failingCount: 230 });
      expect(inspector?.resources).toHaveLength(50);
      const calls = records.filter((r) => r.operation === 'GetFindings');
      expect(calls.map((r) => (r.response as { Findings: unknown[] }).Findings.length)).toEqual([
        1, 100, 100, 30,
      ]);
      expect(calls[0]?.parameters.Filters).toMatchObject({
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
        CreatedAt: [{ End: '2025-04-24T00:00:00.000Z' }],
      });
    });

    it('passes a findings condition where no finding matches', async () => {
      // The administrator's own hub in its aggregation region also returns its members' findings; read account by
      // account, only its own count.
      const admin = await run({ accountId: MGMT, region: 'us-east-1', controls: [], findings: [GUARDDUTY] });
      expect(admin.byKey.get('securityhub-findings:guardduty-high-unresolved')).toMatchObject({
        status: 'PASS',
        reason: `No active NEW/NOTIFIED CRITICAL/HIGH GuardDuty findings older than 7 days in ${MGMT}/us-east-1`,
      });
      expect(admin.records.find((r) => r.operation === 'GetFindings')?.parameters.Filters).toMatchObject({
        AwsAccountId: [{ Value: MGMT, Comparison: 'EQUALS' }],
        Region: [{ Value: 'us-east-1', Comparison: 'EQUALS' }],
      });
      const own = await run({
        accountId: PROD,
        region: 'us-east-1',
        controls: [],
        findings: [{ ...GUARDDUTY, id: 'guardduty-critical', severities: ['CRITICAL'] }],
      });
      expect(own.byKey.get('securityhub-findings:guardduty-critical')).toMatchObject({
        status: 'PASS',
        reason: `No active NEW/NOTIFIED CRITICAL GuardDuty findings older than 7 days in ${PROD}/us-east-1`,
      });
    });

    it('is NOT_EVALUATED where the hub is not enabled, and ERROR when a call is denied', async () => {
      const off = await run({
        accountId: MGMT,
        region: 'eu-west-1',
        controls: [control('S3.1')],
        findings: [GUARDDUTY],
      });
      for (const v of off.byKey.values()) {
        expect(v.status).toBe('NOT_EVALUATED');
        expect(v.reason).toContain(`Security Hub is not enabled in ${MGMT}/eu-west-1`);
      }
      const id = emu.faults.add({
        kind: 'access-denied',
        service: 'securityhub',
        operation: 'GetFindings',
        first: 1,
      });
      try {
        const denied = await run({
          accountId: PROD,
          region: 'us-east-1',
          controls: [control('S3.1')],
          findings: [GUARDDUTY],
        });
        expect(denied.byKey.get('securityhub-control:S3.1')).toMatchObject({
          status: 'ERROR',
          reason: expect.stringContaining('GetFindings failed with AccessDeniedException'),
        });
        // The failed control call does not stop the findings condition from being read and decided.
        expect(denied.byKey.get('securityhub-findings:guardduty-high-unresolved')?.status).toBe('FAIL');
      } finally {
        emu.faults.remove(id);
      }
    });

    it('reads every member through the delegated administrator, NOT_EVALUATED where its view does not reach', async () => {
      const critical = { ...GUARDDUTY, id: 'guardduty-critical', severities: ['CRITICAL' as const] };
      const { verdicts, records } = await run({
        accountId: MGMT,
        region: 'us-east-1',
        controls: [control('S3.1'), control('S3.8')],
        findings: [GUARDDUTY, critical],
        aggregated: { accounts: [DENIED, MGMT, PROD], regions: ['eu-west-1', 'us-east-1'] },
      });
      const byKey = new Map(verdicts.map((v) => [`${v.queryKey}@${v.accountId}/${v.region}`, v]));
      // Only the administrator is called, once per listing and once per filter.
      expect(new Set(records.map((r) => `${r.accountId}/${r.region}`))).toEqual(
        new Set([`${MGMT}/us-east-1`]),
      );
      expect(records.map((r) => r.operation)).toEqual(
        [
          'AssumeRole',
          'GetEnabledStandards',
          'ListMembers',
          'ListFindingAggregators',
          'GetFindingAggregator',
          'GetFindings',
          'GetFindings',
          'GetFindings',
        ].filter((op) => op !== 'AssumeRole' || records[0]?.operation === 'AssumeRole'),
      );
      const v = (key: string, where: string) => byKey.get(`${key}@${where}`);
      expect(v('securityhub-control:S3.1', `${PROD}/us-east-1`)).toMatchObject({
        status: 'FAIL',
        failingCount: 1,
        resources: [{ accountId: PROD, region: 'us-east-1', resourceId: BUCKET }],
      });
      expect(v('securityhub-control:S3.1', `${PROD}/eu-west-1`)?.status).toBe('NOT_EVALUATED');
      expect(v('securityhub-findings:guardduty-high-unresolved', `${PROD}/us-east-1`)).toMatchObject({
        status: 'FAIL',
        failingCount: 1,
      });
      expect(v('securityhub-findings:guardduty-high-unresolved', `${PROD}/eu-west-1`)).toMatchObject({
        status: 'FAIL',
        resources: [{ accountId: PROD, region: 'eu-west-1', resourceId: 'AKIAEXAMPLE' }],
      });
      expect(v('securityhub-findings:guardduty-critical', `${PROD}/us-east-1`)?.status).toBe('PASS');
      // The administrator's own hub sends no control findings: no findings there is not read as none.
      expect(v('securityhub-findings:guardduty-critical', `${MGMT}/us-east-1`)).toMatchObject({
        status: 'NOT_EVALUATED',
        reason: expect.stringContaining(
          `No Security Hub control findings from ${MGMT}/us-east-1 reached the administrator`,
        ),
      });
      expect(v('securityhub-findings:guardduty-critical', `${DENIED}/us-east-1`)).toMatchObject({
        status: 'NOT_EVALUATED',
        reason: `${DENIED} is not a Security Hub member of the administrator ${MGMT}, so ${DENIED}/us-east-1 is not in its view`,
      });
      expect(byKey.size).toBe(4 * 3 * 2);
    });

    it('keeps to AWS’s 20 values per filter attribute by batching accounts, regions and controls', async () => {
      const many = Array.from({ length: 23 }, (_, n) => String(900000000000 + n));
      const ids = [
        'CloudTrail.1',
        'CloudTrail.2',
        'Config.1',
        'EC2.2',
        'GuardDuty.1',
        'IAM.6',
        'Inspector.1',
      ];
      const controls = [...ids, ...Array.from({ length: 15 }, (_, n) => `S3.${n + 1}`)].map(control);
      const { records, verdicts } = await run({
        accountId: MGMT,
        region: 'us-east-1',
        controls,
        findings: [GUARDDUTY],
        aggregated: { accounts: [PROD, ...many], regions: ['us-east-1'] },
      });
      const calls = records.filter((r) => r.operation === 'GetFindings');
      // (2 control batches + 1 condition) × 2 account batches, none refused by the emulator's limits.
      expect(calls).toHaveLength(6);
      expect(calls.every((r) => !r.error)).toBe(true);
      for (const r of calls) {
        for (const v of Object.values(r.parameters.Filters as Record<string, unknown[]>))
          expect(v.length).toBeLessThanOrEqual(20);
      }
      expect(
        verdicts.find((v) => v.queryKey === 'securityhub-control:S3.1' && v.accountId === PROD)?.status,
      ).toBe('FAIL');
      const refused = await failure(
        prod.send(
          new GetFindingsCommand({
            Filters: { AwsAccountId: many.map((Value) => ({ Value, Comparison: 'EQUALS' as const })) },
          }),
        ),
      );
      expect(refused).toBeInstanceOf(InvalidInputException);
      expect(refused.message).toBe('Filter AwsAccountId has 23 values; at most 20 are allowed');
    });
  });
});
