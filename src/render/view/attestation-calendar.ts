// Attestations as a calendar: every attestation a control relies on, with when it is due and who must give
// it. Awaited (never recorded), lapsed (expired, changed document) and unreadable ones are due now; a current
// one is due again on the day it stops being current. Months run from the evidence date's month.

import type { Control } from '../../catalog/types.js';
import { queryKeyOf } from '../../catalog/types.js';
import type { ControlResult } from '../../core/finding.js';
import { controlAnchor } from '../anchors.js';
import { capList } from '../capped.js';
import { formatDate } from '../format.js';
import type {
  AttestationCalendarView,
  AttestationDueState,
  AttestationDueView,
  AttestationMonthView,
} from '../view-types.js';
import { expiryDate, renewalDate } from './attestation-dates.js';
import { normaliseOwner, ownerKey } from './attestations.js';
import type { FindingScan } from './finding-scan.js';
import { controlKey, type ReportCatalog } from './report-catalog.js';

/** Months shown in the calendar grid, the evidence date's month first. */
export const CALENDAR_MONTHS = 12;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Build the calendar; `asOf` is the moment the evidence was collected (ISO-8601). */
export function buildAttestationCalendar(
  controls: readonly ControlResult[],
  scan: FindingScan,
  lookup: ReportCatalog,
  asOf: string,
  limit: number,
): AttestationCalendarView {
  const today = asOf.slice(0, 10);
  const entries: AttestationDueView[] = [];
  for (const c of controls) {
    if (c.status === 'NOT_APPLICABLE') continue;
    const def = lookup.control(c.frameworkId, c.controlId);
    if (!def) continue;
    const checks = scan.checks.get(controlKey(c.frameworkId, c.controlId));
    const seen = new Set<string>();
    for (const ref of def.evidence) {
      if (ref.kind !== 'manual') continue;
      const key = queryKeyOf(ref, def);
      if (seen.has(key)) continue; // one attestation per control, however many manual references name it
      seen.add(key);
      const check = checks?.get(key);
      if (!check) continue; // never asked for in this run: nothing to date
      const { state, due } = dueOf(check.status, check.reason, today);
      entries.push(entry(c, def, lookup, state, due, today));
    }
  }
  const nowStates = new Set<AttestationDueState>(['awaited', 'lapsed', 'unreadable']);
  const person = (e: AttestationDueView) => ownerKey(e.owner);
  const dueNow = entries
    .filter((e) => nowStates.has(e.state))
    .sort((a, b) => person(a).localeCompare(person(b)));
  const current = entries.filter((e) => e.state === 'current');
  const dated = current
    .filter((e) => e.due !== null)
    .sort((a, b) => (a.due as string).localeCompare(b.due as string) || person(a).localeCompare(person(b)));
  const months = monthsFrom(today);
  for (const e of dated) {
    const m = months.find((x) => x.month === (e.due as string).slice(0, 7));
    if (!m) continue;
    m.due += 1;
    if (!m.owners.includes(e.owner)) m.owners.push(e.owner);
  }
  const last = months[months.length - 1]?.month ?? '';
  return {
    asOf: today,
    asOfText: formatDate(asOf),
    dueNow: capList(dueNow, limit),
    upcoming: capList(dated, limit),
    months,
    later: dated.filter((e) => (e.due as string).slice(0, 7) > last).length,
    undated: current.length - dated.length,
    total: entries.length,
  };
}

function dueOf(
  status: string,
  reason: string,
  today: string,
): { state: AttestationDueState; due: string | null } {
  switch (status) {
    case 'PASS':
      return { state: 'current', due: renewalDate(reason) };
    case 'MANUAL':
      return { state: 'awaited', due: today };
    case 'FAIL':
      return { state: 'lapsed', due: expiryDate(reason) ?? today };
    default:
      return { state: 'unreadable', due: today };
  }
}

function entry(
  c: ControlResult,
  def: Control,
  lookup: ReportCatalog,
  state: AttestationDueState,
  due: string | null,
  today: string,
): AttestationDueView {
  const manual = def.evidence.flatMap((e) => (e.kind === 'manual' ? [e] : []));
  const role = manual.find((m) => m.owner)?.owner?.trim() ?? null;
  const person = role ? lookup.ownerContact(role) : null;
  return {
    frameworkId: c.frameworkId,
    controlId: c.controlId,
    ref: c.ref,
    title: c.title,
    anchor: controlAnchor(c.frameworkId, c.controlId),
    attestation: manual.map((m) => m.title).join('; '),
    owner: normaliseOwner(person ?? role ?? 'unassigned'),
    role,
    state,
    due,
    dueText:
      due === null ? 'date not recorded' : due <= today && state !== 'current' ? 'now' : formatDate(due),
    overdueSince: state === 'lapsed' && due !== null && due < today ? formatDate(due) : null,
    maxAgeDays: manual.find((m) => m.maxAgeDays)?.maxAgeDays ?? null,
  };
}

function monthsFrom(today: string): AttestationMonthView[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7)) - 1;
  const out: AttestationMonthView[] = [];
  for (let i = 0; i < CALENDAR_MONTHS; i += 1) {
    out.push({
      month: `${y}-${String(m + 1).padStart(2, '0')}`,
      label: `${MONTHS[m]} ${y}`,
      due: 0,
      owners: [],
    });
    m += 1;
    if (m === 12) {
      m = 0;
      y += 1;
    }
  }
  return out;
}
