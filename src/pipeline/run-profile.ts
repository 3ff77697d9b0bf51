// The one place the order of the stages lives: plan → collect → evaluate → write → (render, bundle).
// The CLI, the daemon's scheduler and the HTTP service all call runProfile.

import { setMaxListeners } from 'node:events';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsClients } from '../aws/aws-clients.js';
import type { BundleSigner } from '../bundle/index.js';
import { notApplicableControls } from '../catalog/applicability.js';
import { type Catalog, type Profile, profileFrameworks } from '../catalog/index.js';
import { prefetchAccountAccess } from '../collect/account-access.js';
import type { CollectContext } from '../collect/collect-context.js';
import { discoverAccounts } from '../collect/discover-accounts.js';
import { EvidenceWriter } from '../collect/evidence-writer.js';
import { runTasks } from '../collect/run-tasks.js';
import { sha256Hex } from '../core/canonical-json.js';
import type { Clock } from '../core/clock.js';
import { RunError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { currentProcess } from '../core/process-identity.js';
import {
  FINDINGS_FILE,
  RESULTS_SCHEMA_VERSION,
  type RunMetadata,
  type RunStatus,
  type RunSummary,
} from '../core/run-result.js';
import { GLOBAL_REGION } from '../core/scope.js';
import { toolVersion } from '../core/version.js';
import { deliverPackage } from '../deliver/deliver-package.js';
import type { S3Delivery } from '../deliver/package-store.js';
import {
  accountReach,
  applicabilityFindings,
  buildFindingIndex,
  evaluateTask,
  Rollup,
  toFindings,
} from '../evaluate/index.js';
import { planRun } from '../plan/plan-run.js';
import { FindingsFile } from '../store/findings-file.js';
import { withFindings, writeResultsFile } from '../store/results-file.js';
import { digestResults } from '../store/run-digest.js';
import type { RunStore } from '../store/run-store.js';
import { writeCredentialEvidence } from './credential-evidence.js';
import { finalizeRun } from './finalize-run.js';
import { FINISH_STEPS, type RunProgress } from './progress.js';
import { newRunId } from './run-id.js';

export interface RunProfileOptions {
  profile: Profile;
  catalog: Catalog;
  /** Output root; the run lands in `<outDir>/<profile id>/<run id>/`. */
  outDir: string;
  clock: Clock;
  logger: Logger;
  /** One endpoint for every AWS service (the emulator). */
  endpoint?: string;
  /** Caller credentials; default: the SDK's default chain. */
  credentials?: AwsCredentialIdentityProvider;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  runId?: string;
  /** Where runs are recorded (history, daemon); optional for one-off CLI runs. */
  store?: RunStore;
  /** Settings for tests and benchmarks. */
  credentialRefreshWindowMs?: number;
  retryBudget?: number;
  /** Who signs the bundle; default: the profile's `signing` block, else the trial key in `trialKeyDir`. */
  signer?: BundleSigner;
  /** Folder of the trial key (`<state>/keys`); default `.evidentia/keys` under the working directory. */
  trialKeyDir?: string;
}

export interface RunOutcome {
  runId: string;
  /** Final folder (only exists when the run completed). */
  dir: string;
  /** The signed bundle archive (completed runs). */
  archive?: string;
  status: RunStatus;
  results?: RunSummary;
  error?: Error;
  /** Where the package was delivered (profiles with `delivery:`). */
  delivery?: S3Delivery;
}

/** Run one profile end to end. Resolves with the outcome; throws only for bad input (InputError). */
export async function runProfile(opts: RunProfileOptions): Promise<RunOutcome> {
  const { profile, catalog, clock, logger } = opts;
  const startedAt = clock.now();
  const t0 = performance.now();
  const runId = opts.runId ?? newRunId(startedAt);
  const profileDir = join(opts.outDir, profile.id);
  const finalDir = join(profileDir, runId);
  const workDir = join(profileDir, `.${runId}.partial`);
  const controller = new AbortController();
  // Every in-flight SDK call listens on the run's signal; thousands of them are expected, not a leak.
  setMaxListeners(0, controller.signal);
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const progress = (p: RunProgress) => opts.onProgress?.(p);
  const frameworks = profileFrameworks(profile, catalog);
  const homeRegion = profile.scope.homeRegion ?? profile.scope.regions[0]!;

  await mkdir(workDir, { recursive: true });
  const clients = new AwsClients({
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    homeRegion,
    role: profile.scope.role,
    limits: profile.collection.concurrency,
    maxAttempts: profile.collection.maxAttempts,
    callTimeoutMs: profile.collection.callTimeoutMs,
    clock,
    ...(opts.credentialRefreshWindowMs !== undefined
      ? { credentialRefreshWindowMs: opts.credentialRefreshWindowMs }
      : {}),
    ...(opts.retryBudget !== undefined ? { retryBudget: opts.retryBudget } : {}),
  });
  const writer = new EvidenceWriter(workDir);
  const ctx: CollectContext = {
    clients,
    writer,
    clock,
    logger,
    maxResources: profile.collection.maxResourcesPerFinding,
    signal: controller.signal,
    profileDir: profile.dir,
    runDir: workDir,
  };
  const meta: RunMetadata = {
    runId,
    profile: { id: profile.id, name: profile.name, path: profile.source.path, sha256: profile.source.sha256 },
    organization: profile.organization.name,
    frameworks: frameworks.map((f) => ({
      id: f.id,
      name: f.name,
      version: f.version,
      path: f.source.path,
      sha256: f.source.sha256,
    })),
    catalogFiles: catalog.sources.filter((s) => !frameworks.some((f) => f.source.path === s.path)),
    startedAt: startedAt.toISOString(),
    status: 'running',
    tool: { name: 'evidentia', version: toolVersion() },
    scope: { accounts: [], regions: [...profile.scope.regions] },
    stats: {
      tasks: 0,
      tasksFailed: 0,
      apiCalls: 0,
      retries: 0,
      throttles: 0,
      errors: 0,
      evidenceRecords: 0,
      durationMs: 0,
    },
  };
  if (profile.scope.aggregator) meta.scope.aggregator = profile.scope.aggregator.name;

  await opts.store?.start({
    runId,
    profileId: profile.id,
    profileName: profile.name,
    startedAt: meta.startedAt,
    // Who runs it and where its temporary folder is, so a later process can clean up if this one is killed.
    owner: currentProcess(),
    workDir,
  });
  try {
    progress({ phase: 'discover', tasksDone: 0, tasksTotal: 0 });
    const identity = clients.callerAccountId().catch((err: unknown) => {
      throw new RunError(
        'AWS_CREDENTIALS',
        `Cannot identify the caller (sts:GetCallerIdentity): ${err instanceof Error ? err.message : String(err)}`,
        {
          cause: err,
        },
      );
    });
    // The organisation's account list is asked beside the caller's identity (it only labels the evidence).
    const discovered = discoverAccounts(profile.scope, identity, ctx);
    discovered.catch(() => {}); // awaited below, after the identity (whose failure is the one to report)
    const callerAccountId = await identity;
    meta.scope.callerAccountId = callerAccountId;
    const { accounts, outOfScope } = await discovered;
    meta.scope.accounts = accounts;
    meta.scope.outOfScope = outOfScope;
    if (accounts.length === 0) throw new RunError('NO_ACCOUNTS', 'No account is in scope for this profile');

    // The plan is the largest thing a run holds: it lives only inside planAndCollect, not through rendering.
    const { tasks, done, findings, rollup } = await planAndCollect({
      profile,
      frameworks,
      catalog,
      accounts,
      callerAccountId,
      meta,
      ctx,
      progress,
    });
    if (controller.signal.aborted)
      throw new RunError('ABORTED', `Run aborted: ${String(controller.signal.reason ?? 'cancelled')}`);
    await writeCredentialEvidence(clients.credentials().outcomes, writer, GLOBAL_REGION);
    await findings.close();

    progress({ phase: 'write', tasksDone: done, tasksTotal: tasks, step: { done: 0, total: 1 } });
    const results = finish(meta, clients, writer, rollup, findings.count, clock, performance.now() - t0);
    await writeResultsFile(workDir, results);
    progress({ phase: 'write', tasksDone: done, tasksTotal: tasks, step: { done: 1, total: 1 } });
    // The summary in memory, the findings streamed from disk: nothing is read back whole.
    const run = withFindings(results, workDir);
    // One pass over the findings gives the store both the history's comparison and what it keeps.
    const digest = opts.store ? await digestResults(run) : undefined;
    const history = digest ? await opts.store?.history(profile.id, run, digest) : undefined;
    // Renders, signs, seals and archives the run, then moves the folder and the archive into place.
    const sealed = await finalizeRun({
      workDir,
      finalDir,
      results: run,
      catalog,
      profile,
      clients,
      clock,
      logger,
      ...(history ? { history } : {}),
      ...(opts.signer ? { signer: opts.signer } : {}),
      ...(opts.trialKeyDir ? { trialKeyDir: opts.trialKeyDir } : {}),
      onStep: (phase, n) =>
        progress({
          phase,
          tasksDone: done,
          tasksTotal: tasks,
          step: { done: n, total: FINISH_STEPS[phase] },
        }),
    });
    // Profiles with `delivery:` also get the sealed package in S3, verified there (src/deliver/); a failed
    // delivery fails the run, and the local package stays for a retry.
    const delivery = await deliverPackage({
      profile,
      archive: sealed.archive,
      runId,
      clients,
      clock,
      logger,
    });
    await opts.store?.finish(runId, {
      status: 'completed',
      finishedAt: results.run.finishedAt ?? clock.now().toISOString(),
      dir: finalDir,
      archive: sealed.archive,
      manifestSha256: sha256Hex(await readFile(join(finalDir, 'manifest.json'))),
      frameworks: results.frameworks,
      stats: results.run.stats,
      ...(digest ? { digest } : {}),
    });
    progress({ phase: 'done', tasksDone: done, tasksTotal: tasks });
    logger.info({ runId, dir: finalDir, stats: results.run.stats }, 'run completed');
    return {
      runId,
      dir: finalDir,
      archive: sealed.archive,
      status: 'completed',
      results,
      ...(delivery ? { delivery } : {}),
    };
  } catch (err) {
    const aborted = controller.signal.aborted;
    const status: RunStatus = aborted ? 'aborted' : 'failed';
    logger.error(
      { runId, err: err instanceof Error ? err.message : String(err) },
      aborted ? 'run aborted' : 'run failed',
    );
    // Nothing that looks like a finished run is left behind: the partial folder is removed.
    await rm(workDir, { recursive: true, force: true });
    const error = err instanceof Error ? err : new Error(String(err));
    await opts.store
      ?.finish(runId, { status, finishedAt: clock.now().toISOString(), error: error.message })
      .catch((storeErr: unknown) => {
        logger.error({ runId, err: String(storeErr) }, 'could not record the run in the store');
      });
    return { runId, dir: finalDir, status, error };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    clients.destroy();
  }
}

interface CollectArgs {
  profile: Profile;
  frameworks: ReturnType<typeof profileFrameworks>;
  catalog: Catalog;
  accounts: string[];
  callerAccountId: string;
  meta: RunMetadata;
  ctx: CollectContext;
  progress: (p: RunProgress) => void;
}

/** Plan the run (plan.json), run every task, evaluate and append findings as each task ends. */
async function planAndCollect(a: CollectArgs): Promise<{
  tasks: number;
  done: number;
  findings: FindingsFile;
  rollup: Rollup;
}> {
  const { profile, frameworks, catalog, meta, ctx } = a;
  const concurrency = Math.max(8, profile.collection.concurrency.global * 2);
  // Roles are assumed while the plan is made and written, not after.
  prefetchAccountAccess(a.accounts, concurrency, ctx);
  const plan = planRun({
    profile,
    frameworks,
    catalog,
    accounts: a.accounts,
    callerAccountId: a.callerAccountId,
  });
  await writeFile(join(ctx.runDir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
  const tasks = plan.tasks.length;
  meta.stats.tasks = tasks;
  ctx.logger.info(
    { runId: meta.runId, profile: profile.id, accounts: a.accounts.length, tasks },
    'collecting',
  );

  const findings = new FindingsFile(join(ctx.runDir, FINDINGS_FILE));
  // Controls that do not apply get their one NOT_APPLICABLE finding first; their evidence is not joined to them.
  const notApplicable = notApplicableControls(profile, frameworks);
  const rollup = new Rollup(frameworks, notApplicable);
  const index = buildFindingIndex(frameworks, catalog, notApplicable);
  const excluded = applicabilityFindings(frameworks, notApplicable);
  for (const f of excluded) rollup.add(f);
  await findings.append(excluded);
  const evalCtx = { clock: ctx.clock, catalog, maxResources: profile.collection.maxResourcesPerFinding };
  let done = 0;
  // One append at a time: tasks that end together would otherwise all wait on the stream's 'drain'.
  let appending: Promise<void> = Promise.resolve();
  a.progress({ phase: 'collect', tasksDone: 0, tasksTotal: tasks });
  await runTasks(plan.tasks, ctx, {
    concurrency,
    onTaskDone: async (task, records) => {
      if (records.some((r) => r.error)) meta.stats.tasksFailed += 1;
      const verdicts = evaluateTask(task, records, evalCtx);
      const made = verdicts.flatMap((v) => toFindings(v, index));
      for (const f of made) rollup.add(f);
      appending = appending.then(() => findings.append(made));
      await appending;
      done += 1;
      a.progress({ phase: 'collect', tasksDone: done, tasksTotal: tasks, current: task.id });
    },
  });
  return { tasks, done, findings, rollup };
}

function finish(
  meta: RunMetadata,
  clients: AwsClients,
  writer: EvidenceWriter,
  rollup: Rollup,
  findings: number,
  clock: Clock,
  durationMs: number,
): RunSummary {
  const finishedAt = clock.now();
  const m = clients.metrics;
  const evidence = [...writer.index()];
  const { unreadable } = accountReach(meta.scope.accounts, evidence);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: {
      ...meta,
      scope: { ...meta.scope, unreadable },
      finishedAt: finishedAt.toISOString(),
      status: 'completed',
      stats: {
        ...meta.stats,
        apiCalls: m.calls,
        retries: m.retries,
        throttles: m.throttles,
        errors: m.errors,
        evidenceRecords: writer.index().length,
        durationMs: Math.round(durationMs),
      },
    },
    frameworks: rollup.frameworkResults(),
    controls: rollup.controls(),
    evidence,
    findingsFile: { path: FINDINGS_FILE, count: findings },
  };
}
