// Which AWS Config managed rules a profile needs deployed: the rules its applicable controls name as decisive
// evidence (supporting evidence never decides a verdict, so it never justifies deploying a rule). Pure.

import { applicabilityKey, notApplicableControls } from '../catalog/applicability.js';
import {
  type Catalog,
  type ConfigRuleQuery,
  type Profile,
  profileFrameworks,
  queryKeyOf,
} from '../catalog/index.js';
import { isDecisive } from '../core/evidence-role.js';

/** One managed rule to deploy, with the catalogue's scope and parameters and the controls it decides. */
export interface NeededRule {
  /** The managed rule identifier (`Source.SourceIdentifier`). */
  identifier: string;
  /** Evaluated in the profile's home region only (global resources). */
  global: boolean;
  /** The catalogue's resource types (the rule's scope). */
  resourceTypes: string[];
  inputParameters: Record<string, string | number | boolean>;
  /** `<framework>:<control>` of every applicable control whose decisive evidence names the rule, sorted. */
  controls: string[];
}

/** Every managed rule the profile's decisive evidence needs, sorted by identifier. */
export function neededRules(profile: Profile, catalog: Catalog): NeededRule[] {
  const frameworks = profileFrameworks(profile, catalog);
  const notApplicable = notApplicableControls(profile, frameworks);
  const byId = new Map<string, { query: ConfigRuleQuery; controls: Set<string> }>();
  for (const fw of frameworks) {
    for (const control of fw.controls) {
      if (notApplicable.has(applicabilityKey(fw.id, control.id))) continue;
      for (const ref of control.evidence) {
        if (ref.kind !== 'config-rule' || !isDecisive(ref)) continue;
        const q = catalog.queries.get(queryKeyOf(ref, control));
        if (q?.kind !== 'config-rule') continue;
        const entry = byId.get(q.id) ?? { query: q, controls: new Set<string>() };
        entry.controls.add(`${fw.id}:${control.id}`);
        byId.set(q.id, entry);
      }
    }
  }
  return [...byId.values()]
    .map(({ query, controls }) => ({
      identifier: query.id,
      global: query.global,
      resourceTypes: [...query.resourceTypes],
      inputParameters: { ...(query.inputParameters ?? {}) },
      controls: [...controls].sort(),
    }))
    .sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
}
