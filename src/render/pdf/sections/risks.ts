// Top risks (executive report): the failing controls that matter most, each with its severity, owner,
// accounts affected out of the accounts in scope, and the remediation, on about two pages.

import { plural } from '../../format.js';
import { PALETTE, SEVERITY_STYLE } from '../../status-style.js';
import type { FailingControlView, ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { SIZE } from '../theme.js';

/** Risks shown in the executive report; the rest are in evidence-detail.pdf. */
export const TOP_RISKS = 10;

/** Draw the top-risks section. */
export function drawRisks(canvas: PdfCanvas, view: ReportView): void {
  canvas.section('Top risks', { level: 1, newPage: true });
  const { failing } = view;
  const scope = view.cover.scope.accounts;
  if (failing.total === 0) {
    canvas.text('No control fails.', { size: SIZE.body });
    return;
  }
  const shown = failing.items.slice(0, TOP_RISKS);
  canvas.text(
    `The ${plural(shown.length, 'failing control')} that matter most, of ${failing.total} failing: ordered by severity, ` +
      `then by how many of the ${plural(scope, 'account')} in scope fail. Every failing control, check by check, is ` +
      'in evidence-detail.pdf.',
    { size: SIZE.body, lineGap: 2, gap: 12 },
  );
  for (const f of shown) drawRisk(canvas, f, scope);
}

function drawRisk(canvas: PdfCanvas, f: FailingControlView, scope: number): void {
  const sev = f.severity
    ? SEVERITY_STYLE[f.severity]
    : { label: 'Unrated', color: PALETTE.faint, ink: '#FFFFFF' };
  const fix = f.queries.find((q) => q.remediation)?.remediation ?? null;
  const titleStyle = { font: 'bold' as const, size: 10, width: canvas.width - 70 };
  const title = `${f.ref} — ${f.title}`;
  const fixStyle = { size: SIZE.small, width: canvas.width - 70, lineGap: 1.5 };
  const fixText = fix ? `Fix: ${fix}` : 'Fix: see the failing checks in evidence-detail.pdf.';
  // The owner is a person (the role's mapping in the profile), never the responsibility, which names a party.
  const facts =
    `${f.frameworkName} · owner: ${f.owner.person}` +
    `${f.owner.role || f.owner.note ? ` (${[f.owner.role, f.owner.note].filter(Boolean).join('; ')})` : ''}` +
    ` · ${f.failingResourcesText} failing resource` +
    `${f.failingResources === 1 && !f.failingResourcesAtLeast ? '' : 's'}`;
  const factStyle = { size: SIZE.small, color: PALETTE.muted, width: canvas.width - 70 };
  const need =
    canvas.measure(title, titleStyle) +
    canvas.measure(facts, factStyle) +
    canvas.measure(fixText, fixStyle) +
    34;
  canvas.ensure(need);
  const y = canvas.y;
  canvas.chip(sev.label.toUpperCase(), canvas.left, y + 2, sev.color, sev.ink, SIZE.tiny);
  let at = y;
  at += canvas.textAt(title, canvas.left + 70, at, { ...titleStyle, tag: 'H3' }) + 2;
  at += canvas.textAt(facts, canvas.left + 70, at, factStyle) + 4;
  // Accounts affected, on the scale of the accounts in scope.
  const barW = 160;
  const share = scope > 0 ? Math.min(1, f.accounts / scope) : 0;
  canvas.artifact(() => {
    canvas.doc
      .save()
      .rect(canvas.left + 70, at + 1, barW, 7)
      .fill(PALETTE.band)
      .restore();
    canvas.doc
      .save()
      .rect(canvas.left + 70, at + 1, Math.max(2, share * barW), 7)
      .fill(sev.color)
      .restore();
  });
  at +=
    canvas.textAt(
      `${f.accounts} of ${plural(scope, 'account')} in scope affected`,
      canvas.left + 70 + barW + 8,
      at - 1,
      { size: SIZE.small, width: canvas.width - 70 - barW - 8 },
    ) + 3;
  at += canvas.textAt(fixText, canvas.left + 70, at, fixStyle);
  canvas.y = at + 8;
  canvas.rule();
  canvas.y += 8;
}
