// Pins the AWS customer baseline: every control, the shared/customer split, which controls rest on
// attestations alone, the exact control → evidence mapping, and what the baseline's own queries select.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Catalog,
  type Framework,
  loadCatalog,
  queryKeyOf,
  yamlFilesIn,
} from '../../../../src/catalog/index.js';
import { packagePaths } from '../../../../src/core/paths.js';
import { type ConfigurationItem, runConfigQuery } from '../../../../src/emulator/config-query/index.js';

const paths = packagePaths();

/** The baseline plus every evidence library, so other frameworks' drafts cannot break this test. */
async function loadBaseline(): Promise<{ catalog: Catalog; fw: Framework }> {
  const catalog = await loadCatalog({
    defaults: false,
    files: [
      join(paths.frameworks, 'aws-customer-baseline.yaml'),
      ...(await yamlFilesIn(paths.evidenceLibrary)),
    ],
  });
  const fw = catalog.frameworks.get('aws-customer-baseline');
  if (!fw) throw new Error('aws-customer-baseline framework not loaded');
  return { catalog, fw };
}

const IDS_BY_GROUP: Record<string, { prefix: string; count: number }> = {
  'data-protection': { prefix: 'ENC', count: 13 },
  'identity-access': { prefix: 'IAM', count: 9 },
  'host-firewall': { prefix: 'OS', count: 7 },
  application: { prefix: 'APP', count: 6 },
  network: { prefix: 'NET', count: 6 },
  monitoring: { prefix: 'LOG', count: 8 },
  compliance: { prefix: 'CMP', count: 6 },
  misconfiguration: { prefix: 'MIS', count: 6 },
};
const SERVICE_MODEL_IDS = [
  'IAAS-1',
  'IAAS-2',
  'PAAS-1',
  'PAAS-2',
  'PAAS-3',
  'PAAS-4',
  'PAAS-5',
  'SAAS-1',
  'SAAS-2',
];

