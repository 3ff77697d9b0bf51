// A run folder's results: results.json (the summary) and findings.jsonl (every finding). Readers never need
// the findings in memory: `openRun` hands them out as a stream that rereads the file for every pass.

import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import {
  FINDINGS_FILE,
  type FindingSource,
  RESULTS_SCHEMA_VERSION,
  type RunResults,
  type RunSummary,
} from '../core/run-result.js';
import { StreamedArray, writeJsonFile } from '../core/streamed-json.js';
import { FindingsFile } from './findings-file.js';

/**
 * Write `<dir>/results.json`; the findings are already in `<dir>/findings.jsonl`. The evidence index (one entry
 * per record: 105,400 at 1,000 accounts, ~90 MB of text) is written entry by entry, never as one string; the
 * bytes are what `JSON.stringify(summary, null, 2)` gives, and a newline.
 */
export async function writeResultsFile(dir: string, summary: RunSummary): Promise<void> {
  // writeJsonFile ends the text with a newline, as results.json always has.
  await writeJsonFile(join(dir, 'results.json'), {
    ...summary,
    evidence: new StreamedArray(() => summary.evidence),
  });
}

/** results.json as written, with the findings of an older (schema 1) file still inline. */
type StoredResults =
  | RunSummary
  | (Omit<RunSummary, 'findingsFile' | 'schemaVersion'> & {
      schemaVersion: 1;
      findings: Finding[];
    });

/**
 * A run folder's results; its findings stream from findings.jsonl, afresh for every pass, and a pass that
 * does not find as many as results.json counts throws. Unknown schema versions and a missing findings file
 * fail here, before any reader starts.
 */
export async function openRun(dir: string): Promise<RunResults<FindingSource>> {
  const path = join(dir, 'results.json');
  const stored = JSON.parse(await readFile(path, 'utf8')) as StoredResults;
  if (stored.schemaVersion === 1 && Array.isArray(stored.findings)) return stored;
  if (stored.schemaVersion !== RESULTS_SCHEMA_VERSION || stored.findingsFile?.path !== FINDINGS_FILE)
    throw new RunError(
      'RESULTS_UNREADABLE',
      `${path}: expected schemaVersion ${RESULTS_SCHEMA_VERSION} with findingsFile.path '${FINDINGS_FILE}' (or schemaVersion 1 with the findings inline)`,
    );
  const findings = join(dir, FINDINGS_FILE);
  await access(findings).catch((cause: unknown) => {
    throw new RunError('FINDINGS_INCOMPLETE', `${findings} is missing`, { cause });
  });
  return withFindings(stored, dir);
}

/** A summary already in memory, with its findings streamed from `<dir>/findings.jsonl`. */
export function withFindings(summary: RunSummary, dir: string): RunResults<FindingSource> {
  const { findingsFile, ...rest } = summary;
  return { ...rest, findings: FindingsFile.source(join(dir, FINDINGS_FILE), findingsFile.count) };
}

/** A run folder's results with every finding in memory: for tests and small runs only. */
export async function loadRun(dir: string): Promise<RunResults> {
  const run = await openRun(dir);
  const findings: Finding[] = [];
  for await (const f of run.findings) findings.push(f);
  return { ...run, findings };
}
