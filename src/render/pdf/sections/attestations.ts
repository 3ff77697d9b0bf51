// Attestations awaiting action: a chase list per owner.

import { plural } from '../../format.js';
import { PALETTE } from '../../status-style.js';
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
