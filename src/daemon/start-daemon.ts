// The daemon, composed: run store, run manager, scheduler, HTTP service, notifications, retention and
// metrics, started in that order; `stop()` takes no new work, lets running collections finish within the
// grace period (then aborts them), flushes notifications and closes everything.

import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { FastifyInstance } from 'fastify';
import { openBundle, type ParsedCertificate, readTrustAnchors } from '../bundle/index.js';
import { trialKeyDirOf } from '../bundle/signers/trial-signer.js';
import { RedisCoordinator } from '../cluster/redis-coordinator.js';
import type { Clock } from '../core/clock.js';
import { InputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { recoverAbandonedRuns } from '../pipeline/recover-runs.js';
import { runProfile } from '../pipeline/run-profile.js';
import { BullMqQueue } from '../queue/bullmq-queue.js';
import { ClusterWorker } from '../queue/bullmq-worker.js';
import { InProcessQueue } from '../queue/in-process-queue.js';
import type { WorkQueue } from '../queue/work-queue.js';
import { openRunStore } from '../store/open-run-store.js';
import type { RunStore } from '../store/run-store.js';
import { redactUrl } from '../store/store-url.js';
import type { DaemonSettings } from './config/daemon-settings.js';
import { createService } from './http/create-service.js';
import { createHealthService } from './http/health-service.js';
import { TokenRateLimit } from './http/rate-limit.js';
import { RunVerifier } from './http/run-verifier.js';
import type { Readiness } from './http/service-deps.js';
import { TokenAuth } from './http/token-auth.js';
import { DaemonMetrics } from './metrics.js';
import { Notifier } from './notify/notifier.js';
import type { SendWebhookOptions } from './notify/send-webhook.js';
import { applyRetention } from './retention.js';
import { type RunFunction, RunManager } from './run-manager.js';
import { type CronApi, Scheduler } from './scheduler.js';

export interface StartDaemonOptions {
  settings: DaemonSettings;
  clock: Clock;
  logger: Logger;
  /** Caller credentials for AWS; default: the SDK's default chain. */
  credentials?: AwsCredentialIdentityProvider;
  /** The pipeline; default runProfile (tests may pass another). */
  run?: RunFunction;
  /** Default node-cron. */
  cron?: CronApi;
  /** Default: the configured store (`settings.store`), else SQLite at `<state>/evidentia.db`. */
  store?: RunStore;
  webhook?: SendWebhookOptions;
}

export interface RunningDaemon {
  /** `http://host:port` of the service, when enabled. */
  url?: string;
  manager: RunManager;
  scheduler: Scheduler;
  store: RunStore;
  metrics: DaemonMetrics;
  /** Shut down; resolves with the ids of the runs that had to be aborted. */
  stop(opts?: { graceMs?: number }): Promise<string[]>;
  /** Abort every running run at once (a second signal). */
  abortNow(): void;
}

/** Start the daemon with resolved settings. */
export async function startDaemon(opts: StartDaemonOptions): Promise<RunningDaemon> {
  const { settings, clock, logger } = opts;
  const role = settings.role ?? 'all';
  const queueSettings = settings.cluster?.queue;
  if (role !== 'all' && !queueSettings) {
    throw InputError.forFile('--role', `'${role}' needs cluster.queue in ${settings.source}`);
  }
  const web = role !== 'worker';
  const store = opts.store ?? (await openRunStore(settings.store, settings.stateDir));
  // Replicas sharing Redis: one run per profile cluster-wide, one replica per scheduled firing.
  let lock: RedisCoordinator | undefined;
  // The work queue: runs in this process, or BullMQ flows on the cluster's Redis (src/queue/).
  let queue: WorkQueue = new InProcessQueue(opts.run ?? runProfile);
  let worker: ClusterWorker | undefined;
  const closeServers = async () => {
    await worker?.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    await lock?.close().catch(() => undefined);
    await store.close();
  };
  try {
    if (settings.cluster) {
      const url = settings.cluster.redis.url;
      if (web) {
        lock = new RedisCoordinator({ url, logger });
        await lock.connect();
      }
      if (queueSettings && web) {
        const bull = new BullMqQueue({ url, logger });
        queue = bull;
        await bull.connect();
      }
      if (queueSettings && role !== 'web') {
        worker = new ClusterWorker({
          url,
          settings: queueSettings,
          profiles: settings.profiles.map((p) => p.profile),
          catalog: settings.catalog,
          outDir: settings.outDir,
          store,
          clock,
          logger,
          trialKeyDir: trialKeyDirOf(settings.stateDir),
          toSecurityHub: new Set(settings.profiles.filter((p) => p.toSecurityHub).map((p) => p.profile.id)),
          ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
          ...(opts.credentials ? { credentials: opts.credentials } : {}),
        });
        await worker.start();
      }
    }
  } catch (err) {
    await closeServers();
    throw err;
  }
  // Runs of processes that died (a killed daemon or CLI) become aborted and lose their temporary files; a run
  // of a live process (a CLI run on the same state folder) is left alone. A worker records no run's process:
  // the replica that asked for a run is its owner (src/queue/bullmq-queue.ts), and a run the work queue still
  // carries is left to its workers even when that replica died.
  if (web) {
    const bull = queue instanceof BullMqQueue ? queue : undefined;
    await recoverAbandonedRuns({
      store,
      clock,
      logger,
      ...(bull ? { stillQueued: (runId: string) => bull.carries(runId) } : {}),
    });
  }

  const metrics = new DaemonMetrics();
  const notifier = new Notifier({
    catalog: settings.catalog,
    store,
    clock,
    logger,
    ...(settings.notify.webhook ? { defaultWebhook: settings.notify.webhook } : {}),
    expiringWithinDays: settings.notify.expiringWithinDays,
    ...(settings.http.publicUrl ? { publicUrl: settings.http.publicUrl } : {}),
    send: { attempts: settings.notify.attempts, ...opts.webhook },
    onResult: (r) => metrics.webhooks.inc({ result: r.ok ? 'delivered' : 'failed' }),
  });
  const manager = new RunManager({
    profiles: settings.profiles.map((p) => p.profile),
    catalog: settings.catalog,
    outDir: settings.outDir,
    store,
    clock,
    logger,
    run: queue.run,
    ...(lock ? { lock } : {}),
    trialKeyDir: trialKeyDirOf(settings.stateDir),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    toSecurityHub: new Set(settings.profiles.filter((p) => p.toSecurityHub).map((p) => p.profile.id)),
    hooks: [
      async ({ run, outcome, durationMs }) => {
        metrics.runFinished(run.profileId, outcome.status, durationMs, outcome.results?.run.stats);
        logger.info(
          { runId: run.runId, profile: run.profileId, status: outcome.status, durationMs },
          'run ended',
        );
        // The run stands whatever the import did; a failed import is said, loudly, beside it.
        const imported = outcome.securityHub;
        if (imported && (imported.error || imported.failed.length)) {
          logger.error(
            {
              runId: run.runId,
              profile: run.profileId,
              accountId: imported.accountId,
              region: imported.region,
              imported: imported.imported,
              failed: imported.failed.slice(0, 20),
              ...(imported.error ? { error: imported.error } : {}),
            },
            'Security Hub import incomplete',
          );
        }
      },
      async ({ run, outcome }) => {
        if (outcome.status !== 'completed') return;
        await applyRetention({
          profileId: run.profileId,
          policy: settings.retention,
          store,
          outDir: settings.outDir,
          now: clock.now(),
          logger,
        });
      },
      async (settled) => notifier.notify(settled),
    ],
  });
  const scheduler = new Scheduler(
    settings.profiles.flatMap((p) => (p.schedule ? [{ profileId: p.profile.id, schedule: p.schedule }] : [])),
    {
      manager,
      logger,
      ...(opts.cron ? { cron: opts.cron } : {}),
      ...(lock ? { lock } : {}),
      onTick: (profileId, outcome) => metrics.scheduleTicks.inc({ profile: profileId, outcome }),
    },
  );
  // Schedules are the web role's: a worker only takes the jobs they make.
  if (web) scheduler.start();

  let stopping = false;
  const readiness = async (): Promise<Readiness> => {
    const checks: Record<string, string> = {};
    checks.store = await store.ping().then(
      () => 'ok',
      (err: unknown) => `unreachable: ${err instanceof Error ? err.message : String(err)}`,
    );
    const cluster = lock ?? worker;
    if (cluster) {
      checks.cluster = await cluster.ping().then(
        () => 'ok',
        (err: unknown) => `unreachable: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (web) checks.schedules = scheduler.loaded ? 'ok' : 'not loaded';
    checks.accepting = stopping ? 'shutting down' : 'ok';
    return { ready: Object.values(checks).every((v) => v === 'ok'), checks };
  };

  let app: FastifyInstance | undefined;
  let url: string | undefined;
  if (settings.http.enabled) {
    // A worker serves its health only; the API and the page are the web role's.
    app = !web
      ? createHealthService(readiness)
      : createService({
          manager,
          store,
          nextRun: (id) => scheduler.nextRun(id),
          readiness,
          metrics,
          auth: new TokenAuth(settings.http.tokens),
          outDir: settings.outDir,
          clock,
          logger,
          bodyLimitBytes: settings.http.bodyLimitBytes,
          verifier: new RunVerifier({
            verify: (archive, trust) => openBundle(archive, { trust, now: clock.now() }),
            anchors: () => trustAnchors(settings.trust ?? []),
          }),
          expensive: new TokenRateLimit(settings.http.expensivePerMinute ?? 30, clock),
        });
    try {
      await app.listen({ host: settings.http.host, port: settings.http.port });
    } catch (err) {
      await scheduler.stop();
      await closeServers();
      throw err;
    }
    const address = app.server.address();
    if (address && typeof address === 'object') {
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      url = `http://${host}:${address.port}`;
    }
  }
  logger.info(
    {
      url,
      role,
      queue: queue.kind,
      profiles: settings.profiles.map((p) => p.profile.id),
      scheduled: settings.profiles.filter((p) => p.schedule).length,
      out: settings.outDir,
      // Which servers, never their passwords.
      store: settings.store?.kind === 'postgres' ? redactUrl(settings.store.url) : 'sqlite',
      ...(settings.cluster ? { cluster: redactUrl(settings.cluster.redis.url) } : {}),
    },
    'daemon started',
  );

  let stopped: Promise<string[]> | undefined;
  return {
    ...(url ? { url } : {}),
    manager,
    scheduler,
    store,
    metrics,
    abortNow: () => manager.abortAll('the daemon was told to stop at once'),
    stop: (o = {}) => {
      stopped ??= (async () => {
        stopping = true;
        await scheduler.stop();
        const graceMs = o.graceMs ?? settings.graceMs;
        // A worker stops taking jobs; those in hand get the grace period, then the stalled check hands them on.
        const [aborted] = await Promise.all([manager.drain(graceMs), worker?.close(graceMs)]);
        await notifier.flush(5_000);
        await app?.close();
        await closeServers();
        logger.info({ aborted }, 'daemon stopped');
        return aborted;
      })();
      return stopped;
    },
  };
}

/**
 * The verify route's trust anchors, read afresh (small files; the demo's trial key appears with the first
 * run). A file gone since the configuration was checked leaves fewer anchors: never more trust.
 */
async function trustAnchors(paths: readonly string[]): Promise<ParsedCertificate[]> {
  const out: ParsedCertificate[] = [];
  for (const path of paths) out.push(...(await readTrustAnchors([path]).catch(() => [])));
  return out;
}
