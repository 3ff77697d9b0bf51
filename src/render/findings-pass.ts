// One pass over a run's findings that feeds every report format reading them: the view model's scan,
// findings.csv and OSCAL's evidence per control. findings.jsonl is read and each line parsed once, whatever
// the number of consumers; a consumer that writes a file makes the pass wait while that file's buffer is
// full, so memory stays bounded.

import type { Finding } from '../core/finding.js';
import type { FindingSource } from '../core/run-result.js';

/** What the pass hands each finding to; a returned promise holds the pass until it settles. */
export interface FindingConsumer {
  add(f: Finding): Promise<void> | undefined | void;
}

/** Read `findings` once and give each finding to every consumer, in order (absent consumers are skipped). */
export async function passFindings(
  findings: FindingSource,
  consumers: readonly (FindingConsumer | undefined)[],
): Promise<void> {
  const fed = consumers.filter((c): c is FindingConsumer => c !== undefined);
  if (fed.length === 0) return;
  for await (const f of findings) {
    for (const c of fed) {
      const wait = c.add(f);
      if (wait) await wait;
    }
  }
}
