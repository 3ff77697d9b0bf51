// The names of the conformance packs Evidentia generates. Pure and deterministic, so a report can name the pack
// that would deploy a missing rule without calling AWS, and `packs generate` produces exactly that name.

import { createHash } from 'node:crypto';

/** AWS Config's `ConformancePackName` and `OrganizationConformancePackName` pattern (config-service model). */
export const PACK_NAME_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]*$/;
/** `ConformancePackName` length limit. */
export const MAX_PACK_NAME = 256;
/** `OrganizationConformancePackName` length limit: names must fit both, so packs can be deployed either way. */
export const MAX_ORG_PACK_NAME = 128;
/** Room kept for the profile part of a name, so every pack name stays well under the organisation limit. */
const MAX_PROFILE_PART = 64;

/** Where a pack is deployed: `home` holds rules on global resources (IAM, the account), deployed in the home region only. */
export type PackReach = 'home' | 'regional';

export interface PackNameParts {
  profileId: string;
  reach: PackReach;
  /** 1-based part number within its reach. */
  part: number;
  /** Set for packs of only the rules a run found missing: a digest of that rule set (see `missingDigest`). */
  missing?: string;
}

/**
 * `evidentia-<profile>-<n>` (regional rules), `evidentia-<profile>-global-<n>` (home region), with `-missing-<digest>`
 * after the profile for packs generated from a run's missing rules: a different set of missing rules is a
 * different pack, so deploying it never rewrites (and so never deletes rules from) a pack deployed earlier.
 */
export function packName(p: PackNameParts): string {
  const parts = ['evidentia', profilePart(p.profileId)];
  if (p.missing) parts.push('missing', p.missing);
  if (p.reach === 'home') parts.push('global');
  parts.push(String(p.part));
  return parts.join('-');
}

/** Whether a name is valid for both `PutConformancePack` and `PutOrganizationConformancePack`. */
export function isValidPackName(name: string): boolean {
  return PACK_NAME_PATTERN.test(name) && name.length >= 1 && name.length <= MAX_ORG_PACK_NAME;
}

/** A short digest of a set of rule identifiers, independent of their order. */
export function missingDigest(identifiers: Iterable<string>): string {
  const sorted = [...new Set(identifiers)].sort();
  return createHash('sha256').update(sorted.join('\n')).digest('hex').slice(0, 8);
}

/**
 * The profile id as a name part: profile ids are lower-case letters, digits, dots and dashes, and pack names
 * allow no dots; a long id is cut and keeps a digest of the whole, so two long ids never share a name.
 */
function profilePart(profileId: string): string {
  const clean = profileId.replace(/[^a-zA-Z0-9-]/g, '-').replace(/-+/g, '-');
  if (clean.length <= MAX_PROFILE_PART) return clean;
  const digest = createHash('sha256').update(profileId).digest('hex').slice(0, 8);
  return `${clean.slice(0, MAX_PROFILE_PART - 9).replace(/-$/, '')}-${digest}`;
}
