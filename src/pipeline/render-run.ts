// The render step of a run: open the finished results (findings streamed from findings.jsonl) and write
// every report into `reports/`.

import { join } from 'node:path';
import type { Catalog, Profile } from '../catalog/types.js';
import type { FindingSource, RunResults } from '../core/run-result.js';
import type { FindingConsumer, ReportHistory, SignerInfo, WrittenReport } from '../render/index.js';
import { type RenderPdfOptions, writeReports } from '../render/index.js';
import { openRun } from '../store/results-file.js';

export interface RenderRunOptions {
  /** The run's results when the caller holds them already; default: read from the folder. */
  results?: RunResults<FindingSource>;
  history?: ReportHistory;
  /** Further consumers of the render stage's one pass over the findings (the run history's digest). */
  feed?: readonly FindingConsumer[];
  /** The history when `history` is not given, asked for once that pass is over. */
  historyAfterPass?: () => Promise<ReportHistory | undefined>;
  signer?: SignerInfo;
  /** Passed to the PDF renderer (the bundle stage adds its signature placeholder here). */
  pdf?: RenderPdfOptions;
  /** Called after each report file is written. */
  onWritten?: (written: WrittenReport) => void;
}

/** Render `<runDir>/results.json` and `<runDir>/findings.jsonl` into `<runDir>/reports/`. */
export async function renderRun(
  runDir: string,
  catalog: Catalog,
  profile: Profile,
  opts: RenderRunOptions = {},
): Promise<WrittenReport[]> {
  const results = opts.results ?? (await openRun(runDir));
  return writeReports(
    {
      results,
      catalog,
      profile,
      ...(opts.history ? { history: opts.history } : {}),
      ...(opts.signer ? { signer: opts.signer } : {}),
    },
    join(runDir, 'reports'),
    {
      ...(opts.pdf ? { pdf: opts.pdf } : {}),
      ...(opts.onWritten ? { onWritten: opts.onWritten } : {}),
      ...(opts.feed ? { feed: opts.feed } : {}),
      ...(opts.historyAfterPass ? { history: opts.historyAfterPass } : {}),
    },
  );
}
