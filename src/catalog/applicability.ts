// Which controls of a run are NOT_APPLICABLE, and why: the profile's declared exclusions (its Statement of
// Applicability) and controls whose `appliesTo` excludes the entity the profile says it is. Pure.

import type { ControlApplicability } from '../core/finding.js';
import type { Framework, Profile } from './types.js';

/** `<framework>\0<control>` → why that control does not apply. Controls not in the map apply. */
export type NotApplicableMap = ReadonlyMap<string, ControlApplicability>;

/** The key of one control in a `NotApplicableMap`. */
export function applicabilityKey(frameworkId: string, controlId: string): string {
  return `${frameworkId}\u0000${controlId}`;
}

/**
 * Every control of `frameworks` that does not apply to this profile. A declaration in the profile wins over
 * the entity rule (it carries an approver and a date). A framework whose entity the profile does not state
 * keeps every control: nothing becomes NOT_APPLICABLE without someone having said so.
 */
export function notApplicableControls(
  profile: Pick<Profile, 'applicability'>,
  frameworks: readonly Framework[],
): NotApplicableMap {
  const out = new Map<string, ControlApplicability>();
  const app = profile.applicability;
  if (!app) return out;
  for (const fw of frameworks) {
    const entity = app.entities[fw.id];
    if (entity === undefined) continue;
    for (const c of fw.controls) {
      if (!c.appliesTo || c.appliesTo.includes(entity)) continue;
      out.set(applicabilityKey(fw.id, c.id), {
        source: 'entity',
        entity,
        justification: `Applies to ${c.appliesTo.join(' and ')} only; the profile declares this organisation a ${entity} for ${fw.name}`,
      });
    }
  }
  for (const d of app.notApplicable) {
    if (!frameworks.some((f) => f.id === d.frameworkId)) continue;
    const entity = app.entities[d.frameworkId];
    out.set(applicabilityKey(d.frameworkId, d.control), {
      source: 'profile',
      justification: d.justification,
      approver: d.approver,
      date: d.date,
      ...(entity ? { entity } : {}),
    });
  }
  return out;
}

/** The reason a NOT_APPLICABLE control carries in findings and reports. */
export function notApplicableReason(a: ControlApplicability): string {
  const approved = a.approver ? ` (approved by ${a.approver} on ${a.date})` : '';
  return `Not applicable: ${a.justification}${approved}`;
}
