// Executive summary: the headline in words, key figures, controls by status per framework, the worst
// failing controls, what needs attention, and what each status means.

import { plural } from '../../format.js';
import { PALETTE, STATUS_STYLE } from '../../status-style.js';
import type { ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { frameworkBars, legend, sparkline, tiles, topFailingChart } from '../charts.js';
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

/** Draw the one-page executive summary: key figures, met ratio per framework, trend, changes, attention. */
export function drawSummary(canvas: PdfCanvas, view: ReportView): void {
  const { summary } = view;
  canvas.section('Summary', { level: 1, newPage: true });
  canvas.text(headline(view), { size: SIZE.body, lineGap: 2.5, gap: 12, color: PALETTE.ink });

  const a = summary.attention;
  tiles(canvas, [
    { value: summary.totals.metPercent, label: 'of applicable controls met', color: STATUS_STYLE.PASS.color },
    { value: String(a.failingControls), label: 'controls failing', color: STATUS_STYLE.FAIL.color },
    {
      value: String(a.attestationsAwaiting),
      label: 'controls awaiting an attestation (Manual)',
      color: STATUS_STYLE.MANUAL.color,
    },
    {
      value: String(a.accountsWithErrors),
      // Not "could not be read": an account that was read but where a check failed to run counts too.
      label: `${a.accountsWithErrors === 1 ? 'account' : 'accounts'} not fully assessed (evidence in error)`,
      color: STATUS_STYLE.ERROR.color,
    },
  ]);

  canvas.heading('Controls met, per framework', 120);
  frameworkBars(canvas, summary.frameworks);
  legend(
    canvas,
    view.legend.map((l) => ({ label: l.label, color: l.color })),
  );

  canvas.heading('Trend and what changed since the last run', 60);
  const h = view.history;
  if (!h || h.frameworks.every((f) => f.points.length < 2)) {
    canvas.text(
      'This is the first run of this profile on record: there is no trend yet, and nothing to compare with.',
      { size: SIZE.small, color: PALETTE.muted, gap: 6 },
    );
  } else {
    for (const fw of h.frameworks) sparkline(canvas, fw.name, fw.points, fw.delta);
    if (h.changes) {
      canvas.text(
        `${plural(h.changes.newlyFailing.total, 'control')} newly failing, ` +
          `${plural(h.changes.newlyPassing.total, 'control')} newly passing, ` +
          `${plural(h.changes.newResources.total, 'new failing resource')} since the previous run.`,
        { size: SIZE.small, gap: 6 },
      );
    }
  }

  const bullets: string[] = [];
  if (a.failingControls)
    bullets.push(`${plural(a.failingControls, 'control')} fail; the worst are under "Top risks".`);
  if (a.accountsWithErrors)
    bullets.push(
      `${plural(a.accountsWithErrors, 'account')} not fully assessed: ${plural(a.errorFindings, 'deciding finding')} in ERROR (an account that could not be read, or a check that failed to run), so every control relying on them is unproven.`,
    );
  if (a.notEvaluatedFindings)
    bullets.push(
      `${plural(a.notEvaluatedFindings, 'check')} could not be evaluated (a rule not deployed, a region not recording).`,
    );
  if (a.attestationsAwaiting)
    bullets.push(
      `${plural(a.attestationsAwaiting, 'control')} wait only on an attestation from their owners.`,
    );
  if (a.controlsWithoutEvidence)
    bullets.push(`${plural(a.controlsWithoutEvidence, 'control')} had no evidence collected at all.`);
  if (!bullets.length) bullets.push('Nothing: every applicable control is met.');
  // The page holds the summary whole: the top failing list gets the room the attention list leaves.
  const bulletStyle = { width: canvas.width - 12, size: SIZE.body - 0.5 };
  const attentionH = 30 + bullets.reduce((h, b) => h + canvas.measure(b, bulletStyle) + 3, 0);
  if (summary.topFailing.total > 0 && canvas.bottom - canvas.y - attentionH - 50 >= 17) {
    const scope = view.cover.scope.accounts;
    const room = canvas.bottom - canvas.y - attentionH - 50;
    const shown = summary.topFailing.items.slice(0, Math.max(0, Math.min(5, Math.floor(room / 17))));
    canvas.heading('Top failing controls', 40 + 17 * shown.length);
    canvas.text(
      `Ordered by severity, then by accounts failing. Bar length: accounts failing out of the ${plural(scope, 'account')} in scope.`,
      { size: SIZE.small, color: PALETTE.muted, gap: 6 },
    );
    topFailingChart(canvas, shown, scope);
  }

  canvas.heading('Needs attention', 40);
  for (const b of bullets) {
    const hgt = canvas.measure(b, { width: canvas.width - 12, size: SIZE.body - 0.5 });
    canvas.ensure(hgt);
    canvas.artifact(() =>
      canvas.doc
        .save()
        .circle(canvas.left + 3, canvas.y + 5.6, 1.6)
        .fill(PALETTE.accent)
        .restore(),
    );
    canvas.text(b, { x: canvas.left + 12, width: canvas.width - 12, size: SIZE.body - 0.5, gap: 3 });
  }
}

/** The status legend with what each status means (the last page of the executive report). */
export function drawReading(canvas: PdfCanvas, view: ReportView): void {
  canvas.section('How to read this report', { level: 1, newPage: true });
  canvas.text(
    'Every control gets exactly one status, the worst over its deciding evidence; supporting checks are shown for ' +
      "context and never change it, and a control shared with AWS is met only when both AWS's part and the " +
      "organisation's part are. Only Pass and Inherited count as met; " +
      'a control whose evidence could not be collected, evaluated or attested is unproven, never met. The evidence ' +
      'behind every status, check by check, is in the companion document evidence-detail.pdf.',
    { size: SIZE.body, lineGap: 2, gap: 10 },
  );
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
