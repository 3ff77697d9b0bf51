// Coverage figures of a framework: how many controls have automated evidence, are manual only, inherited.

import type { Catalog, Framework } from './types.js';

export interface Coverage {
  controls: number;
  /** Controls with at least one automated (non-manual, non-Artifact) evidence query. */
  automated: number;
  /** Controls proven only by manual attestations. */
  manualOnly: number;
  /** Controls whose responsibility is AWS's (proven by Artifact reports). */
  inherited: number;
  shared: number;
  customer: number;
  /** Distinct managed rules used. */
  managedRules: number;
  /** Distinct advanced queries used. */
  advancedQueries: number;
}

/** Count a framework's coverage. */
export function frameworkCoverage(f: Framework, _catalog: Catalog): Coverage {
  const rules = new Set<string>();
  const queries = new Set<string>();
  let automated = 0;
  let manualOnly = 0;
  for (const c of f.controls) {
    const kinds = c.evidence.map((e) => e.kind);
    if (
      kinds.some(
        (k) =>
          k === 'config-rule' || k === 'config-query' || k === 'conformance-pack' || k === 'audit-manager',
      )
    )
      automated += 1;
    if (kinds.every((k) => k === 'manual')) manualOnly += 1;
    for (const e of c.evidence) {
      if (e.kind === 'config-rule') rules.add(e.rule);
      if (e.kind === 'config-query') queries.add(e.query);
    }
  }
  return {
    controls: f.controls.length,
    automated,
    manualOnly,
    inherited: f.controls.filter((c) => c.responsibility === 'aws').length,
    shared: f.controls.filter((c) => c.responsibility === 'shared').length,
    customer: f.controls.filter((c) => c.responsibility === 'customer').length,
    managedRules: rules.size,
    advancedQueries: queries.size,
  };
}
