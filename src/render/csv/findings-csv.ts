// findings.csv: one row per finding (control × evidence query × scope), for spreadsheets and auditors'
// own analysis. Streams row by row from the findings (an array or findings.jsonl), so a run with millions of
// findings never builds one huge string.

import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ControlResult } from '../../core/finding.js';
import type { FindingSource, RunResults } from '../../core/run-result.js';
import { isUndeployedRuleFinding, ruleOfQueryKey } from '../../packs/missing-rules.js';
import { csvLine } from './csv-cell.js';

export const FINDINGS_CSV_HEADER = [
  'framework',
  'control_id',
  'ref',
  'title',
  'query',
  'kind',
  'account',
  'region',
  'status',
  'severity',
  'reason',
  'failing_count',
  'resource_ids',
  'evidence_ids',
  // decisive: the finding decides its control's verdict; supporting: shown, never deciding.
  'role',
  // true when failing_count is a lower bound ("at least"): AWS capped the count and not every resource was listed.
  'failing_count_at_least',
  // For a decisive managed rule not deployed in the scope: the conformance pack that would deploy it.
  'deploy_pack',
] as const;

export interface FindingsCsvOptions {
  /** Resource ids listed per row (the count column is always exact). */
  maxResourceIds?: number;
  /** Managed rule identifier → the pack `packs generate --missing-from` this run would put it in. */
  deployPackOf?: ReadonlyMap<string, string>;
}

type CsvSource = Pick<RunResults<FindingSource>, 'controls' | 'findings'>;

/** The CSV, line by line (header first). */
export async function* findingsCsvLines(
  results: CsvSource,
  opts: FindingsCsvOptions = {},
): AsyncGenerator<string> {
  const max = opts.maxResourceIds ?? 20;
  const titles = new Map<string, string>(
    results.controls.map((c: ControlResult) => [`${c.frameworkId}\u0000${c.controlId}`, c.title]),
  );
  yield csvLine(FINDINGS_CSV_HEADER);
  for await (const f of results.findings) {
    const ids = f.resources.slice(0, max).map((r) => r.resourceId);
    const unlisted = Math.max(f.failingCount, f.resources.length) - ids.length;
    if (unlisted > 0) ids.push(`+${unlisted} more`);
    yield csvLine([
      f.frameworkId,
      f.controlId,
      f.ref,
      titles.get(`${f.frameworkId}\u0000${f.controlId}`) ?? '',
      f.queryKey,
      f.kind,
      f.accountId,
      f.region,
      f.status,
      f.severity ?? '',
      f.reason,
      f.failingCount,
      ids.join(' '),
      f.evidence.join(' '),
      f.role ?? 'decisive',
      f.failingCountAtLeast ? 'true' : 'false',
      isUndeployedRuleFinding(f) ? (opts.deployPackOf?.get(ruleOfQueryKey(f.queryKey)) ?? '') : '',
    ]);
  }
}

/** The whole CSV as one string (small and medium runs). */
export async function renderFindingsCsv(results: CsvSource, opts: FindingsCsvOptions = {}): Promise<string> {
  let out = '';
  for await (const line of findingsCsvLines(results, opts)) out += line;
  return out;
}

/** Stream the CSV to a file (a failed read ends the file's stream and rejects). */
export async function writeFindingsCsv(
  path: string,
  results: CsvSource,
  opts: FindingsCsvOptions = {},
): Promise<void> {
  await pipeline(Readable.from(findingsCsvLines(results, opts)), createWriteStream(path));
}
