// The planner (pure): profile × frameworks × accounts → deduplicated, batched tasks.
// One evidence query used by many controls in many frameworks becomes work exactly once per scope.

import { applicabilityKey, notApplicableControls } from '../catalog/applicability.js';
import {
  type Catalog,
  type Framework,
  type LibraryQuery,
  type Profile,
  queryKeyOf,
} from '../catalog/types.js';
import { GLOBAL_REGION, ORGANIZATION_ACCOUNT } from '../core/scope.js';
import type { AttestationItem, Plan, Task } from './types.js';

export interface PlanInput {
  profile: Profile;
  frameworks: readonly Framework[];
  catalog: Catalog;
  /** Accounts in scope, already resolved (Organizations ListAccounts or the profile's list). */
  accounts: readonly string[];
  callerAccountId: string;
}

/** The region Artifact is served from in the `aws` partition. */
export const ARTIFACT_REGION = 'us-east-1';

/** Build the plan. Deterministic: the same input gives the same tasks in the same order. */
export function planRun(input: PlanInput): Plan {
  const { profile, frameworks, catalog } = input;
  const accounts = [...new Set(input.accounts)].sort();
  const regions = profile.scope.regions;
  const homeRegion = profile.scope.homeRegion ?? regions[0]!;
  const allowedRegions = profile.scope.allowedRegions ?? regions;

  const library = new Map<string, LibraryQuery>();
  const attestations = new Map<string, AttestationItem>();
  // A control that does not apply is not assessed: its evidence is collected only if another control needs it.
  const notApplicable = notApplicableControls(profile, frameworks);
  for (const fw of frameworks) {
    for (const control of fw.controls) {
      if (notApplicable.has(applicabilityKey(fw.id, control.id))) continue;
      for (const ref of control.evidence) {
        const key = queryKeyOf(ref, control);
        if (ref.kind === 'manual') {
          const contact = profile.evidence.attestations.owners[ref.owner];
          attestations.set(key, {
            frameworkId: fw.id,
            controlId: control.id,
            title: ref.title,
            owner: ref.owner,
            maxAgeDays: ref.maxAgeDays,
            ...(contact ? { ownerContact: contact } : {}),
          });
          continue;
        }
        const q = catalog.queries.get(key);
        if (q) library.set(key, q);
      }
    }
  }

  const tasks: Task[] = [];
  const queries = [...library.values()];
  const rules = queries.filter((q) => q.kind === 'config-rule');
  const regionalRules = rules
    .filter((q) => !q.global)
    .map((q) => q.id)
    .sort();
  const globalRules = rules
    .filter((q) => q.global)
    .map((q) => q.id)
    .sort();
  const residency = allowedRegions.map((r) => `'${r}'`).join(', ');
  const configQueries = queries
    .filter((q) => q.kind === 'config-query')
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((q) => ({
      queryId: q.id,
      expression: q.expression.replaceAll('{{allowedRegions}}', residency),
      expect: q.expect,
      global: q.global,
    }));
  const aggregator = profile.scope.aggregator;

  if (aggregator && (rules.length || configQueries.length)) {
    tasks.push({
      id: `config-aggregate/${aggregator.name}`,
      kind: 'config-aggregate',
      accountId: aggregator.accountId,
      region: aggregator.region,
      aggregatorName: aggregator.name,
      rules: regionalRules,
      globalRules,
      queries: configQueries,
      homeRegion,
      accounts,
      regions: [...regions],
    });
  } else if (rules.length || configQueries.length) {
    for (const accountId of accounts) {
      for (const region of regions) {
        const home = region === homeRegion;
        const here = home ? [...regionalRules, ...globalRules].sort() : regionalRules;
        const qs = configQueries.filter((q) => home || !q.global);
        if (here.length || qs.length) {
          tasks.push({
            id: `config/${accountId}/${region}`,
            kind: 'config',
            accountId,
            region,
            rules: here,
            queries: qs,
          });
        }
      }
    }
  }

  const packs = queries.filter((q) => q.kind === 'conformance-pack');
  if (packs.length) {
    for (const accountId of accounts) {
      for (const region of regions)
        tasks.push({
          id: `conformance-pack/${accountId}/${region}`,
          kind: 'conformance-pack',
          accountId,
          region,
          packs,
        });
    }
  }

  const reports = queries.filter((q) => q.kind === 'artifact-report');
  if (reports.length) {
    tasks.push({
      id: 'artifact-reports',
      kind: 'artifact-reports',
      accountId: input.callerAccountId,
      region: GLOBAL_REGION,
      reports,
      download: profile.evidence.artifact.downloadReports,
    });
  }

  const agreements = queries.filter((q) => q.kind === 'artifact-agreement');
  if (agreements.length) {
    for (const accountId of accounts) {
      tasks.push({
        id: `artifact-agreements/${accountId}`,
        kind: 'artifact-agreements',
        accountId,
        region: GLOBAL_REGION,
        agreements,
      });
    }
  }

  for (const q of queries) {
    if (q.kind !== 'audit-manager') continue;
    tasks.push({
      id: `audit-manager/${q.id}`,
      kind: 'audit-manager',
      accountId: input.callerAccountId,
      region: homeRegion,
      query: q,
    });
  }

  const hubControls = queries
    .filter((q) => q.kind === 'securityhub-control')
    .sort((a, b) => a.id.localeCompare(b.id));
  const hubFindings = queries
    .filter((q) => q.kind === 'securityhub-findings')
    .sort((a, b) => a.id.localeCompare(b.id));
  const hubAdmin = profile.scope.securityHub;
  if (hubAdmin && (hubControls.length || hubFindings.length)) {
    tasks.push({
      id: `securityhub/${hubAdmin.administrator}/${hubAdmin.aggregationRegion}`,
      kind: 'securityhub',
      accountId: hubAdmin.administrator,
      region: hubAdmin.aggregationRegion,
      controls: hubControls,
      findings: hubFindings,
      aggregated: { accounts, regions: [...regions] },
    });
  } else if (hubControls.length || hubFindings.length) {
    for (const accountId of accounts) {
      for (const region of regions)
        tasks.push({
          id: `securityhub/${accountId}/${region}`,
          kind: 'securityhub',
          accountId,
          region,
          controls: hubControls,
          findings: hubFindings,
        });
    }
  }

  if (attestations.size) {
    tasks.push({
      id: 'attestations',
      kind: 'attestations',
      dir: profile.evidence.attestations.dir,
      accountId: ORGANIZATION_ACCOUNT,
      region: GLOBAL_REGION,
      items: [...attestations.values()],
    });
  }

  const queryKeys = [...new Set([...library.keys(), ...attestations.keys()])].sort();
  return {
    tasks,
    accounts,
    regions: [...regions],
    homeRegion,
    callerAccountId: input.callerAccountId,
    queryKeys,
  };
}
