// Write an in-memory run (results with a findings array) as a run folder holds it: findings.jsonl and
// results.json. Tests use it to build run folders without collecting.

import { join } from 'node:path';
import { FINDINGS_FILE, RESULTS_SCHEMA_VERSION, type RunResults } from '../../src/core/run-result.js';
import { FindingsFile } from '../../src/store/findings-file.js';
import { writeResultsFile } from '../../src/store/results-file.js';

export async function writeResults(dir: string, results: RunResults): Promise<void> {
  const { findings, schemaVersion: _v, ...rest } = results;
  const file = new FindingsFile(join(dir, FINDINGS_FILE));
  await file.append(findings);
  await file.close();
  await writeResultsFile(dir, {
    ...rest,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    findingsFile: { path: FINDINGS_FILE, count: findings.length },
  });
}
