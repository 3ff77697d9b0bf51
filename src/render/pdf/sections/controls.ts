// Per-framework control tables: every control with its responsibility, verdict, reason and evidence.

import { truncate } from '../../format.js';
import { PALETTE, STATUS_STYLE } from '../../status-style.js';
import type { ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { drawTable, type GroupRow, type Row } from '../table.js';
import { SIZE } from '../theme.js';

/** Long reasons are cut in the middle, keeping the roll-up's "(and N more … findings)" ending. */
function shortReason(reason: string): string {
  const m = /\s\(and \d+ more [A-Z_]+ findings?\)$/.exec(reason);
  const tail = m ? m[0] : '';
  return `${truncate(reason.slice(0, reason.length - tail.length), 170)}${tail}`;
}

/** Draw one table per framework, each starting on a new page. */
export function drawControlTables(canvas: PdfCanvas, view: ReportView): void {
  view.frameworks.forEach((fw, i) => {
    if (i === 0) canvas.section('Control results', { level: 1, newPage: true });
    canvas.section(`${fw.name} — ${fw.version}`, { level: 2, newPage: i > 0, dest: fw.anchor });
    const sub = [fw.publisher, `${fw.controls} controls`].filter(Boolean).join(' · ');
    canvas.text(sub, { size: SIZE.small, color: PALETTE.muted, gap: fw.description ? 3 : 8 });
    if (fw.description) canvas.text(fw.description, { size: SIZE.small, color: PALETTE.muted, gap: 8 });
    const rows: (Row | GroupRow)[] = [];
    for (const g of fw.groups) {
      if (g.title) rows.push({ group: g.title });
      for (const c of g.controls) {
        rows.push({
          dest: c.anchor,
          cells: [
            { text: c.controlId, font: 'bold' },
            { text: c.title, sub: c.ref },
            c.responsibilityLabel,
            {
              text: c.statusLabel,
              chip: { label: c.statusLabel, fill: c.statusColor, ink: STATUS_STYLE[c.status].ink },
              sub: c.findingCounts.map((f) => `${f.count} ${f.label.toLowerCase()}`).join(' · '),
            },
            shortReason(c.reason),
            { text: c.evidence.map((e) => `• ${truncate(e.title, 70)}`).join('\n'), color: PALETTE.muted },
          ],
        });
      }
    }
    drawTable(
      canvas,
      [
        { header: 'Control', width: 1.25 },
        { header: 'Title', width: 1.75 },
        { header: 'Responsibility', width: 1.4 },
        { header: 'Status', width: 1.2 },
        { header: 'Reason', width: 3 },
        { header: 'Evidence', width: 2.1 },
      ],
      rows,
    );
  });
}
