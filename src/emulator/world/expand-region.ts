// Expand one account × region of a World into live state: its recorder, its configuration items, the rules
// deployed there (baseline, then account, then region overrides) with their evaluations, and its packs.

import type { ConfigurationItem } from '../config-query/index.js';
import { defaultRuleName, knownManagedRules } from './managed-rule-names.js';
import { ACCOUNT_RESOURCE_TYPE, BUILTIN_RULE_SCOPES } from './rule-scopes.js';
import type {
  ComplianceValue,
  ConformancePackSpec,
  RuleOverride,
  World,
  WorldAccount,
  WorldResource,
} from './world-schema.js';
import type { ConformancePackState, EvaluationState, RegionState, RuleState } from './world-state.js';
import { shortHash } from './world-state.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Statuses whose resources no rule evaluates. */
const UNEVALUATED = new Set(['ResourceNotRecorded', 'ResourceDeleted', 'ResourceDeletedNotRecorded']);

/** Build the state of `account` in `region`. */
export function expandRegion(world: World, account: WorldAccount, region: string, time: Date): RegionState {
  const override = account.regions?.[region];
  const recorder = override?.recorder ?? account.recorder ?? world.baseline.recorder;
  // Global resources (IAM) are recorded in the first region of the world, as AWS records them in one region.
  const globalRegion = world.regions[0];
  const here = regionResources(account, region);
  const items = here
    .filter((r) => r.region === region || region === globalRegion)
    .map((r) => toItem(account.id, region, r, time));

  const rules: RuleState[] = [];
  for (const [key, settings] of deployedRules(world, account, region)) {
    rules.push(buildRule(world, account.id, region, key, settings, here, time));
  }
  rules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const packs = [
    ...world.baseline.conformancePacks,
    ...(account.conformancePacks ?? []),
    ...(override?.conformancePacks ?? []),
  ];
  return {
    accountId: account.id,
    region,
    recorder,
    items,
    rules,
    conformancePacks: packs.map((p) => buildPack(account.id, region, p, rules, time)),
  };
}

/** The settings the world gives rule `identifier` in this account and region (deployed or not: a pack may deploy it). */
export function worldRuleSettings(account: WorldAccount, region: string, identifier: string): RuleOverride {
  const merged: RuleOverride = {
    ...(account.rules?.[identifier] ?? {}),
    ...(account.regions?.[region]?.rules?.[identifier] ?? {}),
  };
  delete merged.deployed;
  delete merged.name;
  delete merged.identifier;
  return merged;
}

/** The world's resources in `region` (global ones too) of an account: what its rules evaluate. */
export function regionResources(account: WorldAccount, region: string): WorldResource[] {
  return account.resources.filter((r) => r.region === region || r.region === 'global');
}

/** Rule key (an identifier, or a rule name with `identifier`) → merged settings, for every deployed rule. */
function deployedRules(world: World, account: WorldAccount, region: string): Map<string, RuleOverride> {
  const out = new Map<string, RuleOverride>();
  const baseline = world.baseline.rules === 'all-managed' ? knownManagedRules() : world.baseline.rules;
  for (const id of baseline) out.set(id, {});
  for (const layer of [account.rules ?? {}, account.regions?.[region]?.rules ?? {}]) {
    for (const [id, o] of Object.entries(layer)) out.set(id, { ...(out.get(id) ?? {}), ...o });
  }
  for (const [id, o] of out) if (o.deployed === false) out.delete(id);
  return out;
}

