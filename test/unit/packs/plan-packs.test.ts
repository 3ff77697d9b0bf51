// The pack planner against the real catalogue: a profile of every framework needs more than 130 managed rules,
// and every pack it makes is within AWS's limits when parsed back; names are valid and stable; only decisive
// evidence counts; a catalogue whose rules are large splits on the byte limit before the rule limit.

import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type Catalog,
  type ConfigRuleQuery,
  type LibraryQuery,
  loadCatalog,
  loadProfile,
  type Profile,
} from '../../../src/catalog/index.js';
import { neededRules } from '../../../src/packs/needed-rules.js';
import { isValidPackName, MAX_ORG_PACK_NAME, packName } from '../../../src/packs/pack-names.js';
import {
  byteLength,
  MAX_RULE_NAME,
  MAX_RULES_PER_PACK,
  MAX_TEMPLATE_BYTES,
  ruleFragment,
} from '../../../src/packs/pack-template.js';
import { type PlannedPack, packOfRule, planPacks } from '../../../src/packs/plan-packs.js';
import { templateMismatch } from '../../../src/packs/template-check.js';

interface ParsedRule {
  Type: string;
  Properties: {
    ConfigRuleName: string;
    Source: { Owner: string; SourceIdentifier: string };
    Scope?: { ComplianceResourceTypes: string[] };
    InputParameters?: Record<string, string>;
  };
}

/** Parse a template back and hold it to AWS's limits; returns its rules by logical id. */
function checkPack(p: PlannedPack): Record<string, ParsedRule> {
  expect(isValidPackName(p.name), p.name).toBe(true);
  expect(p.name.length).toBeLessThanOrEqual(MAX_ORG_PACK_NAME);
  expect(byteLength(p.template)).toBe(p.templateBytes);
  expect(p.templateBytes).toBeLessThanOrEqual(MAX_TEMPLATE_BYTES);
  // What `packs deploy` accepts back: every template the planner writes (and only its own rules).
  const identifiers = p.rules.map((r) => r.identifier);
  expect(templateMismatch(p.template, identifiers)).toBeUndefined();
  expect(templateMismatch(p.template, identifiers.slice(1))).toMatch(/is not in packs\.json/);
  const doc = parse(p.template, { strict: true, uniqueKeys: true }) as {
    Resources: Record<string, ParsedRule>;
  };
  const resources = doc.Resources;
  const ids = Object.keys(resources);
  expect(ids.length).toBe(p.rules.length);
  expect(ids.length).toBeLessThanOrEqual(MAX_RULES_PER_PACK);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{1,255}$/);
  const names = ids.map((id) => resources[id]!.Properties.ConfigRuleName);
  expect(new Set(names).size).toBe(names.length);
  for (const n of names) {
    expect(n.length).toBeLessThanOrEqual(MAX_RULE_NAME);
    expect(n).toMatch(/^[a-z0-9-]+$/);
  }
  for (const r of Object.values(resources)) {
    expect(r.Type).toBe('AWS::Config::ConfigRule');
    expect(r.Properties.Source.Owner).toBe('AWS');
  }
  return resources;
}

