// The fewest API calls a plan needs against a given world, computed from the world's state (not from what a
// run did): one recorder check per account-region, every page of every paginated listing at the largest page
// AWS serves, rule names in batches of 25, one details listing per non-compliant rule (to the resource cap),
// every page of every advanced query, one AssumeRole per account, and the organisation's account list. The
// caller's own calls (identity, account list, AssumeRole) are kept apart from the member accounts' calls: they
// run under the caller's credentials and gate key, so charging them to an account would distort the bound.

import { runConfigQuery } from '../src/emulator/config-query/index.js';
import { queryableItems } from '../src/emulator/services/config/queryable-items.js';
import { ruleCompliance } from '../src/emulator/services/config/rule-compliance.js';
import { hubIn } from '../src/emulator/services/securityhub/securityhub-state.js';
import type { World } from '../src/emulator/world/world-schema.js';
import { type RegionState, WorldState } from '../src/emulator/world/world-state.js';
import type { ConfigAggregateTask, ConfigQuerySpec, ConfigTask, Plan } from '../src/plan/types.js';

export interface MinimumCalls {
  /** Every call, the caller's own included. */
  total: number;
  byOperation: Record<string, number>;
  /** Calls made with each member account's assumed-role credentials (the caller's own calls are not here). */
  byAccount: Record<string, number>;
  /**
   * For each member account, the longest run of these calls that must follow one another (after its AssumeRole):
   * a page needs the previous page's token, a rule's compliance needs its name from the rule listing, and its
   * failing resources need its compliance. Independent calls (the recorder's status beside the listing, the
   * tasks of one account beside each other) are not chained: no schedule of exactly these calls can take fewer
   * call times than this.
   */
  chainByAccount: Record<string, number>;
  /**
   * The caller's own calls, made with its own credentials under its own gate key (`CALLER` in
   * src/aws/call-gate.ts): who am I, the organisation's account list (page by page, one after another), and one
   * AssumeRole per member account.
   */
  caller: { identity: number; listAccountsPages: number; assumeRoles: number };
  /**
   * Calls the plan needs that the world answers with an error, kept out of `total`, `byOperation` and
   * `byAccount` because the emulator counts them as failed, not answered, so the API-call count they are compared
   * with leaves them out too: a Security Hub task in an account-region without a hub asks GetEnabledStandards
   * once to learn so (AWS answers InvalidAccessException). Each still takes a call time, a concurrency slot and
   * a token of its account's rate, so the ideal bound counts them (bench/ideal-bound.ts).
   */
  refused: { byOperation: Record<string, number>; byAccount: Record<string, number> };
}

/** Page sizes AWS serves (and the emulator follows), and what Evidentia asks for. */
const PAGE = {
  configRules: 25,
  namesPerCall: 25,
  details: 100,
  select: 100,
  listAccounts: 20,
  sourcesStatus: 100,
  aggregateCompliance: 1000,
  packs: 20,
  listReports: 100,
  agreements: 100,
};

const pages = (rows: number, size: number) => Math.max(1, Math.ceil(rows / size));

/** The minimum for `plan` against `world`. */
export function minimumCalls(world: World, plan: Plan, maxResources: number): MinimumCalls {
  const state = new WorldState(world, new Date(world.time ?? Date.now()));
  const byOperation: Record<string, number> = {};
  const byAccount: Record<string, number> = {};
  const chainByAccount: Record<string, number> = {};
  const add = (operation: string, account: string, n: number) => {
    if (n <= 0) return;
    byOperation[operation] = (byOperation[operation] ?? 0) + n;
    byAccount[account] = (byAccount[account] ?? 0) + n;
  };
  const refused: MinimumCalls['refused'] = { byOperation: {}, byAccount: {} };
  const refuse = (operation: string, account: string) => {
    refused.byOperation[operation] = (refused.byOperation[operation] ?? 0) + 1;
    refused.byAccount[account] = (refused.byAccount[account] ?? 0) + 1;
  };
  const chain = (account: string, length: number) => {
    chainByAccount[account] = Math.max(chainByAccount[account] ?? 0, length);
  };
  const assumed = new Set(plan.tasks.filter((t) => t.kind !== 'attestations').map((t) => t.accountId));
  const caller = {
    identity: 1,
    listAccountsPages: pages(state.accounts.size, PAGE.listAccounts),
    assumeRoles: assumed.size,
  };
  byOperation.GetCallerIdentity = caller.identity;
  byOperation.ListAccounts = caller.listAccountsPages;
  if (caller.assumeRoles) byOperation.AssumeRole = caller.assumeRoles;

  for (const task of plan.tasks) {
    // A single paginated listing is a chain of its pages.
    const listing = (operation: string, n: number) => {
      add(operation, task.accountId, n);
      chain(task.accountId, n);
    };
    if (task.kind === 'config') chain(task.accountId, configTask(task, state, maxResources, add));
    else if (task.kind === 'config-aggregate')
      chain(task.accountId, aggregateTask(task, state, maxResources, add));
    else if (task.kind === 'conformance-pack') {
      const region = state.region(task.accountId, task.region);
      listing('DescribeConformancePacks', pages(region?.conformancePacks.length ?? 0, PAGE.packs));
    } else if (task.kind === 'artifact-reports') {
      // The benchmark world publishes no reports: one empty listing.
      listing('ListReports', pages(world.artifact?.reports.length ?? 0, PAGE.listReports));
    } else if (task.kind === 'artifact-agreements') {
      listing('ListCustomerAgreements', pages(world.artifact?.agreements.length ?? 0, PAGE.agreements));
    } else if (task.kind === 'securityhub') {
      // The benchmark worlds enable no hub: the task learns that from its first call. A world with a hub
      // would need the task's other calls counted; refused rather than guessed.
      if (hubIn(state, task.accountId, task.region))
        throw new Error(
          `minimum calls: a Security Hub enabled in ${task.accountId}/${task.region} is not modelled`,
        );
      refuse('GetEnabledStandards', task.accountId);
      chain(task.accountId, 1);
    }
  }
  const total = Object.values(byOperation).reduce((a, b) => a + b, 0);
  return { total, byOperation, byAccount, chainByAccount, caller, refused };
}

