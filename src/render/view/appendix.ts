// The evidence appendix: each evidence file of the run with its SHA-256, so a reader can check any of them.

import type { EvidenceIndexEntry } from '../../core/run-result.js';
import { capList } from '../capped.js';
import type { AppendixView, EvidenceEntryView } from '../view-types.js';

/** Index the run's evidence files, ordered by path. */
export function buildAppendix(evidence: readonly EvidenceIndexEntry[], limit: number): AppendixView {
  const bySource = new Map<string, number>();
  let failedCalls = 0;
  for (const e of evidence) {
    bySource.set(e.source, (bySource.get(e.source) ?? 0) + 1);
    if (e.errorCode) failedCalls += 1;
  }
  const sorted = [...evidence].sort((a, b) => a.path.localeCompare(b.path) || a.id.localeCompare(b.id));
  const entries: EvidenceEntryView[] = sorted.slice(0, limit).map((e) => ({
    id: e.id,
    path: e.path,
    sha256: e.sha256,
    source: e.source,
    operation: `${e.service}:${e.operation}`,
    accountId: e.accountId,
    region: e.region,
    collectedAt: e.collectedAt,
    errorCode: e.errorCode ?? null,
  }));
  const capped = capList(entries, limit);
  return {
    entries: { ...capped, total: evidence.length, more: evidence.length - entries.length },
    bySource: [...bySource.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([source, count]) => ({ source, count })),
    failedCalls,
  };
}
