// The demo world's Security Hub story, read with the catalogue's own Security Hub queries through the real SDK:
// production's 12-day-old unresolved HIGH GuardDuty finding and its Macie finding fail, development's failing
// controls fail, its eu-west-1 (never enabled) is NOT_EVALUATED, and the delegated administrator sees the same.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../src/aws/aws-clients.js';
import {
  type Catalog,
  loadCatalog,
  type SecurityHubControlQuery,
  type SecurityHubFindingsQuery,
} from '../../../src/catalog/index.js';
import type { CollectContext } from '../../../src/collect/collect-context.js';
import { EvidenceWriter } from '../../../src/collect/evidence-writer.js';
import { collectSecurityHub } from '../../../src/collect/securityhub/collect-securityhub.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { demoWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { evaluateSecurityHub } from '../../../src/evaluate/securityhub/evaluate-securityhub.js';
import type { SecurityHubTask } from '../../../src/plan/types.js';

const SECURITY = '111111111111';
const PRODUCTION = '222222222222';
const DEVELOPMENT = '333333333333';

describe('the demo world’s Security Hub', () => {
  let emu: Emulator;
  let clients: AwsClients;
  let catalog: Catalog;
  let controls: SecurityHubControlQuery[];
  let findings: SecurityHubFindingsQuery[];
  const clock = systemClock;

  beforeAll(async () => {
    catalog = await loadCatalog();
    const queries = [...catalog.queries.values()];
    controls = queries.filter((q): q is SecurityHubControlQuery => q.kind === 'securityhub-control');
    findings = queries.filter((q): q is SecurityHubFindingsQuery => q.kind === 'securityhub-findings');
    emu = await startEmulator({ world: demoWorld() });
    const { accessKeyId, secretAccessKey } = emu.credentials;
    clients = new AwsClients({
      endpoint: emu.url,
      credentials: async () => ({ accessKeyId, secretAccessKey }),
      homeRegion: 'us-east-1',
      role: { name: 'EvidentiaAuditRole', sessionName: 'evidentia', durationSeconds: 3600 },
      limits: { global: 8, perAccount: 4 },
      maxAttempts: 3,
      callTimeoutMs: 5000,
      clock,
    });
    await clients.callerAccountId();
  });
  afterAll(async () => {
    clients.destroy();
    await emu.close();
  });

  const run = async (task: Omit<SecurityHubTask, 'id' | 'kind' | 'controls' | 'findings'>) => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-sh-demo-'));
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
      id: 'securityhub/demo',
      kind: 'securityhub',
      controls,
      findings,
      ...task,
    };
    const records = await collectSecurityHub(full, ctx);
    const verdicts = evaluateSecurityHub(full, records, { clock, catalog, maxResources: 50 });
    return new Map(verdicts.map((v) => [`${v.queryKey}@${v.accountId}/${v.region}`, v]));
  };

  it('tells the story account by account', async () => {
    const prod = await run({ accountId: PRODUCTION, region: 'us-east-1' });
    const at = `@${PRODUCTION}/us-east-1`;
    expect(prod.get(`securityhub-findings:guardduty-high-unresolved${at}`)).toMatchObject({
      status: 'FAIL',
      failingCount: 1,
      resources: [{ resourceId: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0prod2222aaaa0001' }],
    });
    expect(prod.get(`securityhub-findings:guardduty-high-unresolved-72h${at}`)?.status).toBe('FAIL');
    expect(prod.get(`securityhub-findings:macie-sensitive-data-unresolved${at}`)).toMatchObject({
      status: 'FAIL',
      resources: [{ resourceId: 'arn:aws:s3:::evidentia-demo-prod-app-logs', resourceType: 'AwsS3Bucket' }],
    });
    expect(prod.get(`securityhub-control:GuardDuty.1${at}`)?.status).toBe('PASS');

    const dev = await run({ accountId: DEVELOPMENT, region: 'us-east-1' });
    // Development's HIGH finding is 2 days old: inside both windows.
    expect(dev.get(`securityhub-findings:guardduty-high-unresolved@${DEVELOPMENT}/us-east-1`)?.status).toBe(
      'PASS',
    );
    expect(dev.get(`securityhub-control:CloudTrail.1@${DEVELOPMENT}/us-east-1`)?.status).toBe('PASS');

    // security is the administrator: its own hub in us-east-1 has no finding of its own.
    const security = await run({ accountId: SECURITY, region: 'us-east-1' });
    expect(security.get(`securityhub-findings:guardduty-high-unresolved@${SECURITY}/us-east-1`)?.status).toBe(
      'PASS',
    );

    const devEu = await run({ accountId: DEVELOPMENT, region: 'eu-west-1' });
    for (const v of devEu.values()) {
      expect(v.status).toBe('NOT_EVALUATED');
      expect(v.reason).toContain(`Security Hub is not enabled in ${DEVELOPMENT}/eu-west-1`);
    }
  });

  it('tells the same story through the delegated administrator', async () => {
    const all = await run({
      accountId: SECURITY,
      region: 'us-east-1',
      aggregated: { accounts: [DEVELOPMENT, PRODUCTION, SECURITY], regions: ['eu-west-1', 'us-east-1'] },
    });
    expect(all.get(`securityhub-findings:guardduty-high-unresolved@${PRODUCTION}/us-east-1`)?.status).toBe(
      'FAIL',
    );
    expect(all.get(`securityhub-findings:guardduty-high-unresolved@${SECURITY}/eu-west-1`)?.status).toBe(
      'PASS',
    );
    expect(all.get(`securityhub-control:GuardDuty.1@${SECURITY}/us-east-1`)?.status).toBe('PASS');
    // No hub in development eu-west-1: nothing arrives from there, so nothing passes there.
    expect(all.get(`securityhub-findings:guardduty-high-unresolved@${DEVELOPMENT}/eu-west-1`)?.status).toBe(
      'NOT_EVALUATED',
    );
    expect(all.get(`securityhub-control:GuardDuty.1@${DEVELOPMENT}/eu-west-1`)?.status).toBe('NOT_EVALUATED');
  });
});
