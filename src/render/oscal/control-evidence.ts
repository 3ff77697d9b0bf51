// Which evidence records each control rests on, gathered from one pass over the findings. One bit per
// (control, evidence record): memory is controls × records ÷ 8 bytes whatever the number of findings
// (536 controls × 109,271 records at 1,000 accounts is 7 MB), and the counts are exact.

import type { Finding } from '../../core/finding.js';
import type { EvidenceIndexEntry } from '../../core/run-result.js';
import { ByControl } from '../by-control.js';

export class ControlEvidence {
  private readonly position = new Map<string, number>();
  private readonly bits = new ByControl<Uint8Array>();
  /** The last finding's evidence ids and their positions: findings of one verdict share them, one after another. */
  private lastIds: readonly string[] = [];
  private lastAt: number[] = [];

  constructor(private readonly evidence: readonly EvidenceIndexEntry[]) {
    for (const [i, e] of evidence.entries()) this.position.set(e.id, i);
  }

  /** Note the evidence records of one finding (ids outside the index are ignored). */
  add(f: Pick<Finding, 'frameworkId' | 'controlId' | 'evidence'>): void {
    const at = this.positions(f.evidence);
    if (at.length === 0) return;
    const set =
      this.bits.get(f.frameworkId, f.controlId) ??
      this.bits.set(f.frameworkId, f.controlId, new Uint8Array(Math.ceil(this.evidence.length / 8)));
    for (const p of at) set[p >> 3]! |= 1 << (p & 7);
  }

  private positions(ids: readonly string[]): number[] {
    const last = this.lastIds;
    if (ids.length === last.length && ids.every((id, i) => id === last[i])) return this.lastAt;
    const at: number[] = [];
    for (const id of ids) {
      const p = this.position.get(id);
      if (p !== undefined) at.push(p);
    }
    this.lastIds = ids;
    this.lastAt = at;
    return at;
  }

  /** How many distinct records a control rests on, and the ids of the first `max` in index order, sorted. */
  of(frameworkId: string, controlId: string, max: number): { total: number; ids: string[] } {
    const set = this.bits.get(frameworkId, controlId);
    if (!set) return { total: 0, ids: [] };
    let total = 0;
    const ids: string[] = [];
    for (let byte = 0; byte < set.length; byte += 1) {
      let b = set[byte]!;
      while (b) {
        const low = b & -b;
        if (ids.length < max) ids.push(this.evidence[(byte << 3) + 31 - Math.clz32(low)]!.id);
        total += 1;
        b ^= low;
      }
    }
    return { total, ids: ids.sort() };
  }
}
