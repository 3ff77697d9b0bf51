// Plan the conformance packs that deploy a profile's managed rules: profile × catalogue × (optionally) the rules a
// run found missing → ordered packs, each within AWS's limits (130 rules, 51,200-byte template), with stable names.
// Pure and deterministic: the report names the pack a missing rule needs by calling exactly this.

import type { Catalog, Profile } from '../catalog/index.js';
import { EvidentiaError, EXIT } from '../core/errors.js';
import { type NeededRule, neededRules } from './needed-rules.js';
import { isValidPackName, missingDigest, type PackReach, packName } from './pack-names.js';
import {
  byteLength,
  logicalIdOf,
  MAX_RULES_PER_PACK,
  MAX_TEMPLATE_BYTES,
  packTemplate,
  ruleFragment,
  templateHeader,
} from './pack-template.js';

export interface PlannedPack {
  name: string;
  /** `home`: deploy in the profile's home region only (rules on global resources); `regional`: every region. */
  reach: PackReach;
  rules: NeededRule[];
  /** Every control the pack's rules decide (`<framework>:<control>`), sorted. */
  controls: string[];
  template: string;
  templateBytes: number;
}

export interface PackPlanInput {
  profile: Profile;
  catalog: Catalog;
  /** Only these rule identifiers (the ones a run found not deployed); absent: every rule the profile needs. */
  missing?: ReadonlySet<string>;
}

/** A pack plan that cannot be made (a rule too large for any template, clashing ids): a catalogue defect, bad input. */
export class PackPlanError extends EvidentiaError {
  constructor(message: string) {
    super('PACK_PLAN', message, { exitCode: EXIT.BAD_INPUT });
  }
}

/** The packs, regional ones first, each reach split in identifier order. */
export function planPacks(input: PackPlanInput): PlannedPack[] {
  const all = neededRules(input.profile, input.catalog);
  const wanted = input.missing ? all.filter((r) => input.missing!.has(r.identifier)) : all;
  if (wanted.length === 0) return [];
  const digest = input.missing ? missingDigest(wanted.map((r) => r.identifier)) : undefined;
  const profileId = input.profile.id;
  return [
    ...splitReach(
      wanted.filter((r) => !r.global),
      'regional',
      profileId,
      digest,
    ),
    ...splitReach(
      wanted.filter((r) => r.global),
      'home',
      profileId,
      digest,
    ),
  ];
}

/** The pack (by name) that deploys each rule identifier of a plan. */
export function packOfRule(packs: readonly PlannedPack[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of packs) for (const r of p.rules) out.set(r.identifier, p.name);
  return out;
}

function splitReach(
  rules: readonly NeededRule[],
  reach: PackReach,
  profileId: string,
  missing: string | undefined,
): PlannedPack[] {
  const out: PlannedPack[] = [];
  let current: NeededRule[] = [];
  let size = 0;
  const nameOf = (part: number) =>
    packName({ profileId, reach, part, ...(missing !== undefined ? { missing } : {}) });
  // The header's size depends on the name, whose part number can grow by a digit: count the longest one.
  const headerBytes = byteLength(templateHeader(nameOf(rules.length + 1), profileId));
  const flush = () => {
    if (current.length === 0) return;
    out.push(finish(nameOf(out.length + 1), reach, profileId, current));
    current = [];
    size = 0;
  };
  for (const rule of rules) {
    const bytes = byteLength(ruleFragment(rule));
    if (headerBytes + bytes > MAX_TEMPLATE_BYTES) {
      throw new PackPlanError(
        `managed rule ${rule.identifier} alone exceeds the ${MAX_TEMPLATE_BYTES}-byte template limit`,
      );
    }
    if (current.length >= MAX_RULES_PER_PACK || headerBytes + size + bytes > MAX_TEMPLATE_BYTES) flush();
    current.push(rule);
    size += bytes;
  }
  flush();
  return out;
}

function finish(name: string, reach: PackReach, profileId: string, rules: NeededRule[]): PlannedPack {
  if (!isValidPackName(name))
    throw new PackPlanError(`generated pack name '${name}' is not a valid pack name`);
  const ids = new Set(rules.map((r) => logicalIdOf(r.identifier)));
  if (ids.size !== rules.length)
    throw new PackPlanError(`two rules of ${name} share a CloudFormation logical id`);
  const template = packTemplate(name, profileId, rules);
  const templateBytes = byteLength(template);
  if (templateBytes > MAX_TEMPLATE_BYTES || rules.length > MAX_RULES_PER_PACK) {
    throw new PackPlanError(`${name} exceeds AWS's conformance pack limits`);
  }
  return {
    name,
    reach,
    rules,
    controls: [...new Set(rules.flatMap((r) => r.controls))].sort(),
    template,
    templateBytes,
  };
}
