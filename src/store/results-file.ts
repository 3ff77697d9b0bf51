// A run folder's results: results.json (the summary) and findings.jsonl (every finding). Readers never need
// the findings in memory: `openRun` hands them out as a stream that rereads the file for every pass.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../core/finding.js';
import { FINDINGS_FILE, type FindingSource, type RunResults, type RunSummary } from '../core/run-result.js';
import { FindingsFile } from './findings-file.js';

/** Write `<dir>/results.json`; the findings are already in `<dir>/findings.jsonl`. */
export async function writeResultsFile(dir: string, summary: RunSummary): Promise<void> {
  await writeFile(join(dir, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
}

/** results.json as written, with the findings of an older (schema 1) file still inline. */
type StoredResults =
  | RunSummary
  | (Omit<RunSummary, 'findingsFile' | 'schemaVersion'> & {
      schemaVersion: 1;
      findings: Finding[];
    });

/** A run folder's results; its findings stream from findings.jsonl, afresh for every pass. */
export async function openRun(dir: string): Promise<RunResults<FindingSource>> {
  const stored = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as StoredResults;
  return 'findings' in stored ? stored : withFindings(stored, dir);
}

/** A summary already in memory, with its findings streamed from `<dir>/findings.jsonl`. */
export function withFindings(summary: RunSummary, dir: string): RunResults<FindingSource> {
  const { findingsFile, ...rest } = summary;
  return { ...rest, findings: FindingsFile.source(join(dir, findingsFile.path ?? FINDINGS_FILE)) };
}

/** A run folder's results with every finding in memory: for tests and small runs only. */
export async function loadRun(dir: string): Promise<RunResults> {
  const run = await openRun(dir);
  const findings: Finding[] = [];
  for await (const f of run.findings) findings.push(f);
  return { ...run, findings };
}
