// One scorecard page per framework (executive report): the share met, controls by status, each control
// group's standing, and the failing controls by id, on a single page.

import { plural } from '../../format.js';
import { PALETTE, STATUS_ORDER, STATUS_STYLE } from '../../status-style.js';
import type { ControlRowView, FrameworkControlsView, ReportView, StatusCount } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { stackedBar } from '../charts.js';
import { SIZE } from '../theme.js';

const MET = new Set(['PASS', 'INHERITED']);

/** Draw every framework's scorecard, one page each. */
export function drawScorecards(canvas: PdfCanvas, view: ReportView): void {
  view.frameworks.forEach((fw, i) => {
    if (i === 0) canvas.section('Framework scorecards', { level: 1, newPage: true });
    const summary = view.summary.frameworks.find((s) => s.id === fw.id);
    canvas.section(`${fw.name} — ${fw.version}`, { level: 2, newPage: i > 0, dest: fw.anchor });
    if (summary) {
      const y = canvas.y;
      canvas.textAt(summary.metPercent, canvas.left, y, {
        font: 'bold',
        size: 28,
        color: PALETTE.ink,
        width: 110,
      });
      canvas.textAt(
        `of ${plural(summary.applicable, 'applicable control')} met · ${summary.failing} failing · ` +
          `${summary.unproven} unproven · ${plural(summary.controls, 'control')} in all`,
        canvas.left + 110,
        y + 6,
        { size: SIZE.small, color: PALETTE.muted, width: canvas.width - 110 },
      );
      stackedBar(canvas, summary.counts, canvas.left + 110, y + 22, canvas.width - 110, 14);
      canvas.y = y + 46;
      canvas.text(
        summary.counts
          .filter((c) => c.count > 0)
          .map((c) => `${c.label} ${c.count}`)
          .join('   ·   '),
        { size: SIZE.small, gap: 10 },
      );
    }
    drawGroups(canvas, fw);
    drawFailingIds(canvas, fw);
  });
}

function countsOf(controls: readonly ControlRowView[]): StatusCount[] {
  return STATUS_ORDER.map((status) => ({
    status,
    label: STATUS_STYLE[status].label,
    color: STATUS_STYLE[status].color,
    count: controls.filter((c) => c.status === status).length,
  }));
}

function drawGroups(canvas: PdfCanvas, fw: FrameworkControlsView): void {
  const groups = fw.groups.filter((g) => g.title);
  if (!groups.length) return;
  canvas.heading('By control group', 60);
  const labelW = 220;
  for (const g of groups) {
    const applicable = g.controls.filter((c) => c.status !== 'NOT_APPLICABLE');
    const met = applicable.filter((c) => MET.has(c.status)).length;
    const style = { size: SIZE.small, width: labelW - 10 };
    const h = Math.max(14, canvas.measure(g.title!, style) + 3);
    if (canvas.y + h > canvas.bottom - 90) {
      canvas.text(`and ${plural(groups.length - groups.indexOf(g), 'more group')}.`, {
        size: SIZE.small,
        color: PALETTE.muted,
      });
      break;
    }
    const y = canvas.y;
    canvas.textAt(g.title!, canvas.left, y, style);
    stackedBar(canvas, countsOf(g.controls), canvas.left + labelW, y + 1, canvas.width - labelW - 70, 9);
    canvas.textAt(`${met} of ${applicable.length} met`, canvas.right - 62, y, {
      size: SIZE.small,
      color: PALETTE.muted,
      width: 62,
      align: 'right',
    });
    canvas.y += h;
  }
  canvas.y += 6;
}

function drawFailingIds(canvas: PdfCanvas, fw: FrameworkControlsView): void {
  const failing = fw.groups.flatMap((g) => g.controls).filter((c) => c.status === 'FAIL');
  canvas.heading(`Failing controls (${failing.length})`, 40);
  if (!failing.length) {
    canvas.text('None.', { size: SIZE.small, color: PALETTE.muted });
    return;
  }
  const colW = (canvas.width - 16) / 2;
  const lineH = 11.5;
  const rows = Math.ceil(failing.length / 2);
  const fit = Math.max(0, Math.floor((canvas.bottom - canvas.y - lineH) / lineH));
  const shownRows = Math.min(rows, fit);
  for (let r = 0; r < shownRows; r += 1) {
    [failing[2 * r], failing[2 * r + 1]].forEach((c, col) => {
      if (!c) return;
      const x = canvas.left + col * (colW + 16);
      canvas.textAt(
        canvas.fitLine(`${c.controlId}  ${c.title}`, 'regular', SIZE.tiny + 0.5, colW),
        x,
        canvas.y,
        { size: SIZE.tiny + 0.5, width: colW + 4, goTo: c.anchor },
      );
    });
    canvas.y += lineH;
  }
  const hidden = failing.length - Math.min(failing.length, shownRows * 2);
  if (shownRows < rows)
    canvas.text(`and ${plural(hidden, 'more failing control')} (listed in evidence-detail.pdf).`, {
      size: SIZE.small,
      color: PALETTE.muted,
    });
}
