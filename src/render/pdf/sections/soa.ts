// Statement of Applicability (evidence detail, ISO/IEC 27001:2022 runs): every Annex A control, whether it
// applies, why (and who approved an exclusion), its implementation status as the evidence shows it, and the
// evidence it rests on. The same rows are in reports/statement-of-applicability.csv.

import { plural } from '../../format.js';
import type { ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { drawTable } from '../table.js';
import { SIZE } from '../theme.js';

/** Draw the Statement of Applicability; nothing when the run has no ISO/IEC 27001:2022. */
export function drawSoa(canvas: PdfCanvas, view: ReportView): void {
  const soa = view.soa;
  if (!soa) return;
  canvas.section('Statement of Applicability', { level: 1, minSpace: 200 });
  canvas.text(
    `${soa.name} (${soa.version}), Annex A: ${plural(soa.applicable, 'control')} applicable, ${soa.excluded} excluded. ` +
      'The implementation status is the control’s verdict in this run; the evidence column names what it rests on ' +
      '(supporting evidence is shown, never decides).',
    { size: SIZE.body, lineGap: 2, gap: 8 },
  );
  drawTable(
    canvas,
    [
      { header: 'Control', width: 2.6 },
      { header: 'Applicable', width: 1 },
      { header: 'Justification', width: 2.6 },
      { header: 'Status', width: 1.2 },
      { header: 'Evidence', width: 2.6 },
    ],
    soa.entries.map((e) => ({
      cells: [
        { text: `${e.controlId}  ${e.title}`, font: 'bold' as const, goTo: e.anchor },
        e.applicable ? 'Yes' : 'No',
        e.approver
          ? { text: e.justification, sub: `${e.approver}${e.date ? `, ${e.date}` : ''}` }
          : e.justification,
        { text: e.statusLabel, color: e.statusColor },
        e.evidence.map((r) => `${r.title}${r.role === 'supporting' ? ' (supporting)' : ''}`).join('\n') ||
          '–',
      ],
    })),
  );
}
