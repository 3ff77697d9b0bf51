// Who answers for a control: the person the profile maps to the role its manual evidence names. A control's
// responsibility (customer, shared, AWS) says which party acts, not which person; top risks need a person.

import type { Control } from '../../catalog/types.js';
import type { ControlOwnerView } from '../view-types.js';
import { normaliseOwner } from './attestations.js';
import type { ReportCatalog } from './report-catalog.js';

/** The role whose person answers for a control the catalogue names no owner for. */
const FALLBACK_ROLE = 'compliance-officer';

/**
 * The owner of a control: the role on its first `kind: manual` evidence that the profile maps to a person;
 * else the profile's compliance officer, else the first role the profile maps (with a note saying so);
 * else "unassigned". E-mail addresses are spelt as in the attestation lists (`normaliseOwner`).
 */
export function controlOwner(def: Control | undefined, lookup: ReportCatalog): ControlOwnerView {
  const roles = (def?.evidence ?? []).flatMap((e) =>
    e.kind === 'manual' && e.owner ? [e.owner.trim()] : [],
  );
  for (const role of roles) {
    const person = lookup.ownerContact(role);
    if (person) return { person: normaliseOwner(person), role, note: null };
  }
  const why = roles.length
    ? `fallback: no person mapped to ${roles.map((r) => `"${r}"`).join(', ')}`
    : 'fallback: the control names no owner';
  const officer = lookup.ownerContact(FALLBACK_ROLE);
  if (officer) return { person: normaliseOwner(officer), role: FALLBACK_ROLE, note: why };
  const first = lookup.ownerRoles()[0];
  if (first) return { person: normaliseOwner(first[1]), role: first[0], note: why };
  return { person: 'unassigned', role: null, note: `${why}, and the profile maps no owners` };
}