const EXPECTED_IDS = [
  ...Object.values(IDS_BY_GROUP).flatMap(({ prefix, count }) =>
    Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`),
  ),
  ...SERVICE_MODEL_IDS,
];

/** Controls where AWS operates part of the safeguard; each must say where the line falls and prove AWS's half. */
const SHARED = ['ENC-1', 'ENC-3', 'OS-6', 'CMP-4', 'PAAS-5', 'SAAS-1', 'SAAS-2'];

/** Controls that no AWS Config evidence can prove (only attestations and Artifact reports). */
const WITHOUT_CONFIG_EVIDENCE = ['ENC-3', 'APP-6', 'LOG-8', 'CMP-3', 'CMP-4', 'MIS-5', 'SAAS-2'];

describe('aws-customer-baseline framework', () => {
  let catalog: Catalog;
  let fw: Framework;
  beforeAll(async () => {
    ({ catalog, fw } = await loadBaseline());
  });

  it('lists every control once, with refs that name it', () => {
    expect(fw.controls).toHaveLength(70);
    expect(fw.controls.map((c) => c.id)).toEqual(EXPECTED_IDS);
    expect(fw.controls.map((c) => c.ref)).toEqual(EXPECTED_IDS.map((id) => `AWS Customer Baseline ${id}`));
  });

  it('puts each control in the group its id prefix names, covering all nine areas', () => {
    expect(fw.groups.map((g) => g.id)).toEqual([...Object.keys(IDS_BY_GROUP), 'service-model']);
    for (const c of fw.controls) {
      const prefix = c.id.replace(/-\d+$/, '');
      const group = Object.entries(IDS_BY_GROUP).find(([, v]) => v.prefix === prefix)?.[0] ?? 'service-model';
      expect(c.group, c.id).toBe(group);
    }
    const models = fw.controls
      .filter((c) => c.group === 'service-model')
      .map((c) => c.attributes?.serviceModel);
    expect(new Set(models)).toEqual(new Set(['iaas', 'paas', 'saas']));
  });

  it('is the customer side of the model: no inherited control, shared ones noted and backed by Artifact', () => {
    expect(fw.controls.filter((c) => c.responsibility === 'aws')).toEqual([]);
    const shared = fw.controls.filter((c) => c.responsibility === 'shared');
    expect(shared.map((c) => c.id)).toEqual(SHARED);
    for (const c of shared) {
      expect(c.responsibilityNote, c.id).toBeTruthy();
      expect(
        c.evidence.some((e) => e.kind === 'artifact-report'),
        c.id,
      ).toBe(true);
    }
  });

  it('automates every control that AWS Config can see', () => {
    const withoutConfig = fw.controls
      .filter((c) => !c.evidence.some((e) => e.kind === 'config-rule' || e.kind === 'config-query'))
      .map((c) => c.id);
    expect(withoutConfig).toEqual(WITHOUT_CONFIG_EVIDENCE);
    for (const c of fw.controls.filter((c) => withoutConfig.includes(c.id))) {
      expect(
        c.evidence.some((e) => e.kind === 'manual'),
        c.id,
      ).toBe(true);
    }
  });

  it('names evidence that resolves in the library', () => {
    for (const c of fw.controls) {
      for (const ref of c.evidence) {
        if (ref.kind === 'manual') continue;
        expect(catalog.queries.has(queryKeyOf(ref, c)), `${c.id} ${queryKeyOf(ref, c)}`).toBe(true);
      }
    }
  });

  it('maps controls to exactly the pinned evidence', async () => {
    const lines = fw.controls.map((c) => {
      const keys = c.evidence
        .map((e) => `${e.role === 'supporting' ? '(s) ' : ''}${queryKeyOf(e, c)}`)
        .sort();
      return `${c.id} | ${c.responsibility} | ${keys.join(', ')}`;
    });
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(
      './__snapshots__/aws-customer-baseline.mapping.txt',
    );
  });
});

/** A minimal configuration item for query fixtures. */
function item(
  resourceType: string,
  resourceId: string,
  extra: Partial<ConfigurationItem> = {},
): ConfigurationItem {
  return {
    accountId: '111111111111',
    awsRegion: 'us-east-1',
    resourceType,
    resourceId,
    configurationItemCaptureTime: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('baseline queries', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    ({ catalog } = await loadBaseline());
  });

  /** Run one library query over fixture items; the ids of the rows it returns, sorted. */
  function rows(queryId: string, items: ConfigurationItem[]): string[] {
    const q = catalog.queries.get(`config-query:${queryId}`);
    if (q?.kind !== 'config-query') throw new Error(`no config-query ${queryId}`);
    return runConfigQuery(q.expression, items)
      .rows.map((r) => String(r.resourceId))
      .sort();
  }

  it('accepts only IAM users tagged break-glass', () => {
    const users = [
      item('AWS::IAM::User', 'emergency', {
        awsRegion: 'global',
        tags: [{ key: 'break-glass', value: 'sealed' }],
      }),
      item('AWS::IAM::User', 'alice', { awsRegion: 'global', tags: [{ key: 'team', value: 'break-glass' }] }),
      item('AWS::IAM::User', 'bob', { awsRegion: 'global' }),
      item('AWS::IAM::Role', 'app-role', { awsRegion: 'global' }),
    ];
    expect(rows('iam-users-not-break-glass', users)).toEqual(['alice', 'bob']);
  });

  it('flags HTTP API stages without default route throttling', () => {
    const stages = [
      item('AWS::ApiGatewayV2::Stage', 'throttled', {
        configuration: { defaultRouteSettings: { throttlingRateLimit: 50.0, throttlingBurstLimit: 100 } },
      }),
      item('AWS::ApiGatewayV2::Stage', 'open', {
        configuration: { defaultRouteSettings: { loggingLevel: 'INFO' } },
      }),
      item('AWS::ApiGateway::Stage', 'rest-v1', { configuration: { stageName: 'prod' } }),
    ];
    expect(rows('apigw-http-stages-without-throttling', stages)).toEqual(['open']);
  });

  it('counts only completed Network Access Analyzer analyses as proof of use', () => {
    const analyses = [
      item('AWS::EC2::NetworkInsightsAccessScopeAnalysis', 'done', {
        configuration: { Status: 'succeeded' },
      }),
      item('AWS::EC2::NetworkInsightsAccessScopeAnalysis', 'broken', { configuration: { Status: 'failed' } }),
    ];
    expect(rows('network-access-analyses-present', analyses)).toEqual(['done']);
    expect(rows('network-access-analyses-present', analyses.slice(1))).toEqual([]);
  });

  it('flags customer recorders that skip resource types, but not service-linked ones', () => {
    const recorders = [
      item('AWS::Config::ConfigurationRecorder', 'all', {
        configuration: { Name: 'default', Recording: true, RecordingGroup: { AllSupported: true } },
      }),
      item('AWS::Config::ConfigurationRecorder', 'partial', {
        configuration: { Name: 'default', Recording: true, RecordingGroup: { AllSupported: false } },
      }),
      item('AWS::Config::ConfigurationRecorder', 'linked', {
        configuration: {
          Name: 'AWSConfigurationRecorderForSecurityHub',
          RecordingGroup: { AllSupported: false },
        },
      }),
    ];
    expect(rows('config-recorders-not-recording-all', recorders)).toEqual(['partial']);
  });

  it('flags a home-region recorder that leaves out global resource types', () => {
    const recorder = (id: string, name: string, includeGlobal?: boolean) =>
      item('AWS::Config::ConfigurationRecorder', id, {
        configuration: {
          Name: name,
          RecordingGroup: {
            AllSupported: true,
            ...(includeGlobal === undefined ? {} : { IncludeGlobalResourceTypes: includeGlobal }),
          },
        },
      });
    const recorders = [
      recorder('with-iam', 'default', true),
      recorder('without-iam', 'default', false),
      recorder('unset', 'main'),
      recorder('linked', 'AWSConfigurationRecorderForSecurityHub', false),
    ];
    expect(rows('config-recorder-skips-global-types', recorders)).toEqual(['unset', 'without-iam']);
  });

  it('flags key resources without an Owner tag', () => {
    const resources = [
      item('AWS::S3::Bucket', 'owned', { tags: [{ key: 'Owner', value: 'data-team' }] }),
      item('AWS::S3::Bucket', 'owned-lower', { tags: [{ key: 'owner', value: 'data-team' }] }),
      item('AWS::EC2::Instance', 'orphan', { tags: [{ key: 'env', value: 'Owner' }] }),
      item('AWS::RDS::DBInstance', 'untagged'),
      item('AWS::EC2::VPC', 'vpc-not-in-scope'),
    ];
    expect(rows('resources-without-owner-tag', resources)).toEqual(['orphan', 'untagged']);
  });

  it('flags PHI buckets without Object Lock, and only PHI buckets', () => {
    const lock = (state: string) => ({ ObjectLockConfiguration: { objectLockEnabled: state } });
    const phi = [{ key: 'DataClassification', value: 'PHI' }];
    const buckets = [
      item('AWS::S3::Bucket', 'records-locked', { tags: phi, supplementaryConfiguration: lock('Enabled') }),
      item('AWS::S3::Bucket', 'records-open', { tags: phi }),
      item('AWS::S3::Bucket', 'logs', { tags: [{ key: 'DataClassification', value: 'internal' }] }),
    ];
    expect(rows('phi-buckets-without-object-lock', buckets)).toEqual(['records-open']);
  });
});
