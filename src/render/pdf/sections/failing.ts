// Failing controls, worst first: where each fails, example resources, and the remediation with its link.

import { failingResources, plural, truncate } from '../../format.js';
import { PALETTE, SEVERITY_STYLE } from '../../status-style.js';
import type { FailingControlView, FailingQueryView, ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { drawTable } from '../table.js';
import { SIZE } from '../theme.js';

/** Draw the failing-controls section. */
export function drawFailing(canvas: PdfCanvas, view: ReportView): void {
  canvas.section('Failing controls', { level: 1, newPage: true });
  const { failing } = view;
  if (failing.total === 0) {
    canvas.text('No control fails.', { size: SIZE.body });
    return;
  }
  canvas.text(
    `${plural(failing.total, 'control')} fail. They are ordered by severity, then by the number of accounts and resources ` +
      'affected. Each lists the checks that failed, where, example resources and how to fix them; the full list of ' +
      'failing resources is in findings.csv.',
    { size: SIZE.body, lineGap: 2, gap: 12 },
  );
  for (const f of failing.items) drawControl(canvas, f);
  const rest = view.failingRest;
  if (rest.total > 0) {
    canvas.heading(`Further failing controls (${rest.total})`, 90);
    canvas.text('In the same order; each is detailed in its control table and in findings.csv.', {
      size: SIZE.small,
      color: PALETTE.muted,
      gap: 4,
    });
    drawTable(
      canvas,
      [
        { header: 'Severity', width: 0.9 },
        { header: 'Control', width: 2 },
        { header: 'Title', width: 3.2 },
        { header: 'Accounts', width: 0.8, align: 'right' },
        { header: 'Resources', width: 0.9, align: 'right' },
      ],
      rest.items.map((r) => {
        const sev = r.severity
          ? SEVERITY_STYLE[r.severity]
          : { label: 'Unrated', color: PALETTE.faint, ink: '#FFFFFF' };
        return {
          cells: [
            { text: sev.label, chip: { label: sev.label, fill: sev.color, ink: sev.ink } },
            { text: r.ref, goTo: r.anchor, font: 'bold' as const },
            r.title,
            String(r.accounts),
            r.failingResourcesText,
          ],
        };
      }),
    );
    if (rest.more > 0)
      canvas.text(`and ${plural(rest.more, 'more')}.`, { size: SIZE.small, color: PALETTE.muted });
  }
}

function drawControl(canvas: PdfCanvas, f: FailingControlView): void {
  canvas.ensure(110);
  const y = canvas.y;
  const sev = f.severity
    ? SEVERITY_STYLE[f.severity]
    : { label: 'Unrated', color: PALETTE.faint, ink: '#FFFFFF' };
  const chipW = canvas.chip(sev.label.toUpperCase(), canvas.left, y + 1, sev.color, sev.ink, SIZE.tiny);
  const titleH = canvas.textAt(`${f.ref} — ${f.title}`, canvas.left + chipW + 8, y, {
    font: 'bold',
    size: 10.5,
    width: canvas.width - chipW - 8,
    goTo: f.anchor,
  });
  canvas.y = y + Math.max(titleH, 12) + 2;
  canvas.text(
    `${f.frameworkName} · ${f.responsibilityLabel} responsibility · owner: ${f.owner.person} · fails in ${plural(f.accounts, 'account')}` +
      `${f.regions.length ? ` (${f.regions.join(', ')})` : ''} · ${failingResources(f.failingResources, f.failingResourcesAtLeast)}`,
    { size: SIZE.small, color: PALETTE.muted, gap: f.summary ? 2 : 6 },
  );
  if (f.summary) canvas.text(f.summary, { font: 'italic', size: SIZE.small, color: PALETTE.muted, gap: 6 });
  for (const q of f.queries) drawQuery(canvas, q);
  canvas.y += 2;
  canvas.rule();
  canvas.y += 10;
}

function drawQuery(canvas: PdfCanvas, q: FailingQueryView): void {
  canvas.ensure(60);
  canvas.text(`${q.title}`, {
    font: 'bold',
    size: SIZE.body - 0.5,
    gap: 1,
    x: canvas.left + 8,
    width: canvas.width - 8,
  });
  canvas.text(
    `${q.kind} ${q.queryKey.slice(q.queryKey.indexOf(':') + 1)} · fails in ${plural(q.scopes, 'account/region')}`,
    {
      size: SIZE.tiny + 0.5,
      color: PALETTE.muted,
      gap: 4,
      x: canvas.left + 8,
      width: canvas.width - 8,
    },
  );
  const where = q.accounts.items
    .map((a) => `${a.accountId} (${a.regions.join(', ')}${a.failingCount ? `: ${a.failingCountText}` : ''})`)
    .join(' · ');
  canvas.text(
    `Where: ${where}${q.accounts.more ? ` · and ${plural(q.accounts.more, 'more account')}` : ''}`,
    {
      size: SIZE.small,
      gap: 4,
      x: canvas.left + 8,
      width: canvas.width - 8,
    },
  );
  if (q.resources.items.length) {
    drawTable(
      canvas,
      [
        { header: 'Account', width: 1.0 },
        { header: 'Region', width: 0.8 },
        { header: 'Type', width: 1.6 },
        { header: 'Resource', width: 2.8 },
        { header: 'Note', width: 2.1 },
      ],
      q.resources.items.map((r) => ({
        cells: [
          r.accountId,
          r.region,
          r.resourceType,
          { text: r.resourceId, font: 'mono' as const },
          r.annotation ?? '',
        ],
      })),
      { size: SIZE.tiny + 0.5, padding: 2.5 },
    );
    canvas.y -= 4;
    if (q.resources.more > 0) {
      canvas.text(`and ${plural(q.resources.more, 'more failing resource')} (findings.csv lists them)`, {
        size: SIZE.tiny + 0.5,
        color: PALETTE.muted,
        gap: 4,
      });
    }
  } else {
    for (const r of q.reasons.items)
      canvas.text(truncate(r, 400), {
        size: SIZE.small,
        color: PALETTE.ink,
        gap: 2,
        x: canvas.left + 8,
        width: canvas.width - 8,
      });
    if (q.reasons.more > 0)
      canvas.text(`and ${plural(q.reasons.more, 'more reason')}`, {
        size: SIZE.tiny + 0.5,
        color: PALETTE.muted,
      });
    canvas.y += 3;
  }
  if (q.remediation) {
    canvas.text(`Remediation: ${q.remediation}`, {
      size: SIZE.small,
      gap: 2,
      x: canvas.left + 8,
      width: canvas.width - 8,
      lineGap: 2,
    });
  }
  if (q.docs) {
    canvas.text(q.docs, {
      size: SIZE.tiny + 0.5,
      color: PALETTE.link,
      link: q.docs,
      gap: 8,
      x: canvas.left + 8,
      width: canvas.width - 8,
    });
  } else canvas.y += 6;
}