type Add = (operation: string, account: string, n: number) => void;

/** Adds the task's calls; returns the longest chain among them (see MinimumCalls.chainByAccount). */
function configTask(task: ConfigTask, state: WorldState, maxResources: number, add: Add): number {
  const region = state.region(task.accountId, task.region);
  const account = task.accountId;
  add('DescribeConfigurationRecorderStatus', account, 1);
  if (region?.recorder !== 'on') return 1;
  let longest = 1;
  if (task.rules.length) {
    const listingPages = pages(region.rules.length, PAGE.configRules);
    add('DescribeConfigRules', account, listingPages);
    const wanted = new Set(task.rules);
    const rules = region.rules.filter((r) => wanted.has(r.identifier));
    let detailsChain = 0;
    if (rules.length) {
      const batches = Math.ceil(rules.length / PAGE.namesPerCall);
      add('DescribeConfigRuleEvaluationStatus', account, batches);
      add('DescribeComplianceByConfigRule', account, batches);
    }
    for (const rule of rules) {
      const c = ruleCompliance(rule);
      if (c.ComplianceType !== 'NON_COMPLIANT') continue;
      const failing = rule.evaluations.filter((e) => e.compliance === 'NON_COMPLIANT').length;
      const needed = c.ComplianceContributorCount?.CapExceeded ? failing : Math.min(failing, maxResources);
      const detailPages = pages(needed, PAGE.details);
      add('GetComplianceDetailsByConfigRule', account, detailPages);
      detailsChain = Math.max(detailsChain, detailPages);
    }
    // The listing's pages follow one another; compliance needs names from the listing (its first page at the
    // least), and the failing resources of a rule its compliance, page by page. Taken at the least, so a
    // lower bound whichever page names which rule.
    longest = Math.max(longest, listingPages, rules.length ? 2 + detailsChain : 1);
  }
  for (const q of task.queries) {
    const n = queryPages(q, [region], state);
    add('SelectResourceConfig', account, n);
    longest = Math.max(longest, n);
  }
  return longest;
}

/** Adds the task's calls; returns the longest chain among them (see MinimumCalls.chainByAccount). */
function aggregateTask(task: ConfigAggregateTask, state: WorldState, maxResources: number, add: Add): number {
  const account = task.accountId;
  const agg = state.aggregators.find((a) => a.name === task.aggregatorName);
  if (!agg) return 0;
  const sources = state.aggregatorSources(agg);
  const regions = sources
    .map((s) => state.region(s.accountId, s.region))
    .filter((r): r is RegionState => r !== undefined);
  const sourcePages = pages(sources.length, PAGE.sourcesStatus);
  add('DescribeConfigurationAggregatorSourcesStatus', account, sourcePages);
  let longest = sourcePages;
  if (task.rules.length || task.globalRules.length) {
    const home = state.region(account, task.region);
    const listingPages = pages(home?.rules.length ?? 0, PAGE.configRules);
    add('DescribeConfigRules', account, listingPages);
    const active = regions.flatMap((r) => (r.recorder === 'on' ? r.rules.map((rule) => ({ r, rule })) : []));
    const compliancePages = pages(active.length, PAGE.aggregateCompliance);
    add('DescribeAggregateComplianceByConfigRules', account, compliancePages);
    const wanted = new Set([...task.rules, ...task.globalRules]);
    const inScope = new Set(task.accounts);
    let detailsChain = 0;
    for (const { r, rule } of active) {
      if (!wanted.has(rule.identifier) || !inScope.has(r.accountId)) continue;
      const c = ruleCompliance(rule);
      if (c.ComplianceType !== 'NON_COMPLIANT') continue;
      const failing = rule.evaluations.filter((e) => e.compliance === 'NON_COMPLIANT').length;
      const needed = c.ComplianceContributorCount?.CapExceeded ? failing : Math.min(failing, maxResources);
      const detailPages = pages(needed, PAGE.details);
      add('GetAggregateComplianceDetailsByConfigRule', account, detailPages);
      detailsChain = Math.max(detailsChain, detailPages);
    }
    // The aggregate compliance names the failing rules itself (the listing is not in this chain); a rule's
    // failing resources need the compliance page that names it (the first, at the least).
    longest = Math.max(longest, listingPages, compliancePages, detailsChain ? 1 + detailsChain : 0);
  }
  for (const q of task.queries) {
    const n = queryPages(q, regions, state);
    add('SelectAggregateResourceConfig', account, n);
    longest = Math.max(longest, n);
  }
  return longest;
}

function queryPages(q: ConfigQuerySpec, regions: readonly RegionState[], state: WorldState): number {
  const items = regions.flatMap((r) => queryableItems(r, state.time));
  try {
    const result = runConfigQuery(q.expression, items);
    return result.paginatable ? pages(result.rows.length, PAGE.select) : 1;
  } catch {
    // A query AWS rejects still costs the one call that learns it.
    return 1;
  }
}
