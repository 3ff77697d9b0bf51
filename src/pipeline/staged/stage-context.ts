// What every stage of a cluster run (plan, account, finish) is given by the worker that runs it, and the
// clients and collect context made from it — the same settings runProfile uses for a whole run.

import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { type AwsClientSettings, AwsClients } from '../../aws/aws-clients.js';
import type { BundleSigner } from '../../bundle/index.js';
import type { Catalog, Profile } from '../../catalog/index.js';
import type { CollectContext } from '../../collect/collect-context.js';
import { EvidenceWriter } from '../../collect/evidence-writer.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { RunStore } from '../../store/run-store.js';
import type { RunProgress } from '../progress.js';

export interface StageContext {
  profile: Profile;
  catalog: Catalog;
  /** Output root shared by every worker; the run's folder is `<outDir>/<profile>/.<run-id>.partial`. */
  outDir: string;
  runId: string;
  clock: Clock;
  logger: Logger;
  store: RunStore;
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  signer?: BundleSigner;
  trialKeyDir?: string;
  /** Import the sealed run's verdicts into Security Hub. */
  toSecurityHub?: boolean;
  /** Cluster-wide call slots and retry budget of this run. */
  shared?: AwsClientSettings['shared'];
  signal: AbortSignal;
  progress: (p: RunProgress) => void;
  /**
   * The worker's memo of the caller's account for the run's account and finish jobs: the first to need it asks
   * (`ask`), later ones of the run on the same worker get the same answer (a failed question is forgotten). The
   * plan job always asks afresh. Without it every stage asks STS itself.
   */
  callerAccount?: (ask: () => Promise<string>) => Promise<string>;
}

/**
 * The caller's account for this stage's clients: from the worker's memo when there is one (one
 * GetCallerIdentity per worker process rather than one per account job), else asked by the clients.
 */
export async function stageCallerAccount(s: StageContext, clients: AwsClients): Promise<string> {
  if (!s.callerAccount) return clients.callerAccountId();
  const id = await s.callerAccount(() => clients.callerAccountId());
  clients.knowCallerAccount(id);
  return id;
}

/** The run's AWS clients for this stage, made as runProfile makes them. */
export function stageClients(s: StageContext): AwsClients {
  const { profile } = s;
  return new AwsClients({
    ...(s.credentials ? { credentials: s.credentials } : {}),
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    homeRegion: profile.scope.homeRegion ?? profile.scope.regions[0]!,
    role: profile.scope.role,
    limits: profile.collection.concurrency,
    maxAttempts: profile.collection.maxAttempts,
    callTimeoutMs: profile.collection.callTimeoutMs,
    clock: s.clock,
    ...(s.shared ? { shared: s.shared } : {}),
  });
}

/** A collect context writing evidence into `dir` with ids prefixed by `idPrefix`. */
export function stageCollectContext(
  s: StageContext,
  clients: AwsClients,
  dir: string,
  idPrefix: string,
): CollectContext {
  return {
    clients,
    writer: new EvidenceWriter(dir, idPrefix),
    clock: s.clock,
    logger: s.logger,
    maxResources: s.profile.collection.maxResourcesPerFinding,
    signal: s.signal,
    profileDir: s.profile.dir,
    runDir: dir,
  };
}
