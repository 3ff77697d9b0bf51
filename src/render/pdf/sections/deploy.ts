// What to deploy: the conformance packs that would deploy the managed rules the run found missing, how many
// rules each holds and how many controls it lets the next run evaluate, and the two commands. Kept to a few
// lines so the executive report stays short.

import { plural } from '../../format.js';
import { PALETTE } from '../../status-style.js';
import type { ReportView } from '../../view-types.js';
import type { PdfCanvas } from '../canvas.js';
import { drawTable } from '../table.js';
import { SIZE } from '../theme.js';

/** Packs listed in the PDF; the rest are named in report.html and written by `packs generate`. */
const MAX_PACKS = 8;

/** Draw the what-to-deploy section (nothing when the run found every rule deployed). */
export function drawDeploy(canvas: PdfCanvas, view: ReportView): void {
  const d = view.deploy;
  if (!d) return;
  canvas.section('What to deploy', { level: 1, minSpace: 200 });
  canvas.text(
    `${plural(d.missingRules, 'AWS Config managed rule')} this profile needs ${d.missingRules === 1 ? 'is' : 'are'} ` +
      `not deployed everywhere, leaving ${plural(d.findings, 'deciding finding')} in ` +
      `${plural(d.controls, 'control')} NOT EVALUATED. These conformance packs deploy exactly those rules; the next ` +
      'run then evaluates them. Generate them from this run, see what deploying them would change (a dry run), ' +
      'then deploy them:',
    { size: SIZE.body, lineGap: 2, gap: 8 },
  );
  if (d.packs.length) {
    drawTable(
      canvas,
      [
        { header: 'Conformance pack', width: 4 },
        { header: 'Deployed in', width: 1.6 },
        { header: 'Rules', width: 0.8 },
        { header: 'Controls evaluated', width: 1.4 },
      ],
      d.packs.slice(0, MAX_PACKS).map((p) => ({
        cells: [{ text: p.name, font: 'mono' as const }, p.reach, String(p.rules), String(p.controls)],
      })),
    );
    if (d.packs.length > MAX_PACKS)
      canvas.text(`and ${plural(d.packs.length - MAX_PACKS, 'more pack')} (see report.html).`, {
        size: SIZE.small,
        color: PALETTE.muted,
        gap: 6,
      });
  }
  if (d.problem) canvas.text(d.problem, { size: SIZE.small, color: PALETTE.muted, gap: 6 });
  canvas.text(`${d.generate}\n${d.dryRun}\n${d.deploy}`, { font: 'mono', size: SIZE.small, gap: 10 });
}
