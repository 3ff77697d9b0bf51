// Charts drawn with pdfkit vector graphics (no images): stacked status bars, the top failing controls,
// pass-rate trends and the key-figure tiles.

import { formatDate } from '../format.js';
import { PALETTE, SEVERITY_STYLE } from '../status-style.js';
import type { FrameworkSummary, StatusCount, TopFailingControl, TrendPoint } from '../view-types.js';
import type { PdfCanvas } from './canvas.js';
import { FONT, SIZE } from './theme.js';

/** One horizontal bar split by status, proportional to the counts. */
export function stackedBar(
  canvas: PdfCanvas,
  counts: readonly StatusCount[],
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  const total = counts.reduce((s, c) => s + c.count, 0);
  const doc = canvas.doc;
  if (total === 0) {
    canvas.artifact(() => doc.save().rect(x, y, w, h).fill(PALETTE.band).restore());
    return;
  }
  let at = x;
  for (const c of counts) {
    if (c.count === 0) continue;
    const seg = (c.count / total) * w;
    canvas.artifact(() => doc.save().rect(at, y, seg, h).fill(c.color).restore());
    const label = String(c.count);
    if (canvas.widthOf(label, 'bold', SIZE.tiny) + 4 < seg) {
      const x0 = at;
      canvas.tag('Span', () => {
        doc
          .font(FONT.bold)
          .fontSize(SIZE.tiny)
          .fillColor(c.status === 'NOT_APPLICABLE' ? PALETTE.ink : '#FFFFFF')
          .text(label, x0, y + (h - SIZE.tiny) / 2 - 1.2, { width: seg, align: 'center', lineBreak: false });
      });
    }
    at += seg;
  }
}

/** Per framework: name and subtitle (each placed by its measured height), a stacked bar, the share met. */
export function frameworkBars(canvas: PdfCanvas, frameworks: readonly FrameworkSummary[]): void {
  const labelW = 170;
  const pctW = 56;
  const barW = canvas.width - labelW - pctW - 12;
  for (const fw of frameworks) {
    const name = { font: 'bold' as const, size: SIZE.small, width: labelW - 10 };
    const sub = { size: SIZE.tiny, color: PALETTE.muted, width: labelW - 10 };
    const subText = `${fw.controls} controls · ${fw.version}`;
    const nameH = canvas.measure(fw.name, name);
    const subH = canvas.measure(subText, sub);
    const rowH = Math.max(30, nameH + subH + 10);
    canvas.ensure(rowH);
    const y = canvas.y;
    canvas.textAt(fw.name, canvas.left, y, name);
    canvas.textAt(subText, canvas.left, y + nameH + 1, sub);
    stackedBar(canvas, fw.counts, canvas.left + labelW, y + 2, barW, 14);
    canvas.textAt(fw.metPercent, canvas.left + labelW + barW + 10, y - 2, {
      font: 'bold',
      size: SIZE.h2,
      width: pctW,
      color: PALETTE.ink,
    });
    canvas.textAt('met', canvas.left + labelW + barW + 10, y + 15, {
      size: SIZE.tiny,
      width: pctW,
      color: PALETTE.muted,
    });
    canvas.y += rowH;
  }
}

/** A legend row of colour swatches. */
export function legend(canvas: PdfCanvas, items: readonly { label: string; color: string }[]): void {
  canvas.ensure(14);
  let x = canvas.left;
  const doc = canvas.doc;
  for (const it of items) {
    const w = canvas.widthOf(it.label, 'regular', SIZE.tiny) + 18;
    if (x + w > canvas.right) {
      x = canvas.left;
      canvas.y += 12;
    }
    doc
      .save()
      .rect(x, canvas.y + 1.5, 7, 7)
      .fill(it.color)
      .restore();
    canvas.textAt(it.label, x + 10, canvas.y + 1.5, { size: SIZE.tiny, color: PALETTE.muted, width: w });
    x += w;
  }
  canvas.y += 16;
}

