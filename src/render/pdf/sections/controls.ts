// Evidence detail: per framework, every control as a band (id, title, responsibility, verdict, reason)
// followed by one row per evidence check with its own status, findings, accounts and reason. Long cells
// split across pages by the table; nothing is cut.

import { plural } from '../../format.js';
import { PALETTE, STATUS_STYLE } from '../../status-style.js';
import type { ControlRowView, EvidenceCheckView, ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { type Cell, drawTable, type GroupRow, type Row } from '../table.js';
import { SIZE } from '../theme.js';

/** Draw one table per framework, each starting on a new page. */
export function drawControlTables(canvas: PdfCanvas, view: ReportView): void {
  view.frameworks.forEach((fw, i) => {
    if (i === 0) canvas.section('Controls and their evidence', { level: 1, newPage: true });
    canvas.section(`${fw.name} — ${fw.version}`, { level: 2, newPage: i > 0, dest: fw.anchor });
    const sub = [fw.publisher, `${fw.controls} controls`].filter(Boolean).join(' · ');
    canvas.text(sub, { size: SIZE.small, color: PALETTE.muted, gap: fw.description ? 3 : 8 });
    if (fw.description) canvas.text(fw.description, { size: SIZE.small, color: PALETTE.muted, gap: 8 });
    const rows: (Row | GroupRow)[] = [];
    for (const g of fw.groups) {
      if (g.title) rows.push({ group: g.title });
      for (const c of g.controls) rows.push(controlRow(c), ...c.checks.map(checkRow));
    }
    drawTable(
      canvas,
      [
        { header: 'Control / evidence check', width: 3.1 },
        { header: 'Status', width: 1.0 },
        { header: 'Findings', width: 1.3 },
        { header: 'Accounts', width: 1.35 },
        { header: 'Reason', width: 4.1, size: SIZE.tiny + 0.5 },
      ],
      rows,
    );
  });
}

function chip(label: string, fill: string, ink: string): Cell {
  return { text: label, chip: { label, fill, ink } };
}

function controlRow(c: ControlRowView): Row {
  return {
    dest: c.anchor,
    shade: '#EEF2F6',
    cells: [
      {
        text: `${c.controlId}  ${c.title}`,
        font: 'bold',
        sub: `${c.ref} · ${c.responsibilityLabel} responsibility · ${plural(c.checks.length, 'evidence check')}`,
      },
      chip(c.statusLabel, c.statusColor, STATUS_STYLE[c.status].ink),
      c.findingCounts.map((f) => `${f.count} ${f.label.toLowerCase()}`).join(', ') || '–',
      '',
      { text: c.reason, font: 'semibold' },
    ],
  };
}

function checkRow(e: EvidenceCheckView): Row {
  const counts = e.counts.map((s) => `${s.count} ${s.label.toLowerCase()}`).join(', ');
  const accounts =
    e.worstAccounts.items.join('\n') + (e.worstAccounts.more ? `\nand ${e.worstAccounts.more} more` : '');
  return {
    cells: [
      // Supporting checks are shown with their own status but never decide the control's verdict: say so.
      e.kind === 'manual'
        ? `    ${e.title}`
        : {
            text: `    ${e.title}`,
            sub: `    ${e.kind} · ${e.id} · ${e.role === 'supporting' ? 'supporting (never decides)' : 'decisive'}`,
          },
      e.status
        ? chip(e.statusLabel, e.statusColor, STATUS_STYLE[e.status].ink)
        : { text: e.statusLabel, color: PALETTE.muted },
      {
        text: counts || '–',
        sub: e.failingResources ? plural(e.failingResources, 'failing resource') : undefined,
      },
      e.accounts
        ? {
            text: accounts,
            font: 'mono' as const,
            sub:
              e.accounts > e.worstAccounts.total ? `of ${plural(e.accounts, 'account')} checked` : undefined,
          }
        : '–',
      {
        text: e.reason,
        color: PALETTE.muted,
        sub: e.deployPack ? `Deploy with conformance pack ${e.deployPack}` : undefined,
      },
    ],
  };
}
