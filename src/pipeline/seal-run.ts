// The end of every run, in one process or across a cluster: the summary, results.json, the history
// comparison, render → sign → archive (finalize-run.ts), delivery, and the store's record of completion.

import type { AwsClients } from '../aws/aws-clients.js';
import type { BundleSigner } from '../bundle/index.js';
import type { Catalog, Profile } from '../catalog/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import {
  type EvidenceIndexEntry,
  FINDINGS_FILE,
  RESULTS_SCHEMA_VERSION,
  type RunMetadata,
  type RunSummary,
} from '../core/run-result.js';
import type { S3Delivery } from '../deliver/package-store.js';
import type { SecurityHubImport } from '../deliver/securityhub/import-run-findings.js';
import { accountReach, type Rollup } from '../evaluate/index.js';
import { withFindings, writeResultsFile } from '../store/results-file.js';
import { digestResults, type RunDigest, RunDigestBuilder } from '../store/run-digest.js';
import type { RunStore } from '../store/run-store.js';
import { finalizeRun } from './finalize-run.js';
import { FINISH_STEPS, type RunProgress } from './progress.js';

/** The API calls a run made, wherever they were made. */
export interface CallCounts {
  calls: number;
  retries: number;
  throttles: number;
  errors: number;
}

/** results.json's summary of a collected and evaluated run. */
export function summarizeRun(a: {
  meta: RunMetadata;
  calls: CallCounts;
  evidence: EvidenceIndexEntry[];
  rollup: Rollup;
  findings: number;
  /** Managed rules decisive evidence found not deployed. */
  notDeployed: ReadonlySet<string>;
  finishedAt: Date;
  durationMs: number;
}): RunSummary {
  const { meta, calls } = a;
  const { unreadable } = accountReach(meta.scope.accounts, a.evidence);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: {
      ...meta,
      scope: { ...meta.scope, unreadable },
      finishedAt: a.finishedAt.toISOString(),
      status: 'completed',
      stats: {
        ...meta.stats,
        apiCalls: calls.calls,
        retries: calls.retries,
        throttles: calls.throttles,
        errors: calls.errors,
        evidenceRecords: a.evidence.length,
        durationMs: Math.round(a.durationMs),
      },
    },
    frameworks: a.rollup.frameworkResults(),
    controls: a.rollup.controls(),
    evidence: a.evidence,
    findingsFile: { path: FINDINGS_FILE, count: a.findings },
    notDeployedRules: [...a.notDeployed].sort(),
  };
}

export interface SealRunOptions {
  runId: string;
  workDir: string;
  finalDir: string;
  results: RunSummary;
  profile: Profile;
  catalog: Catalog;
  clients: AwsClients;
  clock: Clock;
  logger: Logger;
  store?: RunStore;
  signer?: BundleSigner;
  trialKeyDir?: string;
  /** Import the run's control verdicts into Security Hub once the package is sealed (`--to-security-hub`). */
  toSecurityHub?: boolean;
  signal?: AbortSignal;
  /** Tasks done and planned, repeated in every progress report. */
  tasks: { done: number; total: number };
  progress: (p: RunProgress) => void;
}

/** Write, render, sign, archive, deliver and record a run whose findings are in `workDir`. */
export async function sealRun(
  o: SealRunOptions,
): Promise<{ archive: string; delivery?: S3Delivery; securityHub?: SecurityHubImport }> {
  const { runId, workDir, finalDir, results, profile, store } = o;
  const at = { tasksDone: o.tasks.done, tasksTotal: o.tasks.total };
  o.progress({ phase: 'write', ...at, step: { done: 0, total: 1 } });
  await writeResultsFile(workDir, results);
  o.progress({ phase: 'write', ...at, step: { done: 1, total: 1 } });
  // The summary in memory, the findings streamed from disk: nothing is read back whole.
  const run = withFindings(results, workDir);
  // The run history's digest (what the store keeps, and what the report's history compares) is gathered
  // by the render stage's one pass over the findings; the history is asked for once that pass is over. A
  // digest is never taken from a pass that did not see every finding: then the findings are read for it.
  const digester = store ? new RunDigestBuilder() : undefined;
  let digest: RunDigest | undefined;
  const digestOnce = async (): Promise<RunDigest | undefined> => {
    if (!digester || digest) return digest;
    digest =
      digester.count === results.findingsFile.count
        ? digester.digest(results.controls)
        : await digestResults(run);
    return digest;
  };
  // Renders, signs, seals and archives the run, then moves the folder and the archive into place.
  const sealed = await finalizeRun({
    workDir,
    finalDir,
    results: run,
    catalog: o.catalog,
    profile,
    clients: o.clients,
    clock: o.clock,
    logger: o.logger,
    ...(store && digester
      ? {
          feed: [digester],
          historyAfterPass: async () => {
            const d = await digestOnce();
            return d ? store.history(profile.id, run, d) : undefined;
          },
        }
      : {}),
    ...(o.signer ? { signer: o.signer } : {}),
    ...(o.trialKeyDir ? { trialKeyDir: o.trialKeyDir } : {}),
    onStep: (phase, n) => o.progress({ phase, ...at, step: { done: n, total: FINISH_STEPS[phase] } }),
  });
  // Profiles with `delivery:` also get the sealed package in S3, verified there (src/deliver/); a failed
  // delivery fails the run, and the local package stays for a retry. Delivery's modules (the S3 client and
  // its multipart upload) are loaded only by a run that delivers.
  const delivery = profile.delivery
    ? await (await import('../deliver/deliver-package.js')).deliverPackage({
        profile,
        archive: sealed.archive,
        runId,
        clients: o.clients,
        clock: o.clock,
        logger: o.logger,
      })
    : undefined;
  // The verdicts back into Security Hub (optional): the sealed file as signed; a failed import is reported
  // beside the run and does not undo it.
  const securityHub = o.toSecurityHub
    ? await (await import('../deliver/securityhub/import-run-findings.js')).importRunFindings({
        dir: finalDir,
        profile,
        run: results.run,
        clients: o.clients,
        logger: o.logger,
        ...(o.signal ? { signal: o.signal } : {}),
      })
    : undefined;
  await digestOnce();
  await store?.finish(runId, {
    status: 'completed',
    finishedAt: results.run.finishedAt ?? o.clock.now().toISOString(),
    dir: finalDir,
    archive: sealed.archive,
    manifestSha256: sealed.manifestSha256,
    frameworks: results.frameworks,
    stats: results.run.stats,
    ...(digest ? { digest } : {}),
  });
  o.progress({ phase: 'done', ...at });
  o.logger.info({ runId, dir: finalDir, stats: results.run.stats }, 'run completed');
  return {
    archive: sealed.archive,
    ...(delivery ? { delivery } : {}),
    ...(securityHub ? { securityHub } : {}),
  };
}
