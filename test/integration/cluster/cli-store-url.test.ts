// The CLI on the shared run store: with EVIDENTIA_STORE_URL set, `evidentia runs` reads the PostgreSQL
// database the daemon replicas write (not the --state folder); a malformed URL is exit 2 without repeating it.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerRunsCommand } from '../../../src/cli/commands/runs.js';
import { handleError } from '../../../src/cli/handle-error.js';
import { STORE_URL_ENV } from '../../../src/cli/run-history.js';
import { PostgresRunStore } from '../../../src/store/postgres-run-store.js';
import { postgresMissing, startPostgres, type TestPostgres } from '../../support/servers.js';
import { captureCli } from '../../unit/store/capture-cli.js';

if (postgresMissing) console.warn(`SKIPPED cli-store-url tests: ${postgresMissing}`);

async function runs(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { ctx, out, err } = captureCli();
  const program = new Command('evidentia')
    .exitOverride()
    .configureOutput({ writeErr: (s) => ctx.stderr.write(s) });
  registerRunsCommand(program, ctx);
  const code = await program.parseAsync(['node', 'evidentia', 'runs', ...args]).then(
    () => ctx.exitCode,
    (e: unknown) => handleError(e, ctx.stderr),
  );
  return { code, out: out(), err: err() };
}

describe.skipIf(postgresMissing)('evidentia runs with EVIDENTIA_STORE_URL', () => {
  let server: TestPostgres;
  let url: string;
  let emptyState: string;
  beforeAll(async () => {
    server = await startPostgres();
    url = await server.createDatabase();
    const store = await PostgresRunStore.open(url);
    await store.start({
      runId: '20261201T020000Z-shared',
      profileId: 'clinic',
      profileName: 'Clinic',
      startedAt: '2026-12-01T02:00:00.000Z',
      trigger: 'schedule',
    });
    await store.finish('20261201T020000Z-shared', {
      status: 'failed',
      finishedAt: '2026-12-01T02:00:05.000Z',
      error: 'AccessDenied',
    });
    await store.close();
    emptyState = await mkdtemp(join(tmpdir(), 'evidentia-empty-state-'));
  });
  afterEach(() => {
    delete process.env[STORE_URL_ENV];
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the shared runs, not the (empty) state folder', async () => {
    expect((await runs('list', '--state', emptyState)).code).toBe(2); // no SQLite history there
    process.env[STORE_URL_ENV] = url;
    const r = await runs('list', '--state', emptyState, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject([{ runId: '20261201T020000Z-shared', error: 'AccessDenied' }]);
  });

  it('refuses a malformed URL with exit 2, never repeating it', async () => {
    process.env[STORE_URL_ENV] = 'mysql://ev:canary-cli-password-0001@db/x';
    const r = await runs('list', '--state', emptyState);
    expect(r.code).toBe(2);
    expect(r.err).toContain('EVIDENTIA_STORE_URL');
    expect(r.err).not.toContain('canary-cli-password');
  });
});
