// The run history the CLI's `collect` and `demo` record into: the same SQLite file as `evidentia daemon` and
// `evidentia runs` use (`<state>/evidentia.db`), so reports gain their history section whichever way runs start;
// or, with EVIDENTIA_STORE_URL set, the PostgreSQL database daemon replicas share (`store: { kind: postgres }`).

import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { PostgresRunStore } from '../store/postgres-run-store.js';
import { type RunStore, withRunStart } from '../store/run-store.js';
import { RUN_DB_FILE, SqliteRunStore } from '../store/sqlite-run-store.js';

/** Environment variable naming a shared PostgreSQL run store (postgres://user:password@host:port/db). */
export const STORE_URL_ENV = 'EVIDENTIA_STORE_URL';

/** The PostgreSQL URL the CLI should use, if any; a malformed one is bad input (never repeated: it may hold a password). */
export function cliStoreUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env[STORE_URL_ENV]?.trim();
  if (!url) return undefined;
  let scheme = '';
  try {
    scheme = new URL(url).protocol;
  } catch {
    // fall through to the error below
  }
  if (scheme !== 'postgres:' && scheme !== 'postgresql:') {
    throw InputError.forFile(
      STORE_URL_ENV,
      'expected a PostgreSQL URL such as postgres://user:password@host:5432/evidentia (or unset it to use --state)',
      STORE_URL_ENV,
    );
  }
  return url;
}

/** The run store of the CLI: EVIDENTIA_STORE_URL's PostgreSQL when set, else `<stateDir>/evidentia.db`. */
export async function openCliStore(
  stateDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunStore> {
  const url = cliStoreUrl(env);
  return url ? PostgresRunStore.open(url) : SqliteRunStore.open(join(stateDir, RUN_DB_FILE));
}

/** The `--state` option of the commands that record or read runs; EVIDENTIA_STATE_DIR sets its default. */
export function stateOption(env: NodeJS.ProcessEnv = process.env): [string, string, string] {
  return [
    '--state <dir>',
    'state folder: the run history (evidentia.db) that reports draw their trend from',
    env.EVIDENTIA_STATE_DIR || '.evidentia',
  ];
}

/** Open the history (under `stateDir`, or EVIDENTIA_STORE_URL's) for runs started from the command line. */
export async function openCliRunHistory(stateDir: string): Promise<RunStore> {
  return withRunStart(await openCliStore(stateDir), { trigger: 'cli' });
}
