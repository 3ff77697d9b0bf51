// History: the share of controls met over recent runs per framework, and what changed since the last run.

import { plural } from '../../format.js';
import { PALETTE, STATUS_STYLE } from '../../status-style.js';
import type { ControlBrief, ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { trendChart } from '../charts.js';
import { drawTable } from '../table.js';
import { SIZE } from '../theme.js';

/** Draw the history section (only called when the view has history). */
export function drawHistory(canvas: PdfCanvas, view: ReportView): void {
  const h = view.history;
  if (!h) return;
  canvas.section('History', { level: 1, newPage: true });
  canvas.text(
    'Share of applicable controls met in recent runs of this profile; the last point is this run.',
    {
      size: SIZE.body,
      gap: 10,
    },
  );
  for (const fw of h.frameworks) trendChart(canvas, fw.name, fw.points, fw.delta);
  if (!h.changes) return;
  const list = (title: string, items: { items: ControlBrief[]; more: number; total: number }) => {
    canvas.heading(`${title} (${items.total})`);
    if (!items.total) {
      canvas.text('None.', { size: SIZE.small, color: PALETTE.muted, gap: 6 });
      return;
    }
    drawTable(
      canvas,
      [
        { header: 'Framework', width: 1.4 },
        { header: 'Control', width: 1.4 },
        { header: 'Title', width: 3.2 },
        { header: 'Now', width: 1.1 },
      ],
      items.items.map((c) => ({
        cells: [
          c.frameworkId,
          { text: c.controlId, goTo: c.anchor, font: 'bold' as const },
          c.title,
          {
            text: c.statusLabel,
            chip: { label: c.statusLabel, fill: c.statusColor, ink: STATUS_STYLE[c.status].ink },
          },
        ],
      })),
    );
    if (items.more)
      canvas.text(`and ${items.more} more.`, { size: SIZE.small, color: PALETTE.muted, gap: 6 });
  };
  list('Newly failing since the last run', h.changes.newlyFailing);
  list('Newly passing since the last run', h.changes.newlyPassing);
  const r = h.changes.newResources;
  canvas.heading(`New failing resources (${r.total})`);
  if (!r.total) {
    canvas.text('None.', { size: SIZE.small, color: PALETTE.muted });
    return;
  }
  drawTable(
    canvas,
    [
      { header: 'Account', width: 1.2 },
      { header: 'Region', width: 1 },
      { header: 'Type', width: 2 },
      { header: 'Resource', width: 2.6 },
    ],
    r.items.map((x) => ({
      cells: [x.accountId, x.region, x.resourceType, { text: x.resourceId, font: 'mono' as const }],
    })),
  );
  if (r.more)
    canvas.text(`and ${plural(r.more, 'more resource')}.`, { size: SIZE.small, color: PALETTE.muted });
}
