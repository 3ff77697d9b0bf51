// Child process of the cluster benchmark: one worker of the BullMQ work queue, the built ClusterWorker (dist/,
// as `evidentia daemon --role worker` runs it) with the benchmark's framework, sharing the benchmark's
// PostgreSQL, Redis and output folder. Tells the parent `ready` over IPC once it takes jobs; closes when the
// parent disconnects.

import type * as CatalogModule from '../src/catalog/index.js';
import type * as ClockModule from '../src/core/clock.js';
import type * as LoggerModule from '../src/core/logger.js';
import type * as PathsModule from '../src/core/paths.js';
import type * as WorkerModule from '../src/queue/bullmq-worker.js';
import type { QueueSettings } from '../src/queue/queue-settings.js';
import type * as StoreModule from '../src/store/postgres-run-store.js';
import { distModule } from './dist-module.js';

export interface ClusterWorkerInput {
  redisUrl: string;
  storeUrl: string;
  outDir: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  framework: string;
  profile: string;
  trialKeyDir: string;
  queue: QueueSettings;
}

const { loadCatalog, loadProfile, yamlFilesIn } = await distModule<typeof CatalogModule>('catalog/index.js');
const { packagePaths } = await distModule<typeof PathsModule>('core/paths.js');
const { PostgresRunStore } = await distModule<typeof StoreModule>('store/postgres-run-store.js');
const { ClusterWorker } = await distModule<typeof WorkerModule>('queue/bullmq-worker.js');
const { systemClock } = await distModule<typeof ClockModule>('core/clock.js');
const { silentLogger } = await distModule<typeof LoggerModule>('core/logger.js');

const cfg = JSON.parse(process.argv[2] ?? '{}') as ClusterWorkerInput;
const library = await yamlFilesIn(packagePaths().evidenceLibrary);
const catalog = await loadCatalog({ defaults: false, files: [...library, cfg.framework] });
const profile = await loadProfile(cfg.profile, catalog);
const store = await PostgresRunStore.open(cfg.storeUrl);
const worker = new ClusterWorker({
  url: cfg.redisUrl,
  settings: cfg.queue,
  profiles: [profile],
  catalog,
  outDir: cfg.outDir,
  store,
  clock: systemClock,
  logger: silentLogger(),
  endpoint: cfg.endpoint,
  credentials: async () => ({ accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey }),
  trialKeyDir: cfg.trialKeyDir,
});
await worker.start();
process.send?.({ type: 'ready' });
process.on('disconnect', () => {
  void worker
    .close(0)
    .then(() => store.close())
    .finally(() => process.exit(0));
});
