// The run store the configuration names: SQLite in the state folder (the default, no server needed) or a
// shared PostgreSQL database.

import { join } from 'node:path';
import { PostgresRunStore } from './postgres-run-store.js';
import type { RunStore } from './run-store.js';
import { RUN_DB_FILE, SqliteRunStore } from './sqlite-run-store.js';

/** Where runs are recorded (the daemon's `store:` block, resolved). */
export type StoreSettings = { kind: 'sqlite' } | { kind: 'postgres'; url: string };

export async function openRunStore(settings: StoreSettings | undefined, stateDir: string): Promise<RunStore> {
  if (settings?.kind === 'postgres') return PostgresRunStore.open(settings.url);
  return SqliteRunStore.open(join(stateDir, RUN_DB_FILE));
}
