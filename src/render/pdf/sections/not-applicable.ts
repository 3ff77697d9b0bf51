// Declared not applicable (executive report): every control the run marked NOT_APPLICABLE, with the
// justification recorded for it, so an exclusion is visible and can be challenged.

import { plural } from '../../format.js';
import { PALETTE } from '../../status-style.js';
import type { ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { drawTable } from '../table.js';
import { SIZE } from '../theme.js';

/** Draw the not-applicable section. */
export function drawNotApplicable(canvas: PdfCanvas, view: ReportView): void {
  canvas.section('Declared not applicable', { level: 1, minSpace: 200 });
  const rows = view.frameworks.flatMap((fw) =>
    fw.groups.flatMap((g) => g.controls).filter((c) => c.status === 'NOT_APPLICABLE'),
  );
  if (!rows.length) {
    canvas.text('No control was declared not applicable: every control of every framework was assessed.', {
      size: SIZE.body,
      color: PALETTE.ink,
      gap: 8,
    });
    return;
  }
  canvas.text(
    `${plural(rows.length, 'control')} ${rows.length === 1 ? 'was' : 'were'} declared not applicable and ` +
      `${rows.length === 1 ? 'is' : 'are'} left out of the share met. ` +
      'Each is listed with the justification the run recorded.',
    { size: SIZE.body, lineGap: 2, gap: 8 },
  );
  drawTable(
    canvas,
    [
      { header: 'Framework', width: 1.3 },
      { header: 'Control', width: 1.3 },
      { header: 'Title', width: 2.4 },
      { header: 'Justification', width: 3.6 },
      { header: 'Approved', width: 1.6 },
    ],
    rows.map((c) => ({
      cells: [
        c.frameworkId,
        { text: c.controlId, font: 'bold' as const, goTo: c.anchor },
        c.title,
        c.applicability?.justification ?? c.reason,
        c.applicability?.approver
          ? { text: c.applicability.approver, sub: c.applicability.date ?? undefined }
          : c.applicability?.source === 'entity'
            ? { text: 'by entity kind', sub: c.applicability.entity ?? undefined }
            : '–',
      ],
    })),
  );
}
