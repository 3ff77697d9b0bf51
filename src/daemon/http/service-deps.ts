// What the HTTP service's routes reach: the run manager, the store, the scheduler, metrics, auth, paths.

import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { RunStore } from '../../store/run-store.js';
import type { DaemonMetrics } from '../metrics.js';
import type { RunManager } from '../run-manager.js';
import type { TokenRateLimit } from './rate-limit.js';
import type { RunVerifier } from './run-verifier.js';
import type { TokenAuth } from './token-auth.js';

export interface Readiness {
  ready: boolean;
  checks: Record<string, 'ok' | string>;
}

export interface ServiceDeps {
  manager: RunManager;
  store: RunStore;
  /** When each profile runs next (null: on demand only). */
  nextRun: (profileId: string) => Date | null;
  readiness: () => Promise<Readiness>;
  metrics: DaemonMetrics;
  auth: TokenAuth;
  outDir: string;
  clock: Clock;
  logger: Logger;
  bodyLimitBytes: number;
  /** Cached, bounded verification of run archives. */
  verifier: RunVerifier;
  /** Per-token limit on expensive routes (verify, bundle download). */
  expensive: TokenRateLimit;
}
