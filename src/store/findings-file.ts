// Findings are appended to a JSON-lines file (findings.jsonl) as they are made, so a run never holds them
// all in memory; every later stage (reports, CSV, OSCAL, run history) streams them back from it.

import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { RunError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';

export class FindingsFile {
  private readonly out: WriteStream;
  count = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { flags: 'w' });
  }

  /** Append findings; waits when the stream's buffer is full. */
  async append(findings: readonly Finding[]): Promise<void> {
    for (const f of findings) {
      this.count += 1;
      if (!this.out.write(`${JSON.stringify(f)}\n`)) await once(this.out, 'drain');
    }
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }

  /**
   * The findings of `path` as a source that can be iterated any number of times, each pass from disk. With
   * `expected`, a pass that finds a different number of findings throws: a cut-off file is never read as a
   * run with fewer findings.
   */
  static source(path: string, expected?: number): AsyncIterable<Finding> {
    return { [Symbol.asyncIterator]: () => FindingsFile.read(path, expected) };
  }

  /** Read the findings back, one at a time. */
  static async *read(path: string, expected?: number): AsyncGenerator<Finding> {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
    let n = 0;
    for await (const line of lines) {
      if (!line) continue;
      n += 1;
      yield JSON.parse(line) as Finding;
    }
    if (expected !== undefined && n !== expected)
      throw new RunError(
        'FINDINGS_INCOMPLETE',
        `${path} holds ${n} finding(s) but results.json says ${expected}: the run folder is incomplete or altered`,
      );
  }
}
