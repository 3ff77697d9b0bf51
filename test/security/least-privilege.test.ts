// Least privilege, proven both ways on the demo organisation: runs that reach every kind of AWS evidence (Config
// account by account and through an aggregator, conformance packs, Artifact reports with downloads and
// agreements, Audit Manager, Security Hub controls and findings account by account and through the delegated administrator, Organizations discovery, a KMS-signed bundle) and use the optional features (S3
// delivery, the Security Hub import) use only what docs/iam-policy.json and docs/iam-policy-write.json
// grant, to the principal that holds it — and use every action they grant. The whole-suite version of this
// check is request-log.global-setup.ts.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedActions } from '../../scripts/iam-policy/build-policy.js';
import { issueKmsCertificate, toPem } from '../../src/bundle/index.js';
import type { SecurityHubImport } from '../../src/deliver/securityhub/import-run-findings.js';
import {
  defineWorld,
  demoWorld,
  type Emulator,
  startEmulator,
  usageOf,
  type WorldInput,
} from '../../src/emulator/index.js';
import { catalogWith, runAgainst } from '../support/run-against-emulator.js';
import { checkUsage, committedPolicy } from './policy-usage.js';

const MGMT = '111111111111';

const library = `type: evidence-library
queries:
  - kind: audit-manager
    id: lp-audit-controls
    title: Audit controls evidence in Audit Manager
    assessment: "Evidentia demo: HIPAA readiness"
    control: "164.312(b) Audit controls"
    severity: medium
    remediation: Keep the assessment collecting.
    docs: https://docs.aws.amazon.com/audit-manager/latest/userguide/what-is.html
`;

const framework = `type: framework
id: lp-framework
name: Every kind of evidence
version: "1"
controls:
  - id: "1"
    ref: LP 1
    title: Customer side
    summary: Config rules, advanced queries and a conformance pack.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
      - { kind: config-rule, rule: ROOT_ACCOUNT_MFA_ENABLED }
      - { kind: config-query, query: ebs-volumes-unencrypted }
      - { kind: conformance-pack, pack: hipaa-security-pack }
      - { kind: audit-manager, query: lp-audit-controls }
      - { kind: securityhub-control, control: GuardDuty.1 }
      - { kind: securityhub-findings, query: guardduty-high-unresolved }
  - id: "2"
    ref: LP 2
    title: AWS side
    summary: An Artifact report and an agreement.
    responsibility: shared
    evidence:
      - { kind: artifact-report, report: aws-soc2-type2 }
      - { kind: artifact-agreement, agreement: aws-hipaa-baa }
`;

const profile = (aggregator: boolean) => `type: profile
id: lp${aggregator ? '-agg' : ''}
name: Least privilege
organization: { name: Demo }
frameworks: [lp-framework]
scope:
  accounts: organization
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole }
${aggregator ? `  aggregator: { name: org-aggregator, accountId: "${MGMT}", region: us-east-1 }\n  securityHub: { administrator: "${MGMT}", aggregationRegion: us-east-1 }\n` : ''}evidence:
  artifact: { downloadReports: true }
signing:
  kind: kms
  keyId: alias/evidentia-signing
  region: us-east-1
  certificate: kms-signer.pem
${aggregator ? 'delivery:\n  s3: { bucket: lp-packages, region: us-east-1, objectLock: { mode: COMPLIANCE, retainDays: 1 } }\n' : ''}`;

describe('docs/iam-policy.json against what the code does', () => {
  let emulator: Emulator;
  const statuses: string[] = [];
  const imported: (SecurityHubImport | undefined)[] = [];

  beforeAll(async () => {
    const demo = demoWorld() as unknown as WorldInput;
    const world = defineWorld({
      ...demo,
      kms: {
        keys: [
          {
            account: MGMT,
            region: 'us-east-1',
            keySpec: 'ECC_NIST_P256',
            aliases: ['alias/evidentia-signing'],
          },
        ],
      },
      // One of the runs delivers its package under Object Lock (the optional delivery policy).
      s3: { buckets: [{ name: 'lp-packages', account: MGMT, objectLock: {} }] },
    });
    emulator = await startEmulator({ world });
    // The certificate is made by the test's own client (not Evidentia's), as an administrator would.
    const kms = new KMSClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: emulator.credentials,
    });
    const chain = await issueKmsCertificate({
      client: kms,
      keyId: 'alias/evidentia-signing',
      subject: { commonName: 'Least privilege signer' },
      now: new Date(),
      days: 30,
    });
    kms.destroy();
    // Account by account and through the aggregator, side by side.
    statuses.push(
      ...(await Promise.all(
        [false, true].map(async (aggregator) => {
          const setup = await catalogWith(framework, profile(aggregator), library);
          await writeFile(join(setup.dir, 'kms-signer.pem'), chain.map((c) => toPem(c.der)).join(''));
          // The aggregated run also sends its verdicts back into Security Hub (the optional write policy).
          const run = await runAgainst(emulator, setup, aggregator ? { toSecurityHub: true } : {});
          if (aggregator) imported.push(run.outcome.securityHub);
          return run.outcome.error?.message ?? run.outcome.status;
        }),
      )),
    );
  }, 120_000);
  afterAll(() => emulator?.close());

  it('runs reach every kind of evidence and complete', () => {
    expect(statuses).toEqual(['completed', 'completed']);
    expect(imported).toEqual([expect.objectContaining({ accountId: MGMT, failed: [], requests: 1 })]);
  });

  it('uses no operation the policy does not grant to the principal that signed it', async () => {
    const usage = emulator.requests.map(usageOf);
    expect(usage.filter((u) => u.client === 'evidentia').length).toBeGreaterThan(50);
    expect(checkUsage(usage, await committedPolicy()).outside).toEqual([]);
  });

  it('grants nothing these runs did not use', async () => {
    // Only a failed multipart upload sends AbortMultipartUpload (test/integration/deliver makes one), and only
    // `packs deploy` describes and puts conformance packs (test/integration/packs); the whole-suite check
    // (request-log.global-setup.ts) requires each of them used there.
    expect(checkUsage(emulator.requests.map(usageOf), await committedPolicy()).unused).toEqual([
      'config:DescribeOrganizationConformancePacks',
      'config:PutConformancePack',
      'config:PutOrganizationConformancePack',
      's3:AbortMultipartUpload',
    ]);
  });

  it('signs member-account calls with the assumed role and organisation calls with the runner', () => {
    const ours = emulator.requests.map(usageOf).filter((u) => u.client === 'evidentia');
    const by = (op: string) => new Set(ours.filter((u) => u.operation === op).map((u) => u.principal));
    expect(by('DescribeConfigRules')).toEqual(new Set(['assumed-role']));
    expect(by('ListCustomerAgreements')).toEqual(new Set(['assumed-role']));
    expect(by('ListAccounts')).toEqual(new Set(['user']));
    expect(by('AssumeRole')).toEqual(new Set(['user']));
    expect(by('Sign')).toEqual(new Set(['user']));
    expect(by('BatchImportFindings')).toEqual(new Set(['assumed-role']));
  });

  it('grants read-only actions, besides assuming the role and signing with the bundle key', async () => {
    const { read } = await committedPolicy();
    const allowed = allowedActions(read);
    const actions = [...allowed.auditRole, ...allowed.runner];
    const writes = actions.filter((a) => !/^[a-z]+:(Describe|Get|List|Select|BatchGet)/.test(a));
    expect(writes.sort()).toEqual(['kms:Sign', 'sts:AssumeRole']);
    expect(actions.every((a) => !a.includes('*'))).toBe(true);
  });
});