/**
 * Horizontal bars: how many accounts each top failing control fails in, coloured by severity. The scale is
 * the accounts in scope, so a full bar means "every account" and one failing account looks like one.
 */
export function topFailingChart(
  canvas: PdfCanvas,
  items: readonly TopFailingControl[],
  accountsInScope: number,
): void {
  const labelW = 210;
  const noteW = 150;
  const barW = canvas.width - labelW - noteW - 8;
  const max = Math.max(1, accountsInScope, ...items.map((i) => i.accounts));
  const doc = canvas.doc;
  for (const it of items) {
    canvas.ensure(20);
    const y = canvas.y;
    const sev = it.severity
      ? SEVERITY_STYLE[it.severity]
      : { label: 'Unrated', color: PALETTE.faint, ink: '#FFFFFF' };
    canvas.textAt(
      canvas.fitLine(`${it.ref} — ${it.title}`, 'regular', SIZE.small - 0.5, labelW - 8),
      canvas.left,
      y + 2,
      {
        size: SIZE.small - 0.5,
        width: labelW - 6,
        goTo: it.anchor,
      },
    );
    const w = Math.max(3, (it.accounts / max) * barW);
    canvas.artifact(() => {
      doc
        .save()
        .rect(canvas.left + labelW, y + 2, barW, 10)
        .fill(PALETTE.band)
        .restore();
      doc
        .save()
        .rect(canvas.left + labelW, y + 2, w, 10)
        .fill(sev.color)
        .restore();
    });
    // Resources as counted: "at least 100" where AWS capped the count, never a bare 100.
    const res = it.failingResources > 0 ? ` · ${it.failingResourcesText} res.` : '';
    canvas.textAt(
      canvas.fitLine(`${sev.label} · ${it.accounts} of ${max} accts${res}`, 'regular', SIZE.tiny, noteW - 2),
      canvas.left + labelW + barW + 8,
      y + 3,
      { size: SIZE.tiny, color: PALETTE.muted, width: noteW },
    );
    canvas.y += 17;
  }
}

/** Key figures in a row of tiles. */
export function tiles(
  canvas: PdfCanvas,
  items: readonly { value: string; label: string; color: string }[],
): void {
  const gap = 10;
  const w = (canvas.width - gap * (items.length - 1)) / items.length;
  const label = { size: SIZE.tiny + 0.5, color: PALETTE.muted, width: w - 16 };
  // Every tile as tall as the tallest label needs: a label that wraps never runs out of its tile.
  const h = Math.max(54, 33 + Math.max(...items.map((it) => canvas.measure(it.label, label))) + 6);
  canvas.ensure(h + 10);
  const doc = canvas.doc;
  items.forEach((it, i) => {
    const x = canvas.left + i * (w + gap);
    canvas.artifact(() => {
      doc.save().rect(x, canvas.y, w, h).fill(PALETTE.band).restore();
      doc.save().rect(x, canvas.y, 3, h).fill(it.color).restore();
    });
    canvas.textAt(it.value, x + 12, canvas.y + 9, { font: 'bold', size: 19, color: it.color, width: w - 16 });
    canvas.textAt(it.label, x + 12, canvas.y + 33, label);
  });
  canvas.y += h + 14;
}

