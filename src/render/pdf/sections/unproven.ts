// Errors and gaps: every ERROR and NOT_EVALUATED finding grouped by cause with its scopes, and the controls
// with no evidence at all, so nothing unproven can hide behind a percentage.

import { plural, truncate } from '../../format.js';
import { PALETTE, STATUS_STYLE } from '../../status-style.js';
import type { ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { drawTable } from '../table.js';
import { SIZE } from '../theme.js';

/** Draw the errors-and-gaps section. */
export function drawUnproven(canvas: PdfCanvas, view: ReportView, compact = false): void {
  const u = view.unproven;
  canvas.section(compact ? 'Unproven evidence' : 'Errors and gaps', { level: 1, newPage: true });
  canvas.text(
    `${plural(u.errorFindings, 'deciding finding')} ${u.errorFindings === 1 ? 'is' : 'are'} in ERROR (evidence could ` +
      `not be collected, or a check failed to run) and ${plural(u.notEvaluatedFindings, 'deciding finding')} ` +
      `${u.notEvaluatedFindings === 1 ? 'is' : 'are'} NOT EVALUATED (nothing could be evaluated). Neither ever counts ` +
      'as met. Supporting checks never decide a verdict and are not counted here (findings.csv lists them with ' +
      'role "supporting"). Below, the deciding ones are grouped by cause; <account> and <region> stand for the ' +
      'scopes listed beside each cause.',
    { size: SIZE.body, lineGap: 2, gap: 10 },
  );
  if (u.causes.total) {
    drawTable(
      canvas,
      [
        { header: 'Status', width: 1.1 },
        { header: 'Cause', width: 4 },
        { header: 'Where', width: 2 },
        { header: 'Affects', width: 1.6 },
      ],
      u.causes.items.slice(0, compact ? 8 : undefined).map((c) => ({
        cells: [
          {
            text: c.statusLabel,
            chip: { label: c.statusLabel, fill: c.statusColor, ink: STATUS_STYLE[c.status].ink },
          },
          {
            text: compact ? truncate(c.cause, 200) : c.cause,
            sub: c.deployPack
              ? `Deploy with conformance pack ${c.deployPack}`
              : !compact && c.example !== c.cause
                ? `e.g. ${c.example}`
                : undefined,
          },
          `${c.accounts.items.join(', ')}${c.accounts.more ? ` and ${c.accounts.more} more` : ''}\n${c.regions.join(', ')}`,
          `${plural(c.findings, 'finding')}\n${plural(c.queries.total, 'check')}\n${plural(c.controls, 'control')}`,
        ],
      })),
    );
    const more = u.causes.more + (compact ? Math.max(0, u.causes.items.length - 8) : 0);
    if (more > 0)
      canvas.text(
        `and ${plural(more, 'more cause')} (see ${compact ? 'evidence-detail.pdf' : 'findings.csv'}).`,
        {
          size: SIZE.small,
          color: PALETTE.muted,
          gap: 6,
        },
      );
  } else {
    canvas.text('No errors, and every check could be evaluated.', { size: SIZE.body, gap: 8 });
  }
  if (u.withoutEvidence.total && compact) {
    canvas.text(
      `${plural(u.withoutEvidence.total, 'control')} had no evidence collected at all (listed in evidence-detail.pdf).`,
      { size: SIZE.body, gap: 8 },
    );
  } else if (u.withoutEvidence.total) {
    canvas.heading('Controls with no evidence collected');
    drawTable(
      canvas,
      [
        { header: 'Framework', width: 1.4 },
        { header: 'Control', width: 1.4 },
        { header: 'Title', width: 4 },
      ],
      u.withoutEvidence.items.map((c) => ({
        cells: [c.frameworkId, { text: c.controlId, goTo: c.anchor, font: 'bold' as const }, c.title],
      })),
    );
    if (u.withoutEvidence.more > 0)
      canvas.text(`and ${u.withoutEvidence.more} more.`, { size: SIZE.small, color: PALETTE.muted });
  }
}
