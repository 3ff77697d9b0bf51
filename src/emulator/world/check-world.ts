// Cross-field checks of a schema-valid world: unique ids, known regions, accounts and managed rules,
// consistent aggregators and faults. Each problem is located in the source file.

import { formatPath, locate, type PathSegment, type YamlSource } from '../../catalog/yaml-source.js';
import type { InputIssue } from '../../core/errors.js';
import { checkSecurityHubWorld } from '../services/securityhub/check-securityhub-world.js';
import { defaultRuleName, knownManagedRules } from './managed-rule-names.js';
import type { World } from './world-schema.js';

/** Problems that the schema alone cannot see. */
export function checkWorld(world: World, source: YamlSource): InputIssue[] {
  const issues: InputIssue[] = [];
  const issue = (path: PathSegment[], message: string, at: 'value' | 'key' = 'value') =>
    issues.push({ location: locate(source, path, at), field: formatPath(path), message });

  const regions = new Set(world.regions);
  world.regions.forEach((r, i) => {
    if (world.regions.indexOf(r) !== i) issue(['regions', i], `region '${r}' is listed twice`);
  });
  const accounts = new Set<string>();
  world.accounts.forEach((a, i) => {
    if (accounts.has(a.id)) issue(['accounts', i, 'id'], `account '${a.id}' is listed twice`);
    accounts.add(a.id);
  });
  if (!accounts.has(world.organization.managementAccount)) {
    issue(
      ['organization', 'managementAccount'],
      `management account '${world.organization.managementAccount}' is not among the accounts`,
    );
  }

  const ids = new Set(knownManagedRules());
  const names = new Set([...ids].map(defaultRuleName));
  const customNames = new Set<string>();
  const overrides = (
    rules: Record<string, { name?: string | undefined; identifier?: string | undefined }> | undefined,
  ) => {
    for (const [key, o] of Object.entries(rules ?? {})) {
      if (o.name) customNames.add(o.name);
      else if (o.identifier) customNames.add(key);
    }
  };
  /** A rules map's keys are identifiers, unless the entry names its identifier (then the key is a name). */
  const checkRules = (
    path: PathSegment[],
    rules: Record<string, { identifier?: string | undefined }> | undefined,
  ) => {
    for (const [key, o] of Object.entries(rules ?? {})) {
      if (o.identifier) checkIdentifier([...path, key, 'identifier'], o.identifier);
      else checkIdentifier([...path, key], key, 'key');
    }
  };
  for (const a of world.accounts) {
    overrides(a.rules);
    for (const r of Object.values(a.regions ?? {})) overrides(r.rules);
  }
  const checkIdentifier = (path: PathSegment[], id: string, at: 'value' | 'key' = 'value') => {
    if (!ids.has(id)) {
      issue(
        path,
        `unknown managed rule '${id}': expected an identifier from reference/aws-config-managed-rules.txt (or frameworks/managed-rules-extensions.txt), such as ENCRYPTED_VOLUMES`,
        at,
      );
    }
  };
  const checkRuleRef = (path: PathSegment[], ref: string, at: 'value' | 'key' = 'value') => {
    if (!ids.has(ref) && !names.has(ref) && !customNames.has(ref)) {
      issue(
        path,
        `unknown rule '${ref}': expected a managed rule identifier or the name of a deployed rule`,
        at,
      );
    }
  };

  const checkPacks = (path: PathSegment[], packs: readonly { rules: string[] }[] | undefined) => {
    for (const [i, p] of (packs ?? []).entries()) {
      for (const [j, r] of p.rules.entries()) checkRuleRef([...path, i, 'rules', j], r);
    }
  };

  if (Array.isArray(world.baseline.rules)) {
    for (const [i, id] of world.baseline.rules.entries()) checkIdentifier(['baseline', 'rules', i], id);
  }
  for (const id of Object.keys(world.ruleScopes)) checkIdentifier(['ruleScopes', id], id, 'key');
  checkPacks(['baseline', 'conformancePacks'], world.baseline.conformancePacks);

  world.accounts.forEach((a, ai) => {
    const base: PathSegment[] = ['accounts', ai];
    checkRules([...base, 'rules'], a.rules);
    checkPacks([...base, 'conformancePacks'], a.conformancePacks);
    for (const [region, o] of Object.entries(a.regions ?? {})) {
      if (!regions.has(region)) {
        issue(
          [...base, 'regions', region],
          `region '${region}' is not one of the world's regions (${world.regions.join(', ')})`,
          'key',
        );
      }
      checkRules([...base, 'regions', region, 'rules'], o.rules);
      checkPacks([...base, 'regions', region, 'conformancePacks'], o.conformancePacks);
    }
    const seen = new Set<string>();
    a.resources.forEach((r, ri) => {
      const path: PathSegment[] = [...base, 'resources', ri];
      if (r.region !== 'global' && !regions.has(r.region)) {
        issue(
          [...path, 'region'],
          `region '${r.region}' is not one of the world's regions (${world.regions.join(', ')}) or 'global'`,
        );
      }
      const key = `${r.type}|${r.id}|${r.region}`;
      if (seen.has(key))
        issue([...path, 'id'], `resource ${r.type} '${r.id}' is listed twice in ${r.region}`);
      seen.add(key);
      for (const ref of Object.keys(r.compliance ?? {}))
        checkRuleRef([...path, 'compliance', ref], ref, 'key');
    });
  });

  world.aggregators.forEach((g, i) => {
    const path: PathSegment[] = ['aggregators', i];
    if (!accounts.has(g.account))
      issue([...path, 'account'], `account '${g.account}' is not among the accounts`);
    if (!regions.has(g.region))
      issue([...path, 'region'], `region '${g.region}' is not one of the world's regions`);
    if (g.organization && g.accounts) {
      issue([...path, 'accounts'], 'give either organization: true or a list of accounts, not both');
    }
    if (!g.organization && !g.accounts?.length) {
      issue(path, 'an aggregator needs organization: true or a non-empty list of accounts');
    }
    g.accounts?.forEach((a, j) => {
      if (!accounts.has(a)) issue([...path, 'accounts', j], `account '${a}' is not among the accounts`);
    });
    g.regions?.forEach((r, j) => {
      if (!regions.has(r)) issue([...path, 'regions', j], `region '${r}' is not one of the world's regions`);
    });
  });
  const aggregatorKeys = new Set<string>();
  world.aggregators.forEach((g, i) => {
    const key = `${g.account}/${g.region}/${g.name}`;
    if (aggregatorKeys.has(key))
      issue(
        ['aggregators', i, 'name'],
        `aggregator '${g.name}' is defined twice in ${g.account} ${g.region}`,
      );
    aggregatorKeys.add(key);
  });

  world.faults.forEach((f, i) => {
    if (f.account && !accounts.has(f.account))
      issue(['faults', i, 'account'], `account '${f.account}' is not among the accounts`);
    if (f.region && !regions.has(f.region))
      issue(['faults', i, 'region'], `region '${f.region}' is not one of the world's regions`);
  });
  checkSecurityHubWorld(world.securityHub, accounts, regions, issue);
  return issues;
}
