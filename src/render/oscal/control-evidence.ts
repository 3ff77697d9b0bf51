// Which evidence records each control rests on, gathered from one pass over the findings. One bit per
// (control, evidence record): memory is controls × records ÷ 8 bytes whatever the number of findings
// (536 controls × 109,271 records at 1,000 accounts is 7 MB), and the counts are exact.

import type { Finding } from '../../core/finding.js';
import type { EvidenceIndexEntry } from '../../core/run-result.js';
import { controlKey } from '../view/report-catalog.js';

export class ControlEvidence {
  private readonly position = new Map<string, number>();
  private readonly bits = new Map<string, Uint8Array>();

  constructor(private readonly evidence: readonly EvidenceIndexEntry[]) {
    for (const [i, e] of evidence.entries()) this.position.set(e.id, i);
  }

  /** Note the evidence records of one finding (ids outside the index are ignored). */
  add(f: Pick<Finding, 'frameworkId' | 'controlId' | 'evidence'>): void {
    const key = controlKey(f.frameworkId, f.controlId);
    let set = this.bits.get(key);
    for (const id of f.evidence) {
      const at = this.position.get(id);
      if (at === undefined) continue;
      set ??= this.newSet(key);
      set[at >> 3]! |= 1 << (at & 7);
    }
  }

  /** How many distinct records a control rests on, and the ids of the first `max` in index order, sorted. */
  of(frameworkId: string, controlId: string, max: number): { total: number; ids: string[] } {
    const set = this.bits.get(controlKey(frameworkId, controlId));
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

  private newSet(key: string): Uint8Array {
    const set = new Uint8Array(Math.ceil(this.evidence.length / 8));
    this.bits.set(key, set);
    return set;
  }
}
