// PutConformancePack, PutOrganizationConformancePack and DescribeOrganizationConformancePacks. A put deploys the
// template's rules at once (AWS deploys through CloudFormation in minutes; the emulator has no such delay) and
// evaluates them the way the world evaluates its own rules (world/expand-region.ts `buildRule`): each resource
// in the rule's scope gets its explicit verdict from the world, else the world's settings for that rule in that
// account and region, else the baseline compliance. Deterministic: the same world and calls give the same state.
// An organisation pack deploys into every ACTIVE account of the organisation (except ExcludedAccounts).

import { pageOf } from '../../page-tokens.js';
import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import { buildRule, regionResources, worldRuleSettings } from '../../world/expand-region.js';
import type {
  ConformancePackState,
  OrganizationPackState,
  RegionState,
  RuleState,
} from '../../world/world-state.js';
import { shortHash, type WorldState } from '../../world/world-state.js';
import { invalidNextToken, pageSize, tokenScope } from './config-scope.js';
import { type TemplateRule, templateRules } from './pack-template-rules.js';

/** AWS's quota of conformance packs per account and region (and of organisation packs per organisation). */
export const MAX_CONFORMANCE_PACKS = 50;
/** DescribeOrganizationConformancePacks: Limit 0..100, default 100. */
export const ORGANIZATION_PACKS_PAGE = 100;

/** Deploy (or update) a conformance pack in the caller's account and region. */
export function putConformancePack(input: Record<string, unknown>, ctx: OperationContext) {
  const name = String(input.ConformancePackName);
  const rules = templateOf(input);
  const region = writableRegion(ctx.world, ctx.caller.accountId, ctx.region);
  const pack = deployPack(ctx.world, region, name, rules, ctx.clock.now());
  return { ConformancePackArn: pack.arn };
}

/** Deploy (or update) an organisation pack from the management account: one member pack per ACTIVE account. */
export function putOrganizationConformancePack(input: Record<string, unknown>, ctx: OperationContext) {
  const world = ctx.world;
  if (ctx.caller.accountId !== world.organization.managementAccountId) {
    throw new AwsServiceError(
      'OrganizationAccessDeniedException',
      'For PutOrganizationConformancePack, you must be the management account or a delegated administrator of the organization.',
    );
  }
  if (world.organization.featureSet !== 'ALL') {
    throw new AwsServiceError(
      'OrganizationAllFeaturesNotEnabledException',
      'Failed to create conformance pack as AWS Organization does not have all features enabled.',
    );
  }
  const name = String(input.OrganizationConformancePackName);
  const rules = templateOf(input);
  const excluded = Array.isArray(input.ExcludedAccounts) ? (input.ExcludedAccounts as string[]) : [];
  const now = ctx.clock.now();
  let org = world.organizationPacks.find((p) => p.name === name && p.region === ctx.region);
  if (!org) {
    if (world.organizationPacks.filter((p) => p.region === ctx.region).length >= MAX_CONFORMANCE_PACKS) {
      throw new AwsServiceError(
        'MaxNumberOfOrganizationConformancePacksExceededException',
        `You have reached the limit of ${MAX_CONFORMANCE_PACKS} organization conformance packs.`,
      );
    }
    const suffix = `${shortHash(`${world.organization.id}/${ctx.region}/${name}`)}ab`.slice(0, 8);
    org = {
      name,
      region: ctx.region,
      arn: `arn:aws:config:${ctx.region}:${ctx.caller.accountId}:organization-conformance-pack/${name}-${suffix}`,
      excludedAccounts: [],
      memberPackName: `OrgConformsPack-${name}-${suffix}`,
      updatedAt: now,
    };
    world.organizationPacks.push(org);
  }
  org.excludedAccounts = [...excluded];
  org.updatedAt = now;
  for (const account of world.accounts.values()) {
    if (account.status !== 'ACTIVE' || excluded.includes(account.id)) continue;
    const region = world.region(account.id, ctx.region);
    if (!region) continue;
    deployPack(world, region, org.memberPackName, rules, now, org.name);
  }
  return { OrganizationConformancePackArn: org.arn };
}

