// Readers that pull rules, evaluation health, compliance and failing resources out of raw Config answers.

import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { ResourceRef } from '../../core/finding.js';
import { arrayMember, member, stringMember } from '../records.js';

/** Deployed AWS managed rules: identifier → rule names (a rule may be deployed more than once, e.g. by packs). */
export function deployedRules(pages: readonly EvidenceRecord[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const page of pages) {
    for (const rule of arrayMember(page.response, 'ConfigRules')) {
      const source = member(rule, 'Source');
      const name = stringMember(rule, 'ConfigRuleName');
      const identifier = stringMember(source, 'SourceIdentifier');
      const state = stringMember(rule, 'ConfigRuleState');
      if (!name || !identifier || stringMember(source, 'Owner') !== 'AWS') continue;
      if (state === 'DELETING' || state === 'DELETING_RESULTS') continue;
      const names = out.get(identifier) ?? [];
      names.push(name);
      out.set(identifier, names);
    }
  }
  for (const names of out.values()) names.sort();
  return out;
}

export interface EvaluationHealth {
  record?: EvidenceRecord;
  /** The failed call that should have told us, when it failed. */
  error?: EvidenceRecord;
  /** Set when the rule's latest evaluation failed (error code and message). */
  failing?: string;
  /** When the rule last evaluated successfully (ISO), as AWS reports it. */
  lastSuccessAt?: string;
}

/** Per rule name: whether its latest evaluation succeeded. */
export function evaluationStatuses(records: readonly EvidenceRecord[]): Map<string, EvaluationHealth> {
  const out = new Map<string, EvaluationHealth>();
  for (const rec of records) {
    if (rec.error) {
      for (const name of namesOf(rec)) out.set(name, { error: rec });
      continue;
    }
    for (const s of arrayMember(rec.response, 'ConfigRulesEvaluationStatus')) {
      const name = stringMember(s, 'ConfigRuleName');
      if (!name) continue;
      const lastOk = time(member(s, 'LastSuccessfulEvaluationTime'));
      const lastFail = time(member(s, 'LastFailedEvaluationTime'));
      const code = stringMember(s, 'LastErrorCode');
      const failing = lastFail !== undefined && (lastOk === undefined || lastFail > lastOk);
      const health: EvaluationHealth = { record: rec };
      if (lastOk !== undefined) health.lastSuccessAt = new Date(lastOk).toISOString();
      if (failing)
        health.failing = `${code ?? 'error'}${stringMember(s, 'LastErrorMessage') ? `: ${stringMember(s, 'LastErrorMessage')}` : ''}`;
      out.set(name, health);
    }
  }
  return out;
}

export interface RuleCompliance {
  record?: EvidenceRecord;
  error?: EvidenceRecord;
  complianceType?: string;
  contributors?: number;
  /** AWS caps the contributor count (at 100); the exact number then comes from listing them all. */
  capExceeded?: boolean;
}

/** Per rule name: its compliance type and the number of non-compliant resources. */
export function ruleCompliance(records: readonly EvidenceRecord[]): Map<string, RuleCompliance> {
  const out = new Map<string, RuleCompliance>();
  for (const rec of records) {
    if (rec.error) {
      for (const name of namesOf(rec)) out.set(name, { error: rec });
      continue;
    }
    for (const c of arrayMember(rec.response, 'ComplianceByConfigRules')) {
      const name = stringMember(c, 'ConfigRuleName');
      if (!name) continue;
      const compliance = member(c, 'Compliance');
      const contributors = member(compliance, 'ComplianceContributorCount');
      const count = member(contributors, 'CappedCount');
      const entry: RuleCompliance = { record: rec };
      const type = stringMember(compliance, 'ComplianceType');
      if (type) entry.complianceType = type;
      if (typeof count === 'number') entry.contributors = count;
      if (member(contributors, 'CapExceeded') === true) entry.capExceeded = true;
      out.set(name, entry);
    }
  }
  return out;
}

export interface FailingResources {
  /** Listed resources, capped at the maximum. */
  resources: ResourceRef[];
  /** How many distinct resources the pages listed. */
  total: number;
  /** Whether every page was read (so `total` is exact). */
  complete: boolean;
  records: EvidenceRecord[];
  error?: EvidenceRecord;
}

/** Failing resources of the given rule names, capped at `max`, with the exact number listed. */
export function failingResources(
  records: readonly EvidenceRecord[],
  names: readonly string[],
  scope: { accountId: string; region: string },
  max: number,
): FailingResources {
  const mine = records.filter((r) => names.includes(String(r.parameters.ConfigRuleName)));
  const resources: ResourceRef[] = [];
  const seen = new Set<string>();
  let error: EvidenceRecord | undefined;
  for (const rec of mine) {
    if (rec.error) {
      error ??= rec;
      continue;
    }
    for (const ev of arrayMember(rec.response, 'EvaluationResults')) {
      if (stringMember(ev, 'ComplianceType') !== 'NON_COMPLIANT') continue;
      const q = member(member(ev, 'EvaluationResultIdentifier'), 'EvaluationResultQualifier');
      const resourceType = stringMember(q, 'ResourceType') ?? 'unknown';
      const resourceId = stringMember(q, 'ResourceId') ?? 'unknown';
      const key = `${resourceType}|${resourceId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ref: ResourceRef = { accountId: scope.accountId, region: scope.region, resourceType, resourceId };
      const annotation = stringMember(ev, 'Annotation');
      if (annotation) ref.annotation = annotation;
      resources.push(ref);
    }
  }
  // Complete when, for every rule name, the last page carried no NextToken.
  const complete =
    !error &&
    names.every((name) => {
      const last = mine.filter((r) => r.parameters.ConfigRuleName === name).at(-1);
      return last !== undefined && !stringMember(last.response, 'NextToken');
    });
  const result: FailingResources = {
    resources: resources.slice(0, max),
    total: resources.length,
    complete,
    records: mine,
  };
  if (error) result.error = error;
  return result;
}

function namesOf(rec: EvidenceRecord): string[] {
  const names = rec.parameters.ConfigRuleNames;
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}

function time(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' || typeof v === 'number') {
    const t = new Date(v).getTime();
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}
