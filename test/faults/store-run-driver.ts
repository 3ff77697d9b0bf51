// A child process for the SIGKILL fault: one run of the test framework, recorded in a SQLite run store, as the
// daemon records runs. Usage: node --import tsx store-run-driver.ts '<json: dir, endpoint, keys, db, out>'.

import { join } from 'node:path';
import { loadCatalog, loadProfile, yamlFilesIn } from '../../src/catalog/index.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { packagePaths } from '../../src/core/paths.js';
import { runProfile } from '../../src/pipeline/run-profile.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';

interface DriverInput {
  /** Folder holding framework.yaml and profile.yaml (as catalogWith writes them). */
  dir: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  db: string;
  out: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as DriverInput;
const library = await yamlFilesIn(packagePaths().evidenceLibrary);
const catalog = await loadCatalog({
  defaults: false,
  files: [...library, join(input.dir, 'framework.yaml')],
});
const profile = await loadProfile(join(input.dir, 'profile.yaml'), catalog);
const store = SqliteRunStore.open(input.db);
const outcome = await runProfile({
  profile,
  catalog,
  outDir: input.out,
  clock: systemClock,
  logger: silentLogger(),
  endpoint: input.endpoint,
  credentials: async () => ({ accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey }),
  store,
});
await store.close();
process.stdout.write(`${JSON.stringify({ runId: outcome.runId, status: outcome.status })}\n`);
