// Findings are appended to a JSON-lines file (findings.jsonl) as they are made, so a run never holds them
// all in memory; every later stage (reports, CSV, OSCAL, run history) streams them back from it.

import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
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

  /** The findings of `path` as a source that can be iterated any number of times, each pass from disk. */
  static source(path: string): AsyncIterable<Finding> {
    return { [Symbol.asyncIterator]: () => FindingsFile.read(path) };
  }

  /** Read the findings back, one at a time. */
  static async *read(path: string): AsyncGenerator<Finding> {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) if (line) yield JSON.parse(line) as Finding;
  }
}
