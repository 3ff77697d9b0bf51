// Executive summary: the headline in words, key figures, controls by status per framework, the worst
// failing controls, what needs attention, and what each status means.

import { plural } from '../../format.js';
import { PALETTE, STATUS_STYLE } from '../../status-style.js';
import type { ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { frameworkBars, legend, tiles, topFailingChart } from '../charts.js';
import { drawTable } from '../table.js';
import { SIZE } from '../theme.js';

/** The headline sentence, shared with nothing else so the PDF reads as prose. */
export function headline(view: ReportView): string {
  const t = view.summary.totals;
  const c = view.cover;
  const names = c.frameworks.map((f) => f.name);
  const list =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return (
    `This report sets out how ${c.organisation}'s AWS estate (${plural(c.scope.accounts, 'account')} in ` +
    `${plural(c.scope.regions.length, 'region')}) stood against ${list} when evidence was collected on ` +
    `${c.finishedAt?.text ?? c.startedAt.text}. Of ${plural(t.applicable, 'control')} that apply, ${t.met} ` +
    `(${t.metPercent}) are met, by evidence from the organisation's own accounts or by AWS's audited controls; ` +
    `${t.failing} fail; and ${t.unproven} are unproven — evidence could not be collected, nothing could be evaluated, ` +
    `or an attestation is still awaited. Unproven controls are never counted as met.`
  );
}

/** Draw the executive summary section. */
export function drawSummary(canvas: PdfCanvas, view: ReportView): void {
  const { summary } = view;
  canvas.section('Executive summary', { level: 1, newPage: true });
  canvas.text(headline(view), { size: SIZE.body, lineGap: 2.5, gap: 14, color: PALETTE.ink });

  const a = summary.attention;
  tiles(canvas, [
    { value: summary.totals.metPercent, label: 'of applicable controls met', color: STATUS_STYLE.PASS.color },
    { value: String(a.failingControls), label: 'controls failing', color: STATUS_STYLE.FAIL.color },
    {
      value: String(a.attestationsAwaiting),
      label: 'attestations awaiting owners',
      color: STATUS_STYLE.MANUAL.color,
    },
    {
      value: String(a.accountsWithErrors),
      label: `${a.accountsWithErrors === 1 ? 'account' : 'accounts'} that could not be read in full`,
      color: STATUS_STYLE.ERROR.color,
    },
  ]);

  canvas.heading('Controls by status, per framework', 120);
  frameworkBars(canvas, summary.frameworks);
  legend(
    canvas,
    view.legend.map((l) => ({ label: l.label, color: l.color })),
  );

  canvas.heading('Counts per status', 90);
  drawTable(
    canvas,
    [
      { header: 'Framework', width: 3.2 },
      ...view.legend.map((l) => ({ header: l.label, width: 1.05, align: 'right' as const })),
      { header: 'Met', width: 0.9, align: 'right' as const },
    ],
    [
      ...summary.frameworks.map((f) => ({
        cells: [
          { text: f.name, font: 'bold' as const },
          ...f.counts.map((c) => (c.count ? String(c.count) : '–')),
          { text: f.metPercent, font: 'bold' as const },
        ],
      })),
      {
        cells: [
          { text: 'All frameworks', font: 'bold' as const },
          ...summary.totals.counts.map((c) => (c.count ? String(c.count) : '–')),
          { text: summary.totals.metPercent, font: 'bold' as const },
        ],
      },
    ],
  );

  if (summary.topFailing.total > 0) {
    canvas.heading('Top failing controls', 60 + 17 * Math.min(4, summary.topFailing.items.length));
    canvas.text('Ordered by severity, then by how many accounts fail. Bar length: accounts failing.', {
      size: SIZE.small,
      color: PALETTE.muted,
      gap: 6,
    });
    topFailingChart(canvas, summary.topFailing.items);
    if (summary.topFailing.more > 0) {
      canvas.text(
        `and ${plural(summary.topFailing.more, 'more failing control')} — see "Failing controls".`,
        {
          size: SIZE.small,
          color: PALETTE.muted,
          gap: 6,
        },
      );
    }
  }

  canvas.heading('Needs attention', 80);
  const bullets: string[] = [];
  if (a.failingControls)
    bullets.push(
      `${plural(a.failingControls, 'control')} fail; each is listed with its failing resources and the fix under "Failing controls".`,
    );
  if (a.accountsWithErrors)
    bullets.push(
      `${plural(a.accountsWithErrors, 'account')} could not be read in full (${plural(a.errorFindings, 'finding')} in ERROR), so every control relying on them is unproven.`,
    );
  if (a.notEvaluatedFindings)
    bullets.push(
      `${plural(a.notEvaluatedFindings, 'check')} could not be evaluated (a rule not deployed, a region not recording).`,
    );
  if (a.attestationsAwaiting)
    bullets.push(`${plural(a.attestationsAwaiting, 'attestation')} await their owners.`);
  if (a.controlsWithoutEvidence)
    bullets.push(`${plural(a.controlsWithoutEvidence, 'control')} had no evidence collected at all.`);
  if (!bullets.length) bullets.push('Nothing: every applicable control is met.');
  for (const b of bullets) {
    canvas.ensure(14);
    canvas.doc
      .save()
      .circle(canvas.left + 3, canvas.y + 4.6, 1.6)
      .fill(PALETTE.accent)
      .restore();
    canvas.text(b, { x: canvas.left + 12, width: canvas.width - 12, size: SIZE.body - 0.5, gap: 4 });
  }

  canvas.heading('What the statuses mean', 120);
  drawTable(
    canvas,
    [
      { header: 'Status', width: 1.2 },
      { header: 'Meaning', width: 5 },
      { header: 'Counts as met', width: 1.1 },
    ],
    view.legend.map((l) => ({
      cells: [
        { text: l.label, chip: { label: l.label, fill: l.color, ink: STATUS_STYLE[l.status].ink } },
        l.meaning,
        l.status === 'PASS' || l.status === 'INHERITED' ? 'Yes' : 'No',
      ],
    })),
    { zebra: false },
  );
}
