// findings.csv: one row per finding (control × evidence query × scope), for spreadsheets and auditors'
// own analysis. Streams row by row from the findings (an array or findings.jsonl), so a run with millions of
// findings never builds one huge string.

import { createWriteStream, type WriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { ControlResult, Finding } from '../../core/finding.js';
import type { FindingSource, RunResults } from '../../core/run-result.js';
import { isUndeployedRuleFinding, ruleOfQueryKey } from '../../packs/missing-rules.js';
import { ByControl } from '../by-control.js';
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

/** Blocks findings.csv is gathered in before each write to the file. */
const BLOCK = 1 << 16;

/**
 * Bytes gathered for the file. Cells that repeat from one finding to the next are kept encoded and copied
 * in; findings.csv is about as large as findings.jsonl (1.1 GB at 1,000 accounts), and encoding each row
 * afresh was a third of the CSV's cost.
 */
class CsvBytes {
  private buf = Buffer.allocUnsafe(2 * BLOCK);
  length = 0;

  bytes(b: Uint8Array): void {
    if (this.length + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** What was gathered, as text; the block is reused. */
  text(): string {
    const out = this.buf.toString('utf8', 0, this.length);
    this.length = 0;
    return out;
  }

  /** What was gathered; the sink starts a new block (the stream keeps the old one until it is written). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.buf = Buffer.allocUnsafe(2 * BLOCK);
    this.length = 0;
    return out;
  }

  private grow(more: number): void {
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + more));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/**
 * Makes each finding's CSV line (CRLF-terminated): `csvLine` of its cells, in five runs of cells kept encoded
 * while they repeat. A query's verdict in one scope is joined to every control that uses it, and those
 * findings come one after another: their scope's cells (query to status) and verdict's cells (reason to
 * evidence ids) are the last finding's, only the control's cells (framework to title, kept per control)
 * and a few small ones change.
 */
class FindingLines {
  /** The title cell of each control (quoted once, not once per finding), by framework and id. */
  private readonly titles = new ByControl<string>();
  /** Each control's ref and its first four cells, encoded. */
  private readonly controlCells = new ByControl<{ ref: string; bytes: Buffer }>();
  private scope: { f: Finding; bytes: Buffer } | undefined;
  private verdict: { f: Finding; bytes: Buffer } | undefined;
  /** The severity cell by severity; the last cells by role, then deploy pack, then "at least" (false, true). */
  private readonly severities = new Map<string, Buffer>();
  private readonly tails = new Map<string, Map<string, Buffer[]>>();
  /** Where `line` gathers its one line. */
  private readonly one = new CsvBytes();

  constructor(
    controls: readonly ControlResult[],
    private readonly max: number,
    private readonly deployPackOf?: ReadonlyMap<string, string>,
  ) {
    for (const c of controls) this.titles.set(c.frameworkId, c.controlId, csvCell(c.title));
  }

  /** One line, as text (a lone surrogate comes back as U+FFFD, as it would be written to the file). */
  line(f: Finding): string {
    this.encode(f, this.one);
    return this.one.text();
  }

  /** Add one line to `sink`. */
  encode(f: Finding, sink: CsvBytes): void {
    sink.bytes(this.controlBytes(f));
    sink.bytes(this.scopeBytes(f));
    sink.bytes(this.severityBytes(f.severity ?? ''));
    sink.bytes(this.verdictBytes(f));
    sink.bytes(this.tailBytes(f.role ?? 'decisive', Boolean(f.failingCountAtLeast), this.deployPack(f)));
  }

  /** severity. */
  private severityBytes(severity: string): Buffer {
    let bytes = this.severities.get(severity);
    if (bytes === undefined) {
      bytes = utf8(`${csvCell(severity)},`);
      this.severities.set(severity, bytes);
    }
    return bytes;
  }

  /** role, failing_count_at_least, deploy_pack, and the line's end. */
  private tailBytes(role: string, atLeast: boolean, pack: string): Buffer {
    let byPack = this.tails.get(role);
    if (!byPack) {
      byPack = new Map();
      this.tails.set(role, byPack);
    }
    let both = byPack.get(pack);
    if (!both) {
      both = [false, true].map((a) => utf8(`${csvCell(role)},${csvCell(String(a))},${csvCell(pack)}\r\n`));
      byPack.set(pack, both);
    }
    return both[atLeast ? 1 : 0]!;
  }

  /** framework, control_id, ref, title. */
  private controlBytes(f: Finding): Buffer {
    const cells = this.controlCells.get(f.frameworkId, f.controlId);
    if (cells !== undefined && cells.ref === f.ref) return cells.bytes;
    const title = this.titles.get(f.frameworkId, f.controlId) ?? NO_TITLE;
    return this.controlCells.set(f.frameworkId, f.controlId, {
      ref: f.ref,
      bytes: utf8(`${csvCell(f.frameworkId)},${csvCell(f.controlId)},${csvCell(f.ref)},${title},`),
    }).bytes;
  }

  /** query, kind, account, region, status. */
  private scopeBytes(f: Finding): Buffer {
    const last = this.scope;
    if (
      last !== undefined &&
      last.f.queryKey === f.queryKey &&
      last.f.accountId === f.accountId &&
      last.f.region === f.region &&
      last.f.status === f.status &&
      last.f.kind === f.kind
    )
      return last.bytes;
    const bytes = utf8(
      `${csvCell(f.queryKey)},${csvCell(f.kind)},${csvCell(f.accountId)},${csvCell(f.region)},${csvCell(f.status)},`,
    );
    this.scope = { f, bytes };
    return bytes;
  }

  /** reason, failing_count, resource_ids, evidence_ids. */
  private verdictBytes(f: Finding): Buffer {
    const last = this.verdict;
    if (
      last !== undefined &&
      last.f.reason === f.reason &&
      last.f.failingCount === f.failingCount &&
      sameResourceIds(last.f, f, this.max) &&
      sameStrings(last.f.evidence, f.evidence)
    )
      return last.bytes;
    let ids = '';
    const listed = Math.min(f.resources.length, this.max);
    for (let i = 0; i < listed; i += 1)
      ids += i ? ` ${f.resources[i]!.resourceId}` : f.resources[i]!.resourceId;
    const unlisted = Math.max(f.failingCount, f.resources.length) - listed;
    if (unlisted > 0) ids += listed ? ` +${unlisted} more` : `+${unlisted} more`;
    const bytes = utf8(
      `${csvCell(f.reason)},${csvCell(f.failingCount)},${csvCell(ids)},${csvCell(f.evidence.join(' '))},`,
    );
    this.verdict = { f, bytes };
    return bytes;
  }

  private deployPack(f: Finding): string {
    return isUndeployedRuleFinding(f) ? (this.deployPackOf?.get(ruleOfQueryKey(f.queryKey)) ?? '') : '';
  }
}

/** Whether two findings list the same resource ids in findings.csv (the first `max`, and how many). */
function sameResourceIds(a: Finding, b: Finding, max: number): boolean {
  if (a.resources.length !== b.resources.length) return false;
  const listed = Math.min(a.resources.length, max);
  for (let i = 0; i < listed; i += 1)
    if (a.resources[i]!.resourceId !== b.resources[i]!.resourceId) return false;
  return true;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
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

/**
 * findings.csv as a consumer of the one pass over the findings (`render/findings-pass.ts`): each finding
 * added becomes its line; lines go to the file in 64 KB writes, and `add` returns a promise to wait on while
 * the file's buffer is full, so memory stays bounded however fast the findings come.
 */
export class FindingsCsvWriter {
  private readonly out: WriteStream;
  private readonly lines: FindingLines;
  private readonly sink = new CsvBytes();
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
    this.sink.bytes(utf8(csvLine(FINDINGS_CSV_HEADER)));
  }

  add(f: Finding): Promise<void> | undefined {
    if (this.failed) throw this.failed;
    this.lines.encode(f, this.sink);
    if (this.sink.length < BLOCK) return undefined;
    const full = !this.out.write(this.sink.take());
    return full ? this.drained() : undefined;
  }

  /** Write what is left and close the file; rejects if any write failed. */
  async close(): Promise<void> {
    if (this.failed) throw this.failed;
    this.out.end(this.sink.take());
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
