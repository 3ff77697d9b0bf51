// How an `audit-manager` query finds its assessment and control, shared by the collector (which calls) and the
// evaluator (which reads what was stored): by assessment name (case-insensitive; ACTIVE first, then the most
// recently updated) or by the name of the framework it was created from; the control by its name.

import type { AuditManagerQuery } from '../../catalog/types.js';

/** A ListAssessments entry, live (Date) or stored (ISO string / epoch seconds). */
export interface AssessmentEntry {
  id?: string;
  name?: string;
  status?: string;
  lastUpdated?: string | number | Date;
}

/** The members of GetAssessment's `assessment` this needs. */
export interface AssessmentShape {
  metadata?: { id?: string; name?: string; status?: string };
  framework?: {
    metadata?: { name?: string };
    controlSets?: { id?: string; controls?: { id?: string; name?: string }[] }[];
  };
}

/** Assessments worth opening, best first: by name when the query names one, else every ACTIVE one. */
export function candidateAssessments<T extends AssessmentEntry>(
  entries: readonly T[],
  query: AuditManagerQuery,
): T[] {
  const wanted = query.assessment?.toLowerCase();
  const list = entries.filter(
    (e) => e.id && (wanted === undefined ? e.status !== 'INACTIVE' : e.name?.toLowerCase() === wanted),
  );
  return list.sort((a, b) => {
    const active = Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE');
    return active !== 0 ? active : millis(b.lastUpdated) - millis(a.lastUpdated);
  });
}

/** Whether an opened assessment is the one the query means (its framework, when the query names one). */
export function assessmentFits(assessment: AssessmentShape | undefined, query: AuditManagerQuery): boolean {
  if (!assessment) return false;
  if (query.assessment !== undefined) {
    return assessment.metadata?.name?.toLowerCase() === query.assessment.toLowerCase();
  }
  return assessment.framework?.metadata?.name?.toLowerCase() === query.framework?.toLowerCase();
}

/** The query's control in the assessment: its control set id and control id. */
export function findControl(
  assessment: AssessmentShape,
  controlName: string,
): { controlSetId: string; controlId: string } | undefined {
  const wanted = controlName.toLowerCase();
  for (const set of assessment.framework?.controlSets ?? []) {
    const control = (set.controls ?? []).find((c) => c.name?.toLowerCase() === wanted);
    if (set.id && control?.id) return { controlSetId: set.id, controlId: control.id };
  }
  return undefined;
}

/** Milliseconds of a timestamp as the SDK gives it (Date) or as stored (ISO string or epoch seconds). */
export function millis(value: string | number | Date | undefined): number {
  if (value === undefined) return Number.NEGATIVE_INFINITY;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** "assessment 'X'" or "the assessment created from framework 'Y'", for reasons. */
export function describeAssessment(query: AuditManagerQuery): string {
  return query.assessment !== undefined
    ? `assessment '${query.assessment}'`
    : `active assessment created from framework '${query.framework}'`;
}
