// The shared-responsibility split: per framework, what AWS proves (with the Artifact report behind each
// control and its status), what is shared, and what is the customer's own.

import { plural, truncate } from '../../format.js';
import { PALETTE, STATUS_STYLE } from '../../status-style.js';
import type { ControlBrief, ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { stackedBar } from '../charts.js';
import { drawTable } from '../table.js';
import { SIZE } from '../theme.js';

/** Draw the shared-responsibility section. */
export function drawResponsibility(canvas: PdfCanvas, view: ReportView, compact = false): void {
  canvas.section('Shared responsibility', { level: 1, newPage: true });
  canvas.text(
    'AWS secures the cloud itself — data centres, hardware, the hypervisor — and proves it with independent audit ' +
      "reports published in AWS Artifact; a control on AWS's side counts as met (Inherited) only while such a report is " +
      'current. The organisation secures what it puts in the cloud — configuration, identities, data — and proves it from ' +
      'its own accounts. Shared controls need both.',
    { size: SIZE.body, lineGap: 2.5, gap: 12 },
  );
  for (const r of view.responsibility) {
    canvas.heading(r.name, 170);
    for (const b of r.buckets) {
      canvas.ensure(20);
      const y = canvas.y;
      canvas.textAt(b.label, canvas.left, y + 1, { font: 'bold', size: SIZE.small, width: 110 });
      canvas.textAt(
        `${plural(b.total, 'control')} · ${b.met} met · ${b.failing} failing · ${b.unproven} unproven`,
        canvas.left + 110,
        y + 1,
        { size: SIZE.small, color: PALETTE.muted, width: 210 },
      );
      stackedBar(canvas, b.counts, canvas.left + 330, y, canvas.width - 330, 11);
      canvas.y += 17;
    }
    canvas.y += 4;
    if (r.aws.length) {
      canvas.text("AWS's side — proven by AWS Artifact", {
        font: 'bold',
        size: SIZE.small,
        color: PALETTE.muted,
        gap: 3,
      });
      const aws = compact ? r.aws.filter((c) => c.status !== 'INHERITED') : r.aws;
      if (compact && aws.length < r.aws.length)
        canvas.text(
          `${plural(r.aws.length - aws.length, 'control')} inherited from AWS with a current report; ` +
            (aws.length ? 'those not (yet) proven:' : 'none left unproven.'),
          { size: SIZE.small, gap: 3 },
        );
      if (aws.length)
        drawTable(
          canvas,
          [
            { header: 'Control', width: 1.3 },
            { header: 'Title', width: 2 },
            { header: 'Proven by', width: 3 },
            { header: 'Status', width: 1.1 },
          ],
          aws.flatMap((c) => {
            const proofs = c.proofs.length ? c.proofs : [null];
            return proofs.map((p, i) => ({
              cells: [
                i === 0 ? { text: c.controlId, goTo: c.anchor, font: 'bold' as const } : '',
                i === 0 ? c.title : '',
                p
                  ? { text: p.title, sub: truncate(p.reason, 220) }
                  : { text: 'No Artifact report named', color: STATUS_STYLE.FAIL.color },
                p
                  ? {
                      text: p.statusLabel,
                      chip: { label: p.statusLabel, fill: p.statusColor, ink: STATUS_STYLE[p.status].ink },
                    }
                  : {
                      text: c.statusLabel,
                      chip: { label: c.statusLabel, fill: c.statusColor, ink: STATUS_STYLE[c.status].ink },
                    },
              ],
            }));
          }),
        );
    }
    if (compact) {
      canvas.text(
        `Shared: ${plural(r.shared.length, 'control')}; the organisation's own: ${plural(r.customer.length, 'control')}. ` +
          'Each is listed with its evidence in evidence-detail.pdf.',
        { size: SIZE.small, color: PALETTE.muted, gap: 4 },
      );
    } else {
      briefList(canvas, 'Shared — both sides must be proven', r.shared);
      briefList(canvas, "The organisation's side", r.customer);
    }
    canvas.y += 6;
  }
}

/** Controls in two columns: a status swatch, the id and the title. */
function briefList(canvas: PdfCanvas, title: string, items: readonly ControlBrief[]): void {
  if (!items.length) return;
  canvas.ensure(30);
  canvas.text(`${title} (${items.length})`, { font: 'bold', size: SIZE.small, color: PALETTE.muted, gap: 4 });
  const colW = (canvas.width - 16) / 2;
  const doc = canvas.doc;
  for (let i = 0; i < items.length; i += 2) {
    canvas.ensure(13);
    const y = canvas.y;
    [items[i], items[i + 1]].forEach((c, col) => {
      if (!c) return;
      const x = canvas.left + col * (colW + 16);
      doc
        .save()
        .rect(x, y + 1.5, 6, 6)
        .fill(c.statusColor)
        .restore();
      canvas.textAt(
        canvas.fitLine(`${c.controlId}  ${c.title}`, 'regular', SIZE.tiny + 0.5, colW - 74),
        x + 10,
        y,
        {
          size: SIZE.tiny + 0.5,
          width: colW - 70,
          goTo: c.anchor,
        },
      );
      canvas.textAt(c.statusLabel, x + colW - 60, y, {
        size: SIZE.tiny,
        color: c.statusColor,
        width: 60,
        align: 'right',
      });
    });
    canvas.y += 12;
  }
  canvas.y += 6;
}
