// Top risks (executive report): the failing controls that matter most, each with its severity, owner,
// accounts affected out of the accounts in scope, and the remediation, on about two pages.

import { failingResources, plural } from '../../format.js';
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
  // Controls of one framework that fail on exactly the same deciding checks are one risk with one fix (the
  // demo's missing Business Associate Addendum fails seven HIPAA specifications): listed once, with the others
  // named, so the board is not shown one problem seven times.
  const groups: FailingControlView[][] = [];
  const byCause = new Map<string, FailingControlView[]>();
  for (const f of failing.items) {
    const checks = f.queries
      .filter((q) => q.role === 'decisive')
      .map((q) => q.queryKey)
      .sort();
    const cause = checks.length
      ? `${f.frameworkId}\u0000${checks.join('\u0000')}`
      : `${f.frameworkId}:${f.controlId}`;
    const g = byCause.get(cause);
    if (g) g.push(f);
    else {
      const fresh = [f];
      byCause.set(cause, fresh);
      groups.push(fresh);
    }
  }
  const shown = groups.slice(0, TOP_RISKS);
  const covered = shown.reduce((n, g) => n + g.length, 0);
  canvas.text(
    `The ${plural(shown.length, 'risk')} that ${shown.length === 1 ? 'matters' : 'matter'} most, covering ${covered} of ${failing.total} failing controls ` +
      '(controls that fail on the same checks are one risk): ordered by severity, then by how many of the ' +
      `${plural(scope, 'account')} in scope fail. Every failing control, check by check, is in evidence-detail.pdf.`,
    { size: SIZE.body, lineGap: 2, gap: 12 },
  );
  for (const g of shown) drawRisk(canvas, g[0]!, scope, g.slice(1));
}

function drawRisk(canvas: PdfCanvas, f: FailingControlView, scope: number, same: FailingControlView[]): void {
  const sev = f.severity
    ? SEVERITY_STYLE[f.severity]
    : { label: 'Unrated', color: PALETTE.faint, ink: '#FFFFFF' };
  const fix = f.queries.find((q) => q.remediation)?.remediation ?? null;
  const titleStyle = { font: 'bold' as const, size: 10, width: canvas.width - 70 };
  const title = `${f.ref} — ${f.title}`;
  const fixStyle = { size: SIZE.small, width: canvas.width - 70, lineGap: 1.5 };
  const fixText = fix ? `Fix: ${fix}` : 'Fix: see the failing checks in evidence-detail.pdf.';
  // The owner is a person (the role's mapping in the profile), never the responsibility, which names a party.
  // A control that fails for want of an agreement or attestation names no resource, so no "0 resources".
  const facts =
    `${f.frameworkName} · owner: ${f.owner.person}` +
    `${f.owner.role || f.owner.note ? ` (${[f.owner.role, f.owner.note].filter(Boolean).join('; ')})` : ''}` +
    ` · ${f.responsibilityLabel.toLowerCase()} responsibility` +
    (f.failingResources > 0 || f.failingResourcesAtLeast
      ? ` · ${failingResources(f.failingResources, f.failingResourcesAtLeast)}`
      : '') +
    (same.length
      ? ` · the same checks also fail ${same.length === 1 ? 'control' : `${same.length} controls`} ` +
        same.map((o) => o.controlId).join(', ')
      : '');
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
