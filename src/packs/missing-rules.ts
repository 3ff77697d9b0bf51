// The managed rules a run found not deployed: decisive NOT_EVALUATED managed-rule findings that the Config
// evaluator marked `notDeployed` (a rule deployed but not yet evaluated is not missing, and a Security Hub
// service-linked copy of a rule counts as deployed: the evaluator recognises rules by their identifier). Pure.

import { isDecisive } from '../core/evidence-role.js';
import type { Finding } from '../core/finding.js';

/** What one missing rule keeps the run from evaluating. */
export interface MissingRule {
  identifier: string;
  /** `<framework>:<control>` of the controls with a finding for it. */
  controls: Set<string>;
  /** `<account>/<region>` where it is missing. */
  scopes: Set<string>;
  /** Findings it left NOT_EVALUATED (one per control and scope). */
  findings: number;
}

/** Whether a finding is a decisive "managed rule not deployed here" verdict. */
export function isUndeployedRuleFinding(f: Finding): boolean {
  return f.kind === 'config-rule' && f.status === 'NOT_EVALUATED' && f.notDeployed === true && isDecisive(f);
}

/** The rule identifier of a `config-rule:<identifier>` query key. */
export function ruleOfQueryKey(queryKey: string): string {
  return queryKey.slice('config-rule:'.length);
}

/** Add one finding to a collection of missing rules (for callers that already make one pass over findings). */
export function addMissing(into: Map<string, MissingRule>, f: Finding): void {
  if (!isUndeployedRuleFinding(f)) return;
  const identifier = ruleOfQueryKey(f.queryKey);
  const m = into.get(identifier) ?? { identifier, controls: new Set(), scopes: new Set(), findings: 0 };
  m.findings += 1;
  m.controls.add(`${f.frameworkId}:${f.controlId}`);
  m.scopes.add(`${f.accountId}/${f.region}`);
  into.set(identifier, m);
}

/** Every missing rule of a run, by identifier, from one pass over its findings. */
export async function missingRules(
  findings: Iterable<Finding> | AsyncIterable<Finding>,
): Promise<Map<string, MissingRule>> {
  const out = new Map<string, MissingRule>();
  for await (const f of findings) addMissing(out, f);
  return out;
}
