// The one place the order of the stages lives: plan → collect → evaluate → write → (render, bundle).
// The CLI, the daemon's scheduler and the HTTP service all call runProfile.

import { setMaxListeners } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsClients } from '../aws/aws-clients.js';
import type { BundleSigner } from '../bundle/index.js';
import { type Catalog, type Profile, profileFrameworks } from '../catalog/index.js';
import { prefetchAccountAccess } from '../collect/account-access.js';
import type { CollectContext } from '../collect/collect-context.js';
import { discoverAccounts } from '../collect/discover-accounts.js';
import { EvidenceWriter } from '../collect/evidence-writer.js';
import { runTasks } from '../collect/run-tasks.js';
import type { Clock } from '../core/clock.js';
import { RunError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { currentProcess } from '../core/process-identity.js';
import type { RunMetadata, RunStatus, RunSummary } from '../core/run-result.js';
import { GLOBAL_REGION } from '../core/scope.js';
import type { S3Delivery } from '../deliver/package-store.js';
import type { SecurityHubImport } from '../deliver/securityhub/import-run-findings.js';
import { planRun } from '../plan/plan-run.js';
import type { RunStore } from '../store/run-store.js';
import { writeCredentialEvidence } from './credential-evidence.js';
import { PLAN_FILE, writePlanFile } from './plan-file.js';
import type { RunProgress } from './progress.js';
import { RunEvaluation } from './run-evaluation.js';
import { newRunId } from './run-id.js';
import { runMetadata } from './run-metadata.js';
import { sealRun, summarizeRun } from './seal-run.js';

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
  /** After sealing, import reports/findings.asff.json into Security Hub (`--to-security-hub`). */
  toSecurityHub?: boolean;
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
  /** The Security Hub import (`toSecurityHub`): reported beside the run, never part of its status. */
  securityHub?: SecurityHubImport;
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
  const meta = runMetadata(profile, catalog, frameworks, runId, startedAt);

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
    // The organisation's account list is asked beside the caller's identity (it only labels the evidence), and
    // the roles of the first accounts it names are assumed as their page arrives, not after the whole listing
    // (an account a later page shows out of scope may then have had its role asked for: the call is recorded).
    let prefetching = collectConcurrency(profile);
    const discovered = discoverAccounts(profile.scope, identity, ctx, async (page) => {
      // Roles are assumed with the caller's credentials, once the caller is known (an explicit account list
      // is handed on before that).
      await identity;
      const first = page.slice(0, prefetching);
      prefetching -= first.length;
      prefetchAccountAccess(first, first.length, ctx);
    });
    discovered.catch(() => {}); // awaited below, after the identity (whose failure is the one to report)
    const callerAccountId = await identity;
    meta.scope.callerAccountId = callerAccountId;
    const { accounts, outOfScope } = await discovered;
    meta.scope.accounts = accounts;
    meta.scope.outOfScope = outOfScope;
    if (accounts.length === 0) throw new RunError('NO_ACCOUNTS', 'No account is in scope for this profile');

    // The plan is the largest thing a run holds: it lives only inside planAndCollect, not through rendering.
    const { tasks, done, evaluation } = await planAndCollect({
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
    await evaluation.close();
    clients.endCollection();

    const results = summarizeRun({
      meta,
      calls: clients.metrics,
      evidence: [...writer.index()],
      rollup: evaluation.rollup,
      findings: evaluation.count,
      notDeployed: evaluation.notDeployed,
      finishedAt: clock.now(),
      durationMs: performance.now() - t0,
    });
    const sealed = await sealRun({
      runId,
      workDir,
      finalDir,
      results,
      profile,
      catalog,
      clients,
      clock,
      logger,
      ...(opts.store ? { store: opts.store } : {}),
      ...(opts.signer ? { signer: opts.signer } : {}),
      ...(opts.trialKeyDir ? { trialKeyDir: opts.trialKeyDir } : {}),
      ...(opts.toSecurityHub ? { toSecurityHub: true } : {}),
      signal: controller.signal,
      tasks: { done, total: tasks },
      progress,
    });
    const { delivery, securityHub } = sealed;
    return {
      runId,
      dir: finalDir,
      archive: sealed.archive,
      status: 'completed',
      results,
      ...(delivery ? { delivery } : {}),
      ...(securityHub ? { securityHub } : {}),
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

/** Tasks run at once: twice the global call concurrency. */
function collectConcurrency(profile: Profile): number {
  return Math.max(8, profile.collection.concurrency.global * 2);
}

/** Plan the run (plan.json), run every task, evaluate and append findings as each task ends. */
async function planAndCollect(a: CollectArgs): Promise<{
  tasks: number;
  done: number;
  evaluation: RunEvaluation;
}> {
  const { profile, frameworks, catalog, meta, ctx } = a;
  const concurrency = collectConcurrency(profile);
  // Roles are assumed while the plan is made and written, not after.
  prefetchAccountAccess(a.accounts, concurrency, ctx);
  const plan = planRun({
    profile,
    frameworks,
    catalog,
    accounts: a.accounts,
    callerAccountId: a.callerAccountId,
  });
  await writePlanFile(join(ctx.runDir, PLAN_FILE), plan);
  const tasks = plan.tasks.length;
  meta.stats.tasks = tasks;
  ctx.logger.info(
    { runId: meta.runId, profile: profile.id, accounts: a.accounts.length, tasks },
    'collecting',
  );
  const evaluation = await RunEvaluation.open(ctx.runDir, profile, frameworks, catalog, ctx.clock);
  let done = 0;
  a.progress({ phase: 'collect', tasksDone: 0, tasksTotal: tasks });
  await runTasks(plan.tasks, ctx, {
    concurrency,
    onTaskDone: async (task, records) => {
      if (records.some((r) => r.error)) meta.stats.tasksFailed += 1;
      await evaluation.add(task, records);
      done += 1;
      a.progress({ phase: 'collect', tasksDone: done, tasksTotal: tasks, current: task.id });
    },
  });
  return { tasks, done, evaluation };
}
