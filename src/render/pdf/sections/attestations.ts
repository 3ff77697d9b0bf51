// Attestations awaiting action: a chase list per owner.

import { formatDate, plural } from '../../format.js';
import { PALETTE, STATUS_STYLE } from '../../status-style.js';
import { ownerKey } from '../../view/attestations.js';
import type { AttestationCalendarView, AttestationDueView, ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { drawTable, type GroupRow, type Row } from '../table.js';
import { SIZE } from '../theme.js';

/** Draw the attestations section. */
export function drawAttestations(canvas: PdfCanvas, view: ReportView): void {
  canvas.section('Attestations awaiting action', { level: 1, newPage: true });
  const { attestations } = view;
  if (attestations.total === 0) {
    canvas.text('No attestation is awaited.', { size: SIZE.body });
    return;
  }
  canvas.text(
    `${plural(attestations.total, 'control')} rely on a written attestation that has not been recorded (or has expired). ` +
      'Until it is, the control counts as unproven. Grouped by the owner named in the framework.',
    { size: SIZE.body, lineGap: 2, gap: 10 },
  );
  const rows: (Row | GroupRow)[] = [];
  let owner: string | undefined;
  for (const a of attestations.items) {
    if (a.owner !== owner) {
      owner = a.owner;
      rows.push({ group: `Owner: ${a.owner}${a.ownerContact ? ` — ${a.ownerContact}` : ''}` });
    }
    rows.push({
      cells: [
        { text: a.controlId, font: 'bold', sub: a.ref, goTo: a.anchor },
        a.title,
        a.attestation,
        a.maxAgeDays ? `${a.maxAgeDays} days` : '–',
      ],
    });
  }
  drawTable(
    canvas,
    [
      { header: 'Control', width: 1.4 },
      { header: 'Title', width: 1.8 },
      { header: 'What must be attested', width: 3.4 },
      { header: 'Valid for', width: 0.9 },
    ],
    rows,
  );
  if (attestations.more > 0) {
    canvas.text(`and ${plural(attestations.more, 'more attestation')} (see findings.csv).`, {
      size: SIZE.small,
      color: PALETTE.muted,
    });
  }
}

/**
 * Attestations due, as a calendar (executive report): a strip of months from the evidence date (what is due
 * now, then how many current attestations fall due in each month), then who must attest now (one row per
 * person: roles the profile maps to one address are one owner), then the renewals in date order.
 */
export function drawAttestationsDue(canvas: PdfCanvas, view: ReportView): void {
  canvas.section('Attestations due', { level: 1, newPage: true });
  const cal = view.attestationCalendar;
  if (cal.total === 0) {
    canvas.text('No control of this run relies on a written attestation.', { size: SIZE.body });
    return;
  }
  const lapsed = cal.dueNow.items.filter((e) => e.state === 'lapsed').length;
  canvas.text(
    `${plural(cal.total, 'attestation')} as of ${cal.asOfText}: ${plural(cal.dueNow.total, 'is', 'are')} due now ` +
      `(never recorded${lapsed ? ', lapsed' : ''} or unreadable; until recorded each control counts as unproven) and ` +
      `${cal.upcoming.total + cal.undated} current, due again when ${cal.upcoming.total + cal.undated === 1 ? 'it lapses' : 'they lapse'}. ` +
      `${plural(view.summary.attention.attestationsAwaiting, 'control')} wait on an attestation and nothing else (status Manual).`,
    { size: SIZE.body, lineGap: 2, gap: 10 },
  );
  drawMonthStrip(canvas, cal);

  if (cal.dueNow.total > 0) {
    canvas.heading('Due now', 60);
    type Owner = { roles: Set<string>; items: AttestationDueView[]; since: string | null };
    const owners = new Map<string, Owner>();
    for (const a of cal.dueNow.items) {
      const who = ownerKey(a.owner);
      const o = owners.get(who) ?? { roles: new Set<string>(), items: [], since: null };
      o.items.push(a);
      if (a.role) o.roles.add(a.role);
      if (a.overdueSince && (!o.since || a.due! < o.since)) o.since = a.due;
      owners.set(who, o);
    }
    drawTable(
      canvas,
      [
        { header: 'Owner', width: 2.2 },
        { header: 'Controls', width: 0.8, align: 'right' },
        { header: 'Due', width: 1.3 },
        { header: 'For example', width: 3.6 },
      ],
      [...owners.values()].map((o) => ({
        cells: [
          {
            text: o.items[0]!.owner,
            font: 'bold' as const,
            sub: [...o.roles].filter((r) => r !== o.items[0]!.owner).join(', ') || undefined,
          },
          String(o.items.length),
          {
            text: o.since ? `overdue since ${formatDate(o.since)}` : 'now',
            font: 'bold' as const,
            color: o.since ? STATUS_STYLE.FAIL.color : STATUS_STYLE.MANUAL.color,
          },
          o.items
            .slice(0, 3)
            .map((a) => `${a.controlId} ${a.title}`)
            .join('\n') + (o.items.length > 3 ? `\nand ${o.items.length - 3} more` : ''),
        ],
      })),
    );
    if (cal.dueNow.more > 0)
      canvas.text(`and ${plural(cal.dueNow.more, 'more attestation')} due now (see findings.csv).`, {
        size: SIZE.small,
        color: PALETTE.muted,
      });
  }

  if (cal.upcoming.total + cal.undated > 0) {
    canvas.heading('Renewals', 60);
    const shown = cal.upcoming.items.slice(0, RENEWALS_SHOWN);
    drawTable(
      canvas,
      [
        { header: 'Due', width: 1.1 },
        { header: 'Owner', width: 2 },
        { header: 'Control', width: 1.3 },
        { header: 'What must be attested', width: 3.5 },
      ],
      shown.map((a) => ({
        cells: [
          { text: a.dueText, font: 'bold' as const },
          a.owner,
          { text: a.controlId, goTo: a.anchor, sub: a.maxAgeDays ? `every ${a.maxAgeDays} days` : undefined },
          a.attestation,
        ],
      })),
    );
    const more = cal.upcoming.total - shown.length;
    const notes = [
      more > 0 ? `and ${plural(more, 'more renewal')} (report.html lists them all)` : '',
      cal.undated > 0
        ? `${plural(cal.undated, 'current attestation')} whose renewal date the evidence does not state`
        : '',
    ].filter(Boolean);
    if (notes.length) canvas.text(`${notes.join('; ')}.`, { size: SIZE.small, color: PALETTE.muted });
  }
}

/** Renewals listed in the executive report; the HTML page lists every one. */
const RENEWALS_SHOWN = 15;

/** "Now" and the next months as one row of cells: a count per cell, coloured when something is due. */
function drawMonthStrip(canvas: PdfCanvas, cal: AttestationCalendarView): void {
  const cells = [
    { label: 'Due now', count: cal.dueNow.total, color: STATUS_STYLE.MANUAL.color },
    ...cal.months.map((m) => ({ label: m.label, count: m.due, color: STATUS_STYLE.PASS.color })),
  ];
  const gap = 3;
  const w = (canvas.width - gap * (cells.length - 1)) / cells.length;
  const h = 38;
  canvas.ensure(h + 24);
  const y = canvas.y;
  cells.forEach((c, i) => {
    const x = canvas.left + i * (w + gap);
    canvas.artifact(() => {
      canvas.doc
        .save()
        .roundedRect(x, y, w, h, 3)
        .fill(c.count > 0 ? c.color : PALETTE.band)
        .restore();
    });
    const ink = c.count > 0 ? '#FFFFFF' : PALETTE.faint;
    canvas.textAt(c.label, x, y + 4, { size: SIZE.tiny, color: ink, width: w, align: 'center' });
    canvas.textAt(c.count > 0 ? String(c.count) : '–', x, y + 15, {
      font: 'bold',
      size: 13,
      color: ink,
      width: w,
      align: 'center',
    });
  });
  canvas.y = y + h + 4;
  const later = cal.later
    ? ` · ${plural(cal.later, 'renewal')} after ${cal.months[cal.months.length - 1]?.label}`
    : '';
  canvas.text(`Attestations falling due per month, from the evidence date${later}.`, {
    size: SIZE.tiny,
    color: PALETTE.muted,
    gap: 12,
  });
}
