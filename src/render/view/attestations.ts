// Attestations awaiting action: every control with a MANUAL verdict, with what must be attested and by whom.

import type { ControlResult } from '../../core/finding.js';
import { controlAnchor } from '../anchors.js';
import { type Capped, capList } from '../capped.js';
import type { AttestationOwnerView, AttestationView } from '../view-types.js';
import type { FindingScan } from './finding-scan.js';
import { controlKey, type ReportCatalog } from './report-catalog.js';

/**
 * One spelling per owner: spaces collapsed and every e-mail address lower-cased (mailboxes are matched
 * without regard to case in practice), so `CISO@x.org` and `ciso@x.org` are one owner; names keep their case.
 */
export function normaliseOwner(owner: string): string {
  return owner
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[^\s<>()]+@[^\s<>()]+/g, (m) => m.toLowerCase());
}

/** The person behind an owner: the e-mail address in it when there is one, else the owner as written. */
export function ownerKey(owner: string): string {
  return /[^\s<>()]+@[^\s<>()]+/.exec(owner)?.[0]?.toLowerCase() ?? normaliseOwner(owner);
}

/** Ordered by owner, then in control order, so each owner's list reads as one chase list. */
export function buildAttestations(
  controls: readonly ControlResult[],
  scan: FindingScan,
  lookup: ReportCatalog,
  limit: number,
): Capped<AttestationView> {
  return capList(listAttestations(controls, scan, lookup), limit);
}

/**
 * Every attestation awaiting action, uncapped (one per control with a MANUAL finding, so bounded by the
 * catalogue), ordered by owner, then in control order.
 */
export function listAttestations(
  controls: readonly ControlResult[],
  scan: FindingScan,
  lookup: ReportCatalog,
): AttestationView[] {
  const out: { view: AttestationView; order: number }[] = [];
  controls.forEach((c, order) => {
    const finding = scan.manual.get(controlKey(c.frameworkId, c.controlId));
    if (!finding) return;
    const def = lookup.control(c.frameworkId, c.controlId);
    const manual = (def?.evidence ?? []).flatMap((e) => (e.kind === 'manual' ? [e] : []));
    const owner = normaliseOwner(manual[0]?.owner ?? 'unassigned');
    out.push({
      order,
      view: {
        frameworkId: c.frameworkId,
        controlId: c.controlId,
        ref: c.ref,
        title: c.title,
        attestation: manual.length ? manual.map((m) => m.title).join('; ') : finding.reason,
        owner,
        ownerContact: contactOf(lookup, manual[0]?.owner ?? owner),
        maxAgeDays: manual[0]?.maxAgeDays ?? null,
        reason: finding.reason,
        anchor: controlAnchor(c.frameworkId, c.controlId),
      },
    });
  });
  // One person's attestations together, whichever role names them (roles mapped to one address are one owner).
  const person = (v: AttestationView) => ownerKey(v.ownerContact ?? v.owner);
  out.sort(
    (a, b) =>
      person(a.view).localeCompare(person(b.view)) ||
      a.view.owner.localeCompare(b.view.owner) ||
      a.order - b.order,
  );
  return out.map((o) => o.view);
}

/**
 * One row per person over the whole list (never the capped one, or an owner's count would stop at the cap):
 * roles the profile maps to the same address are one owner.
 */
export function summariseAttestationOwners(
  all: readonly AttestationView[],
  examples = 3,
): AttestationOwnerView[] {
  const owners = new Map<string, AttestationOwnerView>();
  for (const a of all) {
    const who = a.ownerContact ? ownerKey(a.ownerContact) : a.owner;
    let o = owners.get(who);
    if (!o) {
      o = { owner: who, roles: [], controls: 0, cadenceDays: [], examples: [] };
      owners.set(who, o);
    }
    o.controls += 1;
    if (a.owner !== who && !o.roles.includes(a.owner)) o.roles.push(a.owner);
    if (a.maxAgeDays && !o.cadenceDays.includes(a.maxAgeDays)) o.cadenceDays.push(a.maxAgeDays);
    if (o.examples.length < examples) o.examples.push({ controlId: a.controlId, title: a.title });
  }
  for (const o of owners.values()) o.cadenceDays.sort((x, y) => x - y);
  return [...owners.values()];
}

function contactOf(lookup: ReportCatalog, owner: string): string | null {
  const c = lookup.ownerContact(owner) ?? lookup.ownerContact(owner.trim());
  return c ? normaliseOwner(c) : null;
}
