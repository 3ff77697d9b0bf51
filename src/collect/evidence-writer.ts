// Writes evidence records to the run folder as they arrive (so memory stays flat however large the
// organisation), hashing each over its canonical JSON, and keeps only a small index entry per record.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { canonicalJson, sha256Hex } from '../core/canonical-json.js';
import type { EvidenceRecord } from '../core/evidence-record.js';
import type { EvidenceIndexEntry } from '../core/run-result.js';

/** A record before it has an id, a hash and a place on disk. */
export type NewEvidence = Omit<EvidenceRecord, 'id' | 'sha256'>;

export class EvidenceWriter {
  private seq = 0;
  private readonly entries: EvidenceIndexEntry[] = [];
  private readonly madeDirs = new Set<string>();

  /**
   * `runDir` is the (temporary) run folder; records go under `evidence/<account>/<region>/`. `idPrefix` names
   * the unit of work that writes them (a cluster run's account job), so ids from different jobs never meet
   * and a job done again makes the same names.
   */
  constructor(
    private readonly runDir: string,
    private readonly idPrefix?: string,
  ) {}

  /** Assign an id, hash, write to disk, index. Returns the record as stored (parsed back from its JSON). */
  async write(evidence: NewEvidence): Promise<EvidenceRecord> {
    this.seq += 1;
    const seq = String(this.seq).padStart(6, '0');
    const id = this.idPrefix ? `ev-${safeSegment(this.idPrefix)}-${seq}` : `ev-${seq}`;
    const withId = { ...evidence, id };
    const sha256 = sha256Hex(canonicalJson(withId));
    const record: EvidenceRecord = { ...withId, sha256 };
    const path = join('evidence', safeSegment(record.accountId), safeSegment(record.region), `${id}.json`);
    const abs = join(this.runDir, path);
    const dir = dirname(abs);
    if (!this.madeDirs.has(dir)) {
      await this.makeBelowRunDir(dir);
      this.madeDirs.add(dir);
    }
    const text = JSON.stringify(record, null, 2);
    await writeFile(abs, `${text}\n`);
    const entry: EvidenceIndexEntry = {
      id,
      path,
      sha256,
      source: record.source,
      service: record.service,
      operation: record.operation,
      accountId: record.accountId,
      region: record.region,
      collectedAt: record.collectedAt,
    };
    if (record.error) entry.errorCode = record.error.code;
    this.entries.push(entry);
    // Hand back exactly what was stored (dates as ISO strings), so evaluators see the evidence an auditor sees.
    return JSON.parse(text) as EvidenceRecord;
  }

  /**
   * Make `dir` and its parents, but never the run folder itself: a folder removed under a writer that is still
   * running (a cluster account attempt whose run is being sealed) makes its next write fail instead of quietly
   * growing the folder back, where the sealed package would pick the record up.
   */
  private async makeBelowRunDir(dir: string): Promise<void> {
    let at = this.runDir;
    for (const part of relative(this.runDir, dir).split(sep)) {
      at = join(at, part);
      await mkdir(at).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
    }
  }

  /** Every record written so far, in order. */
  index(): readonly EvidenceIndexEntry[] {
    return this.entries;
  }
}

/** Account ids, region names and `organization`/`global` are safe already; anything else is made safe. */
function safeSegment(s: string): string {
  return /^[A-Za-z0-9._-]{1,64}$/.test(s) && s !== '.' && s !== '..'
    ? s
    : s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || '_';
}