/** The organisation packs of the caller's region (management account only). */
export function describeOrganizationConformancePacks(input: Record<string, unknown>, ctx: OperationContext) {
  if (ctx.caller.accountId !== ctx.world.organization.managementAccountId) {
    throw new AwsServiceError(
      'OrganizationAccessDeniedException',
      'For DescribeOrganizationConformancePacks, you must be the management account or a delegated administrator of the organization.',
    );
  }
  const here = ctx.world.organizationPacks.filter((p) => p.region === ctx.region);
  const names = Array.isArray(input.OrganizationConformancePackNames)
    ? (input.OrganizationConformancePackNames as string[])
    : [];
  const selected = names.length
    ? names.map((n) => {
        const found = here.find((p) => p.name === n);
        if (!found) {
          throw new AwsServiceError(
            'NoSuchOrganizationConformancePackException',
            `Organization conformance pack '${n}' does not exist.`,
          );
        }
        return found;
      })
    : here;
  const page = pageOf(selected, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { names }),
    nextToken: input.NextToken,
    pageSize: pageSize(input.Limit, ORGANIZATION_PACKS_PAGE),
    invalid: invalidNextToken,
  });
  return {
    OrganizationConformancePacks: page.items.map((p: OrganizationPackState) => ({
      OrganizationConformancePackName: p.name,
      OrganizationConformancePackArn: p.arn,
      ConformancePackInputParameters: [],
      ExcludedAccounts: p.excludedAccounts,
      LastUpdateTime: p.updatedAt,
    })),
    NextToken: page.nextToken,
  };
}

function templateOf(input: Record<string, unknown>): TemplateRule[] {
  if (typeof input.TemplateBody !== 'string') {
    // TemplateS3Uri would need the template read from S3 in the same region: not emulated.
    throw new AwsServiceError(
      'ConformancePackTemplateValidationException',
      'The emulator accepts TemplateBody only (TemplateS3Uri is not emulated).',
    );
  }
  const rules = templateRules(input.TemplateBody);
  if (rules.length > 130) {
    throw new AwsServiceError(
      'ConformancePackTemplateValidationException',
      `A conformance pack holds at most 130 rules; this template has ${rules.length}.`,
    );
  }
  return rules;
}

function writableRegion(world: WorldState, accountId: string, region: string): RegionState {
  const state = world.region(accountId, region);
  if (!state) {
    throw new AwsServiceError(
      'InvalidParameterValueException',
      `Region ${region} is not part of this world.`,
    );
  }
  return state;
}

/**
 * Create or replace the pack in one account-region: rules the template no longer holds are deleted, rules it
 * keeps stay (with their evaluations), new rules are deployed and evaluated.
 */
function deployPack(
  world: WorldState,
  region: RegionState,
  name: string,
  rules: readonly TemplateRule[],
  now: Date,
  organizationPack?: string,
): ConformancePackState {
  let pack = region.conformancePacks.find((p) => p.name === name);
  if (!pack) {
    if (region.conformancePacks.length >= MAX_CONFORMANCE_PACKS) {
      throw new AwsServiceError(
        'MaxNumberOfConformancePacksExceededException',
        `You have reached the limit of ${MAX_CONFORMANCE_PACKS} conformance packs in this account and region.`,
      );
    }
    const id = `conformance-pack-${shortHash(`${region.accountId}/${region.region}/${name}`)}`;
    pack = {
      name,
      arn: `arn:aws:config:${region.region}:${region.accountId}:conformance-pack/${name}/${id}`,
      id,
      ruleNames: [],
      createdAt: now,
    };
    region.conformancePacks.push(pack);
  }
  pack.updatedAt = now;
  if (organizationPack) pack.organizationPack = organizationPack;
  // AWS names a pack's rule `<template name>-conformance-pack-<suffix>`, the suffix fixed per pack.
  const suffix = `${shortHash(`${pack.id}`)}cp`.slice(0, 8);
  const wanted = new Map(rules.map((r) => [`${r.name}-conformance-pack-${suffix}`, r]));
  region.rules = region.rules.filter((r) => !pack.ruleNames.includes(r.name) || wanted.has(r.name));
  const spec = world.accountSpec(region.accountId);
  for (const [ruleName, r] of wanted) {
    const existing = region.rules.find((x) => x.name === ruleName);
    if (existing && existing.identifier === r.identifier) continue;
    if (existing) region.rules = region.rules.filter((x) => x !== existing);
    region.rules.push(newRule(world, region, spec, ruleName, r));
  }
  region.rules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  pack.ruleNames = [...wanted.keys()].sort();
  return pack;
}

function newRule(
  world: WorldState,
  region: RegionState,
  spec: ReturnType<WorldState['accountSpec']>,
  ruleName: string,
  r: TemplateRule,
): RuleState {
  const settings = spec ? worldRuleSettings(spec, region.region, r.identifier) : {};
  const o = {
    ...settings,
    identifier: r.identifier,
    ...(r.resourceTypes?.length ? { resourceTypes: r.resourceTypes } : {}),
  };
  const resources = spec ? regionResources(spec, region.region) : [];
  return buildRule(
    world.world,
    region.accountId,
    region.region,
    ruleName,
    o,
    resources,
    world.time,
    r.inputParameters,
  );
}