/** A small line chart of the share of controls met over recent runs (0–100%). */
export function trendChart(
  canvas: PdfCanvas,
  name: string,
  points: readonly TrendPoint[],
  delta: string | null,
): void {
  const h = 70;
  canvas.ensure(h + 30);
  const doc = canvas.doc;
  const x0 = canvas.left + 150;
  const w = canvas.width - 150 - 60;
  const y0 = canvas.y;
  const nameH = canvas.textAt(name, canvas.left, y0 + 4, { font: 'bold', size: SIZE.small, width: 140 });
  const last = points[points.length - 1];
  canvas.textAt(
    `${last?.metPercent ?? ''} met now${delta ? ` (${delta})` : ''}`,
    canvas.left,
    y0 + 5 + nameH,
    {
      size: SIZE.tiny,
      color: PALETTE.muted,
      width: 140,
    },
  );
  doc.save().lineWidth(0.4).strokeColor(PALETTE.rule);
  for (const p of [0, 0.5, 1]) {
    const y = y0 + h - p * h;
    doc
      .moveTo(x0, y)
      .lineTo(x0 + w, y)
      .stroke();
  }
  doc.restore();
  for (const p of [0, 0.5, 1]) {
    canvas.textAt(`${p * 100}%`, x0 + w + 4, y0 + h - p * h - 3, {
      size: SIZE.tiny - 0.5,
      color: PALETTE.faint,
      width: 40,
    });
  }
  const step = points.length > 1 ? w / (points.length - 1) : 0;
  const at = (i: number, r: number) => [x0 + (points.length > 1 ? i * step : w / 2), y0 + h - r * h] as const;
  if (points.length > 1) {
    doc.save().lineWidth(1.4).strokeColor(PALETTE.accent);
    points.forEach((p, i) => {
      const [x, y] = at(i, p.metRatio);
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    });
    doc.stroke().restore();
  }
  points.forEach((p, i) => {
    const [x, y] = at(i, p.metRatio);
    doc
      .save()
      .circle(x, y, p.current ? 2.8 : 1.8)
      .fill(p.current ? PALETTE.accent : PALETTE.muted)
      .restore();
  });
  const first = points[0];
  if (first)
    canvas.textAt(formatDate(first.finishedAt.iso), x0, y0 + h + 3, {
      size: SIZE.tiny - 0.5,
      color: PALETTE.faint,
      width: 80,
    });
  if (last && points.length > 1)
    canvas.textAt(formatDate(last.finishedAt.iso), x0 + w - 80, y0 + h + 3, {
      size: SIZE.tiny - 0.5,
      color: PALETTE.faint,
      width: 80,
      align: 'right',
    });
  canvas.y = y0 + h + 22;
}

/** One line per framework: name, a small line of the share met over recent runs, the change. */
export function sparkline(
  canvas: PdfCanvas,
  name: string,
  points: readonly TrendPoint[],
  delta: string | null,
): void {
  const nameStyle = { font: 'bold' as const, size: SIZE.small, width: 190 };
  const x0 = canvas.left + 200;
  const w = 150;
  const h = 12;
  const last = points[points.length - 1];
  const note = `${last?.metPercent ?? ''} met now${delta ? ` (${delta} since the last run)` : ''}`;
  const noteStyle = { size: SIZE.small, color: PALETTE.muted, width: canvas.right - (x0 + w + 12) };
  const rowH = Math.max(18, canvas.measure(name, nameStyle) + 4, canvas.measure(note, noteStyle) + 4);
  canvas.ensure(rowH);
  const y0 = canvas.y;
  const doc = canvas.doc;
  canvas.textAt(name, canvas.left, y0, nameStyle);
  const step = points.length > 1 ? w / (points.length - 1) : 0;
  canvas.artifact(() => {
    doc.save().lineWidth(0.4).strokeColor(PALETTE.rule);
    doc
      .moveTo(x0, y0 + h)
      .lineTo(x0 + w, y0 + h)
      .stroke();
    doc.restore();
    if (points.length > 1) {
      doc.save().lineWidth(1.2).strokeColor(PALETTE.accent);
      points.forEach((p, i) => {
        const x = x0 + i * step;
        const y = y0 + h - p.metRatio * h;
        if (i === 0) doc.moveTo(x, y);
        else doc.lineTo(x, y);
      });
      doc.stroke().restore();
    }
  });
  canvas.textAt(note, x0 + w + 12, y0, noteStyle);
  canvas.y += rowH;
}
