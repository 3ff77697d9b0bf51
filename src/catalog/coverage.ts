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
  /** Automated evidence references (rules, queries, packs, Audit Manager) that decide their control's verdict. */
  decisiveAutomatedRefs: number;
  /** Automated evidence references that only support: shown with their status, never deciding. */
  supportingAutomatedRefs: number;
  /** Manual attestation references. */
  manualRefs: number;
  /** AWS Artifact report and agreement references (AWS's side). */
  artifactRefs: number;
  /** Controls that apply to some kinds of entity only (`appliesTo`). */
  entitySpecific: number;
}

/** Count a framework's coverage. */
export function frameworkCoverage(f: Framework, _catalog: Catalog): Coverage {
  const rules = new Set<string>();
  const queries = new Set<string>();
  let automated = 0;
  let manualOnly = 0;
  let decisiveAutomatedRefs = 0;
  let supportingAutomatedRefs = 0;
  let manualRefs = 0;
  let artifactRefs = 0;
  for (const c of f.controls) {
    const kinds = c.evidence.map((e) => e.kind);
    if (
      kinds.some(
        (k) =>
          k === 'config-rule' ||
          k === 'config-query' ||
          k === 'conformance-pack' ||
          k === 'audit-manager' ||
          k === 'securityhub-control' ||
          k === 'securityhub-findings',
      )
    )
      automated += 1;
    if (kinds.every((k) => k === 'manual')) manualOnly += 1;
    for (const e of c.evidence) {
      if (e.kind === 'manual') manualRefs += 1;
      else if (e.kind === 'artifact-report' || e.kind === 'artifact-agreement') artifactRefs += 1;
      else if (e.role === 'supporting') supportingAutomatedRefs += 1;
      else decisiveAutomatedRefs += 1;
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
    decisiveAutomatedRefs,
    supportingAutomatedRefs,
    manualRefs,
    artifactRefs,
    entitySpecific: f.controls.filter((c) => c.appliesTo !== undefined).length,
  };
}

/** A control with more decisive automated evidence than a cap, and whether its file says why (`decisiveNote`). */
export interface DecisiveBreadth {
  controlId: string;
  decisive: number;
  note?: string;
}

/**
 * Controls of `f` whose decisive automated references (rules, queries, packs, Audit Manager) exceed `cap`.
 * Padding a control with indirect rules turns their failures into false FAILs; a control that truly needs
 * many says why in `decisiveNote`. The catalogue tests hold each framework to a cap with this.
 */
export function overDecisiveCap(f: Framework, cap: number): DecisiveBreadth[] {
  return f.controls.flatMap((c) => {
    const decisive = c.evidence.filter(
      (e) =>
        e.role === 'decisive' &&
        e.kind !== 'manual' &&
        e.kind !== 'artifact-report' &&
        e.kind !== 'artifact-agreement',
    ).length;
    if (decisive <= cap) return [];
    return [{ controlId: c.id, decisive, ...(c.decisiveNote ? { note: c.decisiveNote } : {}) }];
  });
}
