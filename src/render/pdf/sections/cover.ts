// The cover page: title, organisation, frameworks, period, headline figures and the run's particulars.

import { plural } from '../../format.js';
import { PALETTE, STATUS_STYLE } from '../../status-style.js';
import type { ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { legend, stackedBar } from '../charts.js';
import { PAGE, SIZE } from '../theme.js';

/** Draw the cover on the current (first) page. */
export function drawCover(canvas: PdfCanvas, view: ReportView, subtitle: string): void {
  const { cover, summary } = view;
  const doc = canvas.doc;
  const bandH = 250;
  canvas.artifact(() => doc.save().rect(0, 0, PAGE.width, bandH).fill(PALETTE.accent).restore());
  const x = canvas.left;
  const w = canvas.width;
  canvas.textAt(`COMPLIANCE EVIDENCE · AWS · ${subtitle.toUpperCase()}`, x, 70, {
    font: 'bold',
    size: SIZE.small,
    color: '#AFC3DA',
    width: w,
  });
  let y = 92;
  y += canvas.textAt(cover.title, x, y, {
    tag: 'H1',
    font: 'bold',
    size: SIZE.title,
    color: '#FFFFFF',
    width: w * 0.85,
    lineGap: 2,
  });
  y += 8;
  canvas.textAt(cover.organisation, x, y, { size: 15, color: '#E4ECF5', width: w, tag: 'H2' });
  canvas.textAt(cover.period.label, x, bandH - 40, { size: SIZE.body, color: '#C9D6E6', width: w });

  y = bandH + 36;
  canvas.textAt('Frameworks assessed', x, y, {
    font: 'bold',
    size: SIZE.small,
    color: PALETTE.muted,
    width: w,
  });
  y += 16;
  for (const fw of cover.frameworks) {
    canvas.artifact(() =>
      doc
        .save()
        .rect(x, y + 1, 2, 24)
        .fill(PALETTE.accent)
        .restore(),
    );
    const nameH = canvas.textAt(fw.name, x + 10, y, { font: 'bold', size: 11.5, width: w - 10 });
    const detail = `${fw.version}${fw.publisher ? `  ·  ${fw.publisher}` : ''}`;
    const detailH = canvas.textAt(detail, x + 10, y + nameH + 1, {
      size: SIZE.small,
      color: PALETTE.muted,
      width: w - 10,
    });
    y += Math.max(36, nameH + detailH + 12);
  }
  y += 22;
  canvas.y = y;
  const t = summary.totals;
  const fw3 = (w - 24) / 3;
  const figLabel = { size: SIZE.small, color: PALETTE.muted, width: fw3 - 12 };
  const labels = [
    `of ${plural(t.applicable, 'applicable control')} met`,
    `${t.failing === 1 ? 'control fails' : 'controls fail'}`,
    'unproven: errors, not evaluated, awaiting attestation',
  ];
  // The figures' block is as tall as its longest label, measured.
  const figH = Math.max(44, 29 + Math.max(...labels.map((l) => canvas.measure(l, figLabel))));
  const figure = (value: string, label: string, color: string, i: number) => {
    const fx = x + i * (fw3 + 12);
    canvas.artifact(() => doc.save().rect(fx, y, 2.5, figH).fill(color).restore());
    canvas.textAt(value, fx + 12, y + 2, { font: 'bold', size: 22, color, width: fw3 - 12 });
    canvas.textAt(label, fx + 12, y + 29, figLabel);
  };
  figure(t.metPercent, labels[0]!, STATUS_STYLE.PASS.color, 0);
  figure(String(t.failing), labels[1]!, STATUS_STYLE.FAIL.color, 1);
  figure(String(t.unproven), labels[2]!, STATUS_STYLE.MANUAL.color, 2);
  canvas.y = y + figH + 22;
  canvas.textAt(`All ${plural(t.controls, 'control')} by status`, x, canvas.y, {
    font: 'bold',
    size: SIZE.small,
    color: PALETTE.muted,
    width: w,
  });
  canvas.y += 14;
  stackedBar(canvas, t.counts, x, canvas.y, w, 16);
  canvas.y += 24;
  legend(
    canvas,
    view.legend.map((l) => ({ label: l.label, color: l.color })),
  );

  // Particulars at the foot of the page.
  const rows: [string, string][] = [
    ['Profile', `${cover.profile.name} (${cover.profile.id})`],
    [
      'Scope',
      `${plural(cover.scope.accounts, 'AWS account')} · ${cover.scope.regions.join(', ')}${cover.scope.aggregator ? ` · via aggregator ${cover.scope.aggregator}` : ''}`,
    ],
    // Accounts that exist but were not assessed are named, never dropped silently.
    ...(cover.outOfScopeAccounts.length
      ? [
          [
            'Out of scope',
            cover.outOfScopeAccounts
              .map((a) => `${a.accountId}${a.name ? ` ${a.name}` : ''} (${a.state}): ${a.reason}`)
              .join('\n'),
          ] as [string, string],
        ]
      : []),
    ...(cover.unreadableAccounts.length
      ? [
          ['Unreadable', `${cover.unreadableAccounts.join(', ')}: every verdict there is unproven`] as [
            string,
            string,
          ],
        ]
      : []),
    ['Run', `${cover.runId} (${cover.runStatus})`],
    [
      'Evidence as of',
      `${(cover.finishedAt ?? cover.startedAt).text} (collected from ${cover.startedAt.text})`,
    ],
    [
      'Period',
      cover.period.start ? cover.period.label : 'None: a single point in time (no earlier run on record)',
    ],
    ['Generated', cover.generatedAt.text],
    [
      'Signed by',
      cover.signer
        ? `${cover.signer.subject}\nSHA-256 ${cover.signer.fingerprintSha256}`
        : 'Not signed in this file; see the signatures of the audit package',
    ],
    ['Tool', cover.tool],
  ];
  // Measure first, so a long signer subject or scope grows the block upwards instead of off the page.
  const heights = rows.map(
    ([, v]) => Math.max(canvas.measure(v, { size: SIZE.small, width: w - 85 }), 10) + 4,
  );
  let fy = PAGE.height - PAGE.margin.bottom - heights.reduce((a, b) => a + b, 0);
  doc
    .save()
    .moveTo(x, fy - 12)
    .lineTo(x + w, fy - 12)
    .lineWidth(0.6)
    .strokeColor(PALETTE.rule)
    .stroke()
    .restore();
  rows.forEach(([k, v], i) => {
    canvas.textAt(k, x, fy, { font: 'bold', size: SIZE.small, color: PALETTE.muted, width: 80 });
    canvas.textAt(v, x + 85, fy, { size: SIZE.small, width: w - 85 });
    fy += heights[i]!;
  });
}
