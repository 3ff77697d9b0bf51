// findings.csv: one row per finding (control × evidence query × scope), for spreadsheets and auditors'
// own analysis. Streams row by row from the findings (an array or findings.jsonl), so a run with millions of
// findings never builds one huge string.

import { createWriteStream, type WriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { ControlResult, Finding } from '../../core/finding.js';
import type { FindingSource, RunResults } from '../../core/run-result.js';
import { isUndeployedRuleFinding, ruleOfQueryKey } from '../../packs/missing-rules.js';
import { csvCell, csvLine } from './csv-cell.js';

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

const NO_TITLE = csvCell('');

/**
 * Makes one finding's CSV line (CRLF-terminated): `csvLine` of the cells, written out without arrays. A
 * query's verdict in one scope is joined to every control that uses it, and those findings come one after
 * another with the same reason: the last reason's cell is kept, not quoted again for each control.
 */
class FindingLines {
  /** The title cell of each control (quoted once, not once per finding), by framework and id. */
  private readonly titles: Map<string, string>;
  private lastReason = '';
  private lastReasonCell = csvCell('');

  constructor(
    controls: readonly ControlResult[],
    private readonly max: number,
    private readonly deployPackOf?: ReadonlyMap<string, string>,
  ) {
    this.titles = new Map(controls.map((c) => [`${c.frameworkId}\u0000${c.controlId}`, csvCell(c.title)]));
  }

  line(f: Finding): string {
    let ids = '';
    const listed = Math.min(f.resources.length, this.max);
    for (let i = 0; i < listed; i += 1)
      ids += i ? ` ${f.resources[i]!.resourceId}` : f.resources[i]!.resourceId;
    const unlisted = Math.max(f.failingCount, f.resources.length) - listed;
    if (unlisted > 0) ids += listed ? ` +${unlisted} more` : `+${unlisted} more`;
    const title = this.titles.get(`${f.frameworkId}\u0000${f.controlId}`) ?? NO_TITLE;
    if (f.reason !== this.lastReason) {
      this.lastReason = f.reason;
      this.lastReasonCell = csvCell(f.reason);
    }
    return `${csvCell(f.frameworkId)},${csvCell(f.controlId)},${csvCell(f.ref)},${title},${csvCell(f.queryKey)},${csvCell(f.kind)},${csvCell(f.accountId)},${csvCell(f.region)},${csvCell(f.status)},${csvCell(f.severity ?? '')},${this.lastReasonCell},${csvCell(f.failingCount)},${csvCell(ids)},${csvCell(f.evidence.join(' '))},${csvCell(f.role ?? 'decisive')},${csvCell(f.failingCountAtLeast ? 'true' : 'false')},${csvCell(this.deployPack(f))}\r\n`;
  }

  private deployPack(f: Finding): string {
    return isUndeployedRuleFinding(f) ? (this.deployPackOf?.get(ruleOfQueryKey(f.queryKey)) ?? '') : '';
  }
}

/** The CSV, line by line (header first). */
export async function* findingsCsvLines(
  results: CsvSource,
  opts: FindingsCsvOptions = {},
): AsyncGenerator<string> {
  const lines = new FindingLines(results.controls, opts.maxResourceIds ?? 20, opts.deployPackOf);
  yield csvLine(FINDINGS_CSV_HEADER);
  for await (const f of results.findings) yield lines.line(f);
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

/** Lines gathered before one write to the file. */
const BATCH = 1 << 16;

/**
 * findings.csv as a consumer of the one pass over the findings (`render/findings-pass.ts`): each finding
 * added becomes its line; lines go to the file in 64 KB writes, and `add` returns a promise to wait on while
 * the file's buffer is full, so memory stays bounded however fast the findings come.
 */
export class FindingsCsvWriter {
  private readonly out: WriteStream;
  private readonly lines: FindingLines;
  private buffer: string;
  private failed: Error | undefined;

  constructor(
    readonly path: string,
    controls: readonly ControlResult[],
    opts: FindingsCsvOptions = {},
  ) {
    // Up to 1 MB queued before the pass waits: the file is written while the next findings are parsed.
    this.out = createWriteStream(path, { highWaterMark: 1 << 20 });
    this.out.on('error', (err) => {
      this.failed ??= err;
    });
    this.lines = new FindingLines(controls, opts.maxResourceIds ?? 20, opts.deployPackOf);
    this.buffer = csvLine(FINDINGS_CSV_HEADER);
  }

  add(f: Finding): Promise<void> | undefined {
    if (this.failed) throw this.failed;
    this.buffer += this.lines.line(f);
    if (this.buffer.length < BATCH) return undefined;
    const full = !this.out.write(this.buffer);
    this.buffer = '';
    return full ? this.drained() : undefined;
  }

  /** Write what is left and close the file; rejects if any write failed. */
  async close(): Promise<void> {
    if (this.failed) throw this.failed;
    this.out.end(this.buffer);
    this.buffer = '';
    await finished(this.out);
    if (this.failed) throw this.failed;
  }

  /** Close the file after a failed pass, without writing the rest. */
  destroy(): void {
    this.out.destroy();
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        this.out.off('drain', onDrain);
        this.out.off('error', done);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => done();
      this.out.once('drain', onDrain);
      this.out.once('error', done);
    });
  }
}
