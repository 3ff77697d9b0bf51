// A cluster run's stage context (src/pipeline/staged/stage-context.ts) against the emulator, as a worker makes
// one: the emulator's endpoint and caller keys, a silent logger and no-op progress unless a test says otherwise.

import { join } from 'node:path';
import type { Catalog, Profile } from '../../src/catalog/index.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Emulator } from '../../src/emulator/index.js';
import type { StageContext } from '../../src/pipeline/staged/stage-context.js';
import type { RunStore } from '../../src/store/run-store.js';

export interface StageTestEnv {
  emulator: Emulator;
  setup: { profile: Profile; catalog: Catalog };
  store: RunStore;
}

/** The context of run `runId` whose folders are under `outDir` (trial key in `<outDir>/keys`). */
export function stageContextAgainst(
  env: StageTestEnv,
  runId: string,
  outDir: string,
  over: Partial<StageContext> = {},
): StageContext {
  const { accessKeyId, secretAccessKey } = env.emulator.credentials;
  return {
    profile: env.setup.profile,
    catalog: env.setup.catalog,
    outDir,
    runId,
    clock: systemClock,
    logger: silentLogger(),
    store: env.store,
    endpoint: env.emulator.url,
    credentials: async () => ({ accessKeyId, secretAccessKey }),
    trialKeyDir: join(outDir, 'keys'),
    signal: new AbortController().signal,
    progress: () => undefined,
    ...over,
  };
}
