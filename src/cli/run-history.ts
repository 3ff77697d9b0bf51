// The run history the CLI's `collect` and `demo` record into: the same SQLite file as `evidentia daemon` and
// `evidentia runs` use (`<state>/evidentia.db`), so reports gain their history section whichever way runs start.

import { join } from 'node:path';
import { type RunStore, withRunStart } from '../store/run-store.js';
import { RUN_DB_FILE, SqliteRunStore } from '../store/sqlite-run-store.js';

/** The `--state` option of the commands that record or read runs; EVIDENTIA_STATE_DIR sets its default. */
export function stateOption(env: NodeJS.ProcessEnv = process.env): [string, string, string] {
  return [
    '--state <dir>',
    'state folder: the run history (evidentia.db) that reports draw their trend from',
    env.EVIDENTIA_STATE_DIR || '.evidentia',
  ];
}

/** Open the history under `stateDir` for runs started from the command line. */
export function openCliRunHistory(stateDir: string): RunStore {
  return withRunStart(SqliteRunStore.open(join(stateDir, RUN_DB_FILE)), { trigger: 'cli' });
}
