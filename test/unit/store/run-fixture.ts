// Small hand-made runs for the store tests: a profile's controls with chosen verdicts and failing resources,
// written as a run folder (results.json, manifest.json, archive) the way a finished run leaves it.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ControlResult, Finding, FrameworkResult, ResourceRef } from '../../../src/core/finding.js';
import { RESULTS_SCHEMA_VERSION, type RunResults } from '../../../src/core/run-result.js';
import { emptyCounts, isMet, type Status } from '../../../src/core/status.js';
import { writeResults } from '../../support/write-results.js';

export interface FixtureRun {
  runId: string;
  /** `framework:control` → verdict. */
  controls: Record<string, Status>;
  /** Resources failing, by `framework:control`. */
  failing?: Record<string, string[]>;
  startedAt?: string;
}

export function resource(id: string, accountId = '111111111111'): ResourceRef {
  return { accountId, region: 'us-east-1', resourceType: 'AWS::S3::Bucket', resourceId: id };
}

/** The results of a run with the given verdicts. */
export function fixtureResults(run: FixtureRun): RunResults {
  const controls: ControlResult[] = [];
  const findings: Finding[] = [];
  const byFramework = new Map<string, FrameworkResult>();
  for (const [key, status] of Object.entries(run.controls)) {
    const [frameworkId, controlId] = key.split(':') as [string, string];
    const fw = byFramework.get(frameworkId) ?? {
      frameworkId,
      name: `Framework ${frameworkId}`,
      version: '1',
      controls: 0,
      counts: emptyCounts(),
      metRatio: 0,
    };
    fw.controls += 1;
    fw.counts[status] += 1;
    byFramework.set(frameworkId, fw);
    const counts = emptyCounts();
    counts[status] = 1;
    controls.push({
      frameworkId,
      controlId,
      ref: controlId,
      title: `Control ${controlId}`,
      responsibility: 'customer',
      status,
      reason: status,
      counts,
    });
    const resources = (run.failing?.[key] ?? []).map((id) => resource(id));
    findings.push({
      frameworkId,
      controlId,
      ref: controlId,
      queryKey: `config-rule:RULE_${controlId}`,
      kind: 'config-rule',
      accountId: '111111111111',
      region: 'us-east-1',
      status,
      reason: status,
      resources,
      failingCount: resources.length,
      evidence: [],
    });
  }
  for (const fw of byFramework.values()) {
    const applicable = fw.controls - fw.counts.NOT_APPLICABLE;
    const met = Object.entries(fw.counts).reduce((n, [s, c]) => n + (isMet(s as Status) ? c : 0), 0);
    fw.metRatio = applicable ? met / applicable : 0;
  }
  const startedAt = run.startedAt ?? '2026-11-01T02:00:00.000Z';
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: {
      runId: run.runId,
      profile: { id: 'clinic', name: 'Clinic', path: 'clinic.yaml', sha256: '0'.repeat(64) },
      organization: 'Example',
      frameworks: [],
      catalogFiles: [],
      startedAt,
      finishedAt: startedAt.replace('02:00:00', '02:05:00'),
      status: 'completed',
      tool: { name: 'evidentia', version: '0.0.0' },
      scope: { accounts: ['111111111111'], regions: ['us-east-1'] },
      stats: {
        tasks: 3,
        tasksFailed: 0,
        apiCalls: 10,
        retries: 1,
        throttles: 1,
        errors: 0,
        evidenceRecords: 10,
        durationMs: 1000,
      },
    },
    frameworks: [...byFramework.values()],
    controls,
    findings,
    evidence: [],
  };
}

/** Write a finished run folder (results, findings, a manifest, the archive beside it); returns the folder. */
export async function writeRunFolder(
  outDir: string,
  results: RunResults,
  manifest = '{"m":1}\n',
): Promise<string> {
  const dir = join(outDir, 'clinic', results.run.runId);
  await mkdir(dir, { recursive: true });
  await writeResults(dir, results);
  await writeFile(join(dir, 'manifest.json'), manifest);
  await writeFile(`${dir}.tar.gz`, 'archive');
  return dir;
}