/** One deployed rule with its evaluations, as the world would have it (also used by rules deployed later, from packs). */
export function buildRule(
  world: World,
  accountId: string,
  region: string,
  key: string,
  o: RuleOverride,
  resources: readonly WorldResource[],
  time: Date,
  /** `InputParameters` as the deployment gave them (JSON text); the world's rules carry none. */
  inputParameters?: string,
): RuleState {
  const identifier = o.identifier ?? key;
  const name = o.name ?? (o.identifier ? key : defaultRuleName(key));
  const scope = o.resourceTypes ?? world.ruleScopes[identifier] ?? BUILTIN_RULE_SCOPES[identifier] ?? [];
  const compliance: ComplianceValue = o.compliance ?? world.baseline.compliance;
  const recordedAt = new Date(time.getTime() - 10 * MINUTE);
  const evaluations = new Map<string, EvaluationState>();
  const put = (e: Omit<EvaluationState, 'recordedAt'>) => {
    const ev: EvaluationState = { ...e, recordedAt };
    if (ev.annotation === undefined) delete ev.annotation;
    evaluations.set(`${e.resourceType}|${e.resourceId}`, ev);
  };

  if (scope.length === 0 && world.baseline.unscopedRules === 'account') {
    put({ resourceType: ACCOUNT_RESOURCE_TYPE, resourceId: accountId, compliance, annotation: o.annotation });
  }
  for (const r of resources) {
    if (UNEVALUATED.has(r.status ?? 'OK')) continue;
    const explicit = r.compliance?.[identifier] ?? r.compliance?.[name];
    if (explicit === undefined && !scope.includes(r.type)) continue;
    const verdict =
      explicit === undefined
        ? { compliance, annotation: o.annotation }
        : typeof explicit === 'string'
          ? { compliance: explicit, annotation: undefined }
          : explicit;
    put({
      resourceType: r.type,
      resourceId: r.id,
      compliance: verdict.compliance,
      annotation: verdict.annotation,
    });
  }
  for (const e of o.evaluations ?? []) put(e);

  const id = shortHash(`${accountId}/${region}/${name}`);
  const rule: RuleState = {
    name,
    identifier,
    arn: `arn:aws:config:${region}:${accountId}:config-rule/config-rule-${id}`,
    id: `config-rule-${id}`,
    state: o.state ?? 'ACTIVE',
    resourceTypes: [...scope],
    firstActivatedAt: new Date(time.getTime() - 30 * DAY),
    lastSuccessAt: recordedAt,
    evaluations: [...evaluations.values()],
  };
  if (inputParameters !== undefined) rule.inputParameters = inputParameters;
  if (o.evaluationError) {
    rule.lastError = { ...o.evaluationError, at: new Date(time.getTime() - 5 * MINUTE) };
  }
  return rule;
}

function buildPack(
  accountId: string,
  region: string,
  spec: ConformancePackSpec,
  rules: readonly RuleState[],
  time: Date,
): ConformancePackState {
  const id = `conformance-pack-${shortHash(`${accountId}/${region}/${spec.name}`)}`;
  const names = spec.rules
    .map((ref) => rules.find((r) => r.identifier === ref || r.name === ref)?.name)
    .filter((n): n is string => n !== undefined);
  return {
    name: spec.name,
    arn: `arn:aws:config:${region}:${accountId}:conformance-pack/${spec.name}/${id}`,
    id,
    ruleNames: [...new Set(names)].sort(),
    createdAt: new Date(time.getTime() - 60 * DAY),
  };
}

function toItem(accountId: string, region: string, r: WorldResource, time: Date): ConfigurationItem {
  const awsRegion = r.region === 'global' ? 'global' : region;
  const item: ConfigurationItem = {
    accountId,
    awsRegion,
    resourceId: r.id,
    resourceType: r.type,
    arn: r.arn ?? defaultArn(accountId, awsRegion, r),
    configurationItemCaptureTime: new Date(time.getTime() - 60 * MINUTE).toISOString(),
    configurationItemStatus: r.status ?? 'OK',
    version: '1.3',
    configuration: r.configuration ?? {},
    supplementaryConfiguration: r.supplementaryConfiguration ?? {},
    tags: Object.entries(r.tags ?? {}).map(([key, value]) => ({ key, value })),
    relationships: r.relationships ?? [],
  };
  if (r.name) item.resourceName = r.name;
  if (r.availabilityZone) item.availabilityZone = r.availabilityZone;
  else item.availabilityZone = awsRegion === 'global' ? 'Not Applicable' : 'Regional';
  if (r.createdAt) item.resourceCreationTime = new Date(r.createdAt).toISOString();
  return item;
}

/** An ARN in the usual shape of the type's service when the world does not give one. */
function defaultArn(accountId: string, region: string, r: WorldResource): string {
  const [, service = 'aws', kind = 'resource'] = r.type.split('::');
  const svc = service.toLowerCase();
  const name = r.name ?? r.id;
  if (svc === 's3') return `arn:aws:s3:::${name}`;
  if (svc === 'iam') return `arn:aws:iam::${accountId}:${kind.toLowerCase()}/${name}`;
  return `arn:aws:${svc}:${region}:${accountId}:${kind.toLowerCase()}/${r.id}`;
}