describe('planPacks', () => {
  let catalog: Catalog;
  let everything: Profile;

  beforeAll(async () => {
    catalog = await loadCatalog();
    const healthcare = await loadProfile('healthcare', catalog);
    // Every framework of the catalogue, every control applicable: the most rules a profile can need.
    const { applicability: _, ...rest } = healthcare;
    everything = { ...rest, id: 'everything', frameworks: [...catalog.frameworks.keys()] };
  });

  it('a profile of every framework needs more than 130 rules, and every pack stays within AWS’s limits', () => {
    const needed = neededRules(everything, catalog);
    expect(needed.length).toBeGreaterThan(MAX_RULES_PER_PACK);
    const packs = planPacks({ profile: everything, catalog });
    expect(packs.length).toBeGreaterThanOrEqual(2);
    const deployed: string[] = [];
    for (const p of packs) {
      const resources = checkPack(p);
      for (const r of Object.values(resources)) deployed.push(r.Properties.Source.SourceIdentifier);
      // Rules on global resources go to the home region only; the others everywhere.
      for (const r of p.rules) expect(r.global).toBe(p.reach === 'home');
    }
    // Exactly the needed rules: none lost, none twice.
    expect(deployed.sort()).toEqual(needed.map((r) => r.identifier).sort());
    const regional = needed.filter((r) => !r.global).length;
    expect(packs.filter((p) => p.reach === 'regional').length).toBe(Math.ceil(regional / MAX_RULES_PER_PACK));
    expect(packs[0]?.name).toBe('evidentia-everything-1');
    expect(packs.find((p) => p.reach === 'home')?.name).toBe('evidentia-everything-global-1');
  });

  it('is stable: two calls give the same packs, names and templates', () => {
    const a = planPacks({ profile: everything, catalog });
    const b = planPacks({ profile: everything, catalog });
    expect(b).toEqual(a);
  });

  it('carries the catalogue’s scope and input parameters into the template', () => {
    const packs = planPacks({ profile: everything, catalog });
    const home = packs.filter((p) => p.reach === 'home').map(checkPack);
    const all = Object.assign({}, ...home) as Record<string, ParsedRule>;
    expect(all.IamPasswordPolicy?.Properties.InputParameters).toMatchObject({
      MinimumPasswordLength: '14',
      RequireSymbols: 'true',
    });
    // The account pseudo-type is a result type, never a scope AWS accepts.
    expect(all.IamPasswordPolicy?.Properties.Scope).toBeUndefined();
    expect(all.AccessKeysRotated?.Properties.Scope?.ComplianceResourceTypes).toEqual(['AWS::IAM::User']);
  });

  it('needs only decisive evidence: a rule named only as supporting evidence is never deployed', () => {
    const decisive = new Set<string>();
    const supporting = new Set<string>();
    const frameworks = [
      ...catalog.frameworks.values(),
      ...(everything.industryFramework ? [everything.industryFramework] : []),
    ];
    for (const fw of frameworks) {
      for (const c of fw.controls) {
        for (const e of c.evidence) {
          if (e.kind !== 'config-rule') continue;
          (e.role === 'supporting' ? supporting : decisive).add(e.rule);
        }
      }
    }
    const onlySupporting = [...supporting].filter((r) => !decisive.has(r));
    expect(onlySupporting.length).toBeGreaterThan(0);
    const needed = new Set(neededRules(everything, catalog).map((r) => r.identifier));
    for (const r of onlySupporting) expect(needed.has(r), r).toBe(false);
    for (const r of decisive) expect(needed.has(r), r).toBe(true);
  });

  it('with missing rules: only those, under names that depend on the set and not its order', () => {
    const missing = new Set(['ENCRYPTED_VOLUMES', 'ACCESS_KEYS_ROTATED', 'RDS_STORAGE_ENCRYPTED']);
    const packs = planPacks({ profile: everything, catalog, missing });
    expect(packs.flatMap((p) => p.rules.map((r) => r.identifier)).sort()).toEqual([...missing].sort());
    for (const p of packs) checkPack(p);
    expect(packs.map((p) => p.name)).toEqual([
      expect.stringMatching(/^evidentia-everything-missing-[0-9a-f]{8}-1$/),
      expect.stringMatching(/^evidentia-everything-missing-[0-9a-f]{8}-global-1$/),
    ]);
    const again = planPacks({
      profile: everything,
      catalog,
      missing: new Set([...missing].reverse()),
    });
    expect(again.map((p) => p.name)).toEqual(packs.map((p) => p.name));
    const other = planPacks({ profile: everything, catalog, missing: new Set(['ENCRYPTED_VOLUMES']) });
    expect(other[0]?.name).not.toBe(packs[0]?.name);
    expect(packOfRule(packs).get('ACCESS_KEYS_ROTATED')).toBe(packs[1]?.name);
    // A rule the profile does not need is never deployed, even when a run names it.
    expect(planPacks({ profile: everything, catalog, missing: new Set(['NOT_A_RULE']) })).toEqual([]);
  });

  it('splits on the 130-rule limit when the rules of one reach are more than 130 and small', () => {
    // The same catalogue with every rule regional: one reach of more than 130 rules, well under 51,200 bytes.
    const queries = new Map<string, LibraryQuery>();
    for (const [k, q] of catalog.queries) {
      queries.set(k, q.kind === 'config-rule' ? ({ ...q, global: false } as ConfigRuleQuery) : q);
    }
    const regional: Catalog = { ...catalog, queries };
    const needed = neededRules(everything, regional);
    expect(needed.length).toBeGreaterThan(MAX_RULES_PER_PACK);
    const packs = planPacks({ profile: everything, catalog: regional });
    expect(packs.map((p) => [p.name, p.rules.length])).toEqual([
      ['evidentia-everything-1', MAX_RULES_PER_PACK],
      ['evidentia-everything-2', needed.length - MAX_RULES_PER_PACK],
    ]);
    for (const p of packs) checkPack(p);
    // Full on rules, not on bytes: one more rule would still have fitted the template.
    expect(packs[0]!.templateBytes + byteLength(ruleFragment(packs[1]!.rules[0]!))).toBeLessThan(
      MAX_TEMPLATE_BYTES,
    );
  });

  it('splits on the 51,200-byte template limit before the 130-rule limit when rules are large', () => {
    // The same catalogue, with every rule given 40 resource types: about 1.9 KB per rule.
    const types = Array.from({ length: 40 }, (_, i) => `AWS::Service${i}::ResourceTypeNumber${i}`);
    const queries = new Map<string, LibraryQuery>();
    for (const [k, q] of catalog.queries) {
      queries.set(k, q.kind === 'config-rule' ? ({ ...q, resourceTypes: types } as ConfigRuleQuery) : q);
    }
    const heavy: Catalog = { ...catalog, queries };
    const packs = planPacks({ profile: everything, catalog: heavy });
    const regional = packs.filter((p) => p.reach === 'regional');
    expect(regional.length).toBeGreaterThan(2);
    for (const [i, p] of regional.entries()) {
      checkPack(p);
      expect(p.rules.length).toBeLessThan(MAX_RULES_PER_PACK);
      const next = regional[i + 1]?.rules[0];
      // Full: the next pack's first rule would not have fitted.
      if (next) expect(p.templateBytes + byteLength(ruleFragment(next))).toBeGreaterThan(MAX_TEMPLATE_BYTES);
    }
  });

  it('names fit the organisation limit and the pattern whatever the profile id', () => {
    const long = `a.${'b'.repeat(300)}`;
    const name = packName({ profileId: long, reach: 'home', part: 12, missing: 'deadbeef' });
    expect(isValidPackName(name)).toBe(true);
    expect(packName({ profileId: `${long}x`, reach: 'home', part: 12, missing: 'deadbeef' })).not.toBe(name);
    expect(packName({ profileId: 'my.profile', reach: 'regional', part: 1 })).toBe('evidentia-my-profile-1');
  });
});
