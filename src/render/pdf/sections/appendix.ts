// Appendix: the evidence index, each file with its SHA-256, so any piece of evidence can be checked.

import { plural } from '../../format.js';
import { PALETTE } from '../../status-style.js';
import type { ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { drawTable } from '../table.js';
import { SIZE } from '../theme.js';

/** Draw the evidence appendix. */
export function drawAppendix(canvas: PdfCanvas, view: ReportView): void {
  const a = view.appendix;
  canvas.section('Appendix: evidence index', { level: 1, newPage: true });
  const sources = a.bySource.map((s) => `${s.count} ${s.source}`).join(', ');
  canvas.text(
    `${plural(a.entries.total, 'evidence file')} (${sources || 'none'}); ${plural(a.failedCalls, 'call')} failed and ` +
      'are kept as evidence of the failure. Each SHA-256 is computed over the canonical JSON of the record (sorted keys, no ' +
      "whitespace) without its own hash field; the audit package's signed manifest covers every file byte for byte.",
    { size: SIZE.body, lineGap: 2, gap: 10 },
  );
  drawTable(
    canvas,
    [
      { header: 'Evidence', width: 1.25 },
      { header: 'Call', width: 2.3 },
      { header: 'SHA-256 of the record', width: 4.15, font: 'mono', size: 6.3 },
    ],
    a.entries.items.map((e) => ({
      cells: [
        { text: e.id, font: 'bold' as const, sub: `${e.accountId} · ${e.region}` },
        {
          text: e.operation,
          sub: e.errorCode
            ? `failed: ${e.errorCode}`
            : e.collectedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        },
        { text: e.sha256, font: 'mono' as const, sub: e.path },
      ],
    })),
    { size: SIZE.tiny, padding: 2.5 },
  );
  if (a.entries.more > 0) {
    canvas.text(
      `and ${plural(a.entries.more, 'more evidence file')}: results.json and the package manifest list every file with its hash.`,
      { size: SIZE.small, color: PALETTE.muted },
    );
  }
}
