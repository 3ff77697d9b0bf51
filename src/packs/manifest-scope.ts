// `packs deploy` writes where packs.json says (its accounts, regions and each pack's `neededIn`), so a manifest
// of the right profile must also stay inside that profile's scope: no account the profile does not name or
// excludes, no region it does not cover, no exclusion dropped. Pure; the caller turns issues into exit 2.

import type { Profile } from '../catalog/index.js';
import type { PackManifest } from './pack-manifest.js';

export interface ScopeIssue {
  field: string;
  message: string;
}

/** Why `<account>/<region>` is outside `profile`'s scope (or not one); undefined when it is inside. */
export function outsideScope(profile: Profile, where: string): string | undefined {
  const m = /^(\d{12})\/([a-z0-9-]+)$/.exec(where);
  if (!m) return `${JSON.stringify(where)} is not <account>/<region>`;
  const [, account, region] = m as unknown as [string, string, string];
  const { scope } = profile;
  if (scope.excludeAccounts.includes(account))
    return `account ${account} is excluded by profile ${profile.id}`;
  if (scope.accounts !== 'organization' && !scope.accounts.includes(account))
    return `account ${account} is not in profile ${profile.id}'s scope`;
  if (!scope.regions.includes(region)) return `region ${region} is not in profile ${profile.id}`;
  return undefined;
}

/** Every place `manifest` reaches outside `profile`'s scope (empty when it stays inside). */
export function manifestScopeIssues(manifest: PackManifest, profile: Profile): ScopeIssue[] {
  const { scope } = profile;
  const issues: ScopeIssue[] = [];
  const regions = new Set(scope.regions);
  const named = scope.accounts === 'organization' ? undefined : new Set(scope.accounts);
  const excluded = new Set(scope.excludeAccounts);
  const accountIssue = (a: string): string | undefined => {
    if (excluded.has(a)) return `account ${a} is excluded by profile ${profile.id}`;
    if (named && !named.has(a)) return `account ${a} is not in profile ${profile.id}'s scope`;
    return undefined;
  };
  const home = scope.homeRegion ?? scope.regions[0];
  if (manifest.homeRegion !== home)
    issues.push({ field: 'homeRegion', message: `expected ${home}, the profile's home region` });
  manifest.regions.forEach((r, i) => {
    if (!regions.has(r)) issues.push({ field: `regions.${i}`, message: `region ${r} is not in the profile` });
  });
  if (manifest.accounts && !named) {
    issues.push({ field: 'accounts', message: `profile ${profile.id} names no account list (organization)` });
  }
  if (named && !manifest.accounts) {
    issues.push({
      field: 'accounts',
      message: `profile ${profile.id} names its accounts; packs.json must too`,
    });
  }
  manifest.accounts?.forEach((a, i) => {
    const why = accountIssue(a);
    if (why) issues.push({ field: `accounts.${i}`, message: why });
  });
  for (const a of scope.excludeAccounts) {
    if (!manifest.excludeAccounts.includes(a))
      issues.push({ field: 'excludeAccounts', message: `drops account ${a}, which the profile excludes` });
  }
  manifest.packs.forEach((p, i) => {
    p.neededIn?.forEach((where, j) => {
      const why = outsideScope(profile, where);
      if (why) issues.push({ field: `packs.${i}.neededIn.${j}`, message: why });
    });
  });
  return issues;
}
