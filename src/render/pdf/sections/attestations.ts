// Attestations awaiting action: a chase list per owner.

import { plural } from '../../format.js';
import { PALETTE, STATUS_STYLE } from '../../status-style.js';
import type { ReportView } from '../../view-types.js';
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
 * Attestations due, as a calendar (executive report): per owner, how many controls await an attestation
 * and since when it is due. An attestation that was never recorded (or has lapsed) is due on the day the
 * evidence was collected; the renewal cadence says when the next one falls due once it is recorded.
 */
export function drawAttestationsDue(canvas: PdfCanvas, view: ReportView): void {
  canvas.section('Attestations due', { level: 1, newPage: true });
  const { attestations } = view;
  if (attestations.total === 0) {
    canvas.text('No attestation is due.', { size: SIZE.body });
    return;
  }
  const asOf = view.cover.finishedAt?.text ?? view.cover.startedAt.text;
  canvas.text(
    `${plural(attestations.total, 'control')} need a written attestation that is not on record (or has lapsed) as of ` +
      `${asOf}; ${plural(view.summary.attention.attestationsAwaiting, 'control')} of them wait on nothing else ` +
      '(status Manual). Until recorded, each counts as unproven. The full list is in evidence-detail.pdf.',
    { size: SIZE.body, lineGap: 2, gap: 10 },
  );
  // One row per person (roles the profile maps to the same address are one owner), counted over every
  // attestation awaiting action, not only the ones the detail lists.
  const due = `Due ${asOf.replace(/,.*$/, '')}`;
  drawTable(
    canvas,
    [
      { header: 'Due', width: 1.4 },
      { header: 'Owner', width: 2 },
      { header: 'Controls', width: 0.8, align: 'right' },
      { header: 'Renew every', width: 1.1 },
      { header: 'For example', width: 3.4 },
    ],
    view.attestationOwners.map((o) => ({
      cells: [
        { text: due, font: 'bold' as const, color: STATUS_STYLE.MANUAL.color },
        { text: o.owner, font: 'bold' as const, sub: o.roles.join(', ') || undefined },
        String(o.controls),
        o.cadenceDays.length ? o.cadenceDays.map((d) => `${d} days`).join(', ') : '–',
        o.examples.map((a) => `${a.controlId} ${a.title}`).join('\n') +
          (o.controls > o.examples.length ? `\nand ${o.controls - o.examples.length} more` : ''),
      ],
    })),
  );
}
