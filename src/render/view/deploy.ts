// "What to deploy": the managed rules the run found not deployed, as the conformance packs that
// `evidentia packs generate --missing-from <this run>` would write (the same pure planner, so the names match),
// with how many rules each holds and how many controls it would let the next run evaluate.

import type { Catalog, Profile } from '../../catalog/index.js';
import type { Finding } from '../../core/finding.js';
import { missingRules } from '../../packs/missing-rules.js';
import { packOfRule, planPacks } from '../../packs/plan-packs.js';
import { capList } from '../capped.js';
import type { DeployView } from '../view-types.js';
import type { FindingScan } from './finding-scan.js';

/** Rule identifiers listed per pack. */
const RULES_PER_PACK = 12;

/** Build the section, and fill `scan.deployPackOf` so every other section can name a missing rule's pack. */
export function buildDeploy(
  scan: FindingScan,
  catalog: Catalog,
  profile: Profile,
  run: { runId: string; profileId: string },
): DeployView | null {
  if (scan.undeployed.size === 0) return null;
  const missing = [...scan.undeployed.values()];
  const view: DeployView = {
    missingRules: missing.length,
    findings: missing.reduce((n, m) => n + m.findings, 0),
    controls: new Set(missing.flatMap((m) => [...m.controls])).size,
    packs: [],
    generate: `evidentia packs generate --profile ${profile.id} --missing-from <output>/${run.profileId}/${run.runId}`,
    dryRun: `evidentia packs deploy --profile ${profile.id}`,
    deploy: `evidentia packs deploy --profile ${profile.id} --apply`,
    problem: null,
    packOfRule: {},
  };
  try {
    const packs = planPacks({ profile, catalog, missing: new Set(scan.undeployed.keys()) });
    for (const p of packs) {
      const controls = new Set<string>();
      for (const r of p.rules) {
        scan.deployPackOf.set(r.identifier, p.name);
        view.packOfRule[r.identifier] = p.name;
        for (const c of scan.undeployed.get(r.identifier)?.controls ?? []) controls.add(c);
      }
      view.packs.push({
        name: p.name,
        reach: p.reach === 'home' ? 'home region' : 'every region',
        rules: p.rules.length,
        controls: controls.size,
        ruleIds: capList(
          p.rules.map((r) => r.identifier),
          RULES_PER_PACK,
        ),
      });
    }
    const unplanned = missing.filter((m) => !scan.deployPackOf.has(m.identifier)).length;
    if (unplanned > 0) {
      view.problem = `${unplanned} missing rule(s) are not decisive evidence of the current profile, so no pack deploys them.`;
    }
  } catch (err) {
    view.problem = `The packs could not be planned: ${err instanceof Error ? err.message : String(err)}`;
  }
  return view;
}

/** The pack of each missing rule of a run, for writers that do not build the view (one pass over the findings). */
export async function deployPacksOfRun(
  findings: Iterable<Finding> | AsyncIterable<Finding>,
  catalog: Catalog,
  profile: Profile,
): Promise<Map<string, string>> {
  return deployPacksOfRules((await missingRules(findings)).keys(), catalog, profile);
}

/** The pack of each of these missing rules (results.json's `notDeployedRules`). */
export function deployPacksOfRules(
  rules: Iterable<string>,
  catalog: Catalog,
  profile: Profile,
): Map<string, string> {
  const missing = new Set(rules);
  if (missing.size === 0) return new Map();
  try {
    return packOfRule(planPacks({ profile, catalog, missing }));
  } catch {
    // The view says why the packs could not be planned; the CSV then names none.
    return new Map();
  }
}
