// A run folder's results: results.json holds the summary only, findings.jsonl every finding; openRun streams
// the findings afresh on every pass, and an older results.json with the findings inline still reads.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { FINDINGS_FILE, RESULTS_SCHEMA_VERSION, type RunSummary } from '../../../src/core/run-result.js';
import { loadRun, openRun, writeResultsFile } from '../../../src/store/results-file.js';
import { writeResults } from '../../support/write-results.js';
import { fixtureResults } from './run-fixture.js';

const results = fixtureResults({
  runId: '20261129T020000Z-aaaaaa',
  controls: { 'fw:1': 'FAIL', 'fw:2': 'PASS', 'fw:3': 'ERROR' },
  failing: { 'fw:1': ['bucket-a', 'bucket-b'] },
});

async function collect(source: AsyncIterable<Finding> | Iterable<Finding>): Promise<Finding[]> {
  const out: Finding[] = [];
  for await (const f of source) out.push(f);
  return out;
}

describe('run folder results', () => {
  it('keeps findings out of results.json and names the file and count instead', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-results-'));
    await writeResults(dir, results);
    const stored = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as Record<string, unknown>;
    expect(stored.schemaVersion).toBe(RESULTS_SCHEMA_VERSION);
    expect(stored).not.toHaveProperty('findings');
    expect(stored.findingsFile).toEqual({ path: FINDINGS_FILE, count: 3 });
    const lines = (await readFile(join(dir, FINDINGS_FILE), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as Finding).controlId)).toEqual(['1', '2', '3']);
  });

  it('writes results.json entry by entry, byte for byte what JSON.stringify gives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-results-'));
    const { findings, schemaVersion: _v, ...rest } = results;
    const summary: RunSummary = {
      ...rest,
      // Enough entries that the evidence index is written in many pieces.
      evidence: Array.from({ length: 2500 }, (_, i) => ({ ...results.evidence[0]!, id: `ev-${i}` })),
      schemaVersion: RESULTS_SCHEMA_VERSION,
      findingsFile: { path: FINDINGS_FILE, count: findings.length },
      notDeployedRules: [],
    };
    await writeResultsFile(dir, summary);
    expect(await readFile(join(dir, 'results.json'), 'utf8')).toBe(`${JSON.stringify(summary, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
  });

  it('streams the findings from disk on every pass, so each reader sees them all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-results-'));
    await writeResults(dir, results);
    const run = await openRun(dir);
    expect(Array.isArray(run.findings)).toBe(false);
    const first = await collect(run.findings);
    const second = await collect(run.findings);
    expect(first).toEqual(results.findings);
    expect(second).toEqual(first);
    expect(run.controls).toEqual(results.controls);
    expect(await loadRun(dir)).toEqual({ ...results, schemaVersion: RESULTS_SCHEMA_VERSION });
  });

  it('still reads a schema-1 results.json that held the findings inline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-results-'));
    await writeFile(join(dir, 'results.json'), JSON.stringify({ ...results, schemaVersion: 1 }));
    const run = await loadRun(dir);
    expect(run.schemaVersion).toBe(1);
    expect(run.findings).toEqual(results.findings);
  });

  it('fails loudly when findings.jsonl is missing rather than reporting no findings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-results-'));
    await writeResults(dir, results);
    await rm(join(dir, FINDINGS_FILE));
    await expect(openRun(dir)).rejects.toThrow(/findings.jsonl is missing/);
  });

  it('fails a pass over a cut-off findings.jsonl instead of reporting fewer findings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-results-'));
    await writeResults(dir, results);
    const lines = (await readFile(join(dir, FINDINGS_FILE), 'utf8')).split('\n');
    await writeFile(join(dir, FINDINGS_FILE), `${lines.slice(0, 2).join('\n')}\n`);
    await expect(loadRun(dir)).rejects.toThrow(/holds 2 finding\(s\) but results.json says 3/);
  });

  it('rejects a results.json of an unknown schema', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-results-'));
    await writeResults(dir, results);
    const stored = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'results.json'), JSON.stringify({ ...stored, schemaVersion: 3 }));
    await expect(openRun(dir)).rejects.toThrow(/expected schemaVersion 2/);
  });
});
