// The process is killed with SIGKILL while it writes the bundle: nothing it leaves looks like a finished
// bundle, the next run succeeds and verifies, and the run store (as the daemon keeps it) stays consistent.

import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderContents, verifyBundle } from '../../src/bundle/index.js';
import { packageRoot } from '../../src/core/paths.js';
import { demoWorld, type Emulator, startEmulator } from '../../src/emulator/index.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { catalogWith } from '../support/run-against-emulator.js';
import { FRAMEWORK, faultProfile, faultWorld } from './fault-fixture.js';
import { entries, type KillOutcome, killWhen, partialRunDir } from './kill-process.js';

const CLI = join(packageRoot(), 'bin', 'evidentia.js');

/**
 * Nothing under the profile's output folder looks like a finished run: no run folder and no archive under a
 * final name. What a kill leaves is hidden and named as unfinished; a folder left that way is either a whole
 * signed bundle (killed after sealing, before the move) or fails verification — never a half that verifies.
 */
async function expectNothingLooksFinished(profileDir: string): Promise<'sealed' | 'unsealed' | 'none'> {
  const names = entries(profileDir);
  expect(names.filter((n) => !n.endsWith('.partial'))).toEqual([]);
  const partial = partialRunDir(profileDir);
  if (!partial) return 'none';
  const report = await verifyBundle(await folderContents(partial));
  if (report.ok) return 'sealed';
  expect(report.problems.length).toBeGreaterThan(0);
  return 'unsealed';
}

describe('SIGKILL of `evidentia collect` while it writes the bundle', () => {
  let emulator: Emulator;
  let cwd: string;
  let env: NodeJS.ProcessEnv;

  let profile: string;

  beforeAll(async () => {
    emulator = await startEmulator({ world: demoWorld() });
    cwd = await mkdtemp(join(tmpdir(), 'evidentia-kill-'));
    // A built-in framework over one account and region of the demo organisation: a real run, kept short.
    profile = join(cwd, 'kill.yaml');
    await writeFile(
      profile,
      `type: profile
id: kill
name: Killed while bundling
organization: { name: Demo }
frameworks: [hipaa-security]
scope:
  accounts: ['222222222222']
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole }
`,
    );
    env = {
      AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      EVIDENTIA_LOG_LEVEL: 'warn',
    };
  });
  afterAll(() => emulator.close());

  const collect = (out: string) => [
    CLI,
    'collect',
    '--profile',
    profile,
    '--endpoint',
    emulator.url,
    '--out',
    out,
  ];

  const stages: [string, (profileDir: string) => boolean][] = [
    // Rendering and signing the reports inside the temporary folder.
    [
      'while rendering and signing the reports',
      (p) => existsSync(join(partialRunDir(p) ?? '/nonexistent', 'reports')),
    ],
    // Writing the archive under its temporary name.
    ['while writing the archive', (p) => entries(p).some((n) => n.endsWith('.tar.gz.partial'))],
  ];

  for (const [stage, when] of stages) {
    it(`${stage}: leaves nothing that looks finished, and the next run succeeds`, async () => {
      const out = join(cwd, `out-${stages.findIndex((s) => s[0] === stage)}`);
      const profileDir = join(out, 'kill');
      const killed: KillOutcome = await killWhen(collect(out), {
        cwd,
        env,
        when: () => when(profileDir),
        watchDir: profileDir,
      });
      expect(killed.killed).toBe(true);
      expect(killed.signal).toBe('SIGKILL');
      const left = await expectNothingLooksFinished(profileDir);
      // Killed while rendering: the folder was not sealed yet. Killed while archiving: it was.
      expect(left).toBe(stage.includes('archive') ? 'sealed' : 'unsealed');

      const next = await killWhen(collect(out), { cwd, env, when: () => false });
      expect(next.stderr).toBe('');
      expect(next.code).toBe(0);
      const finished = (await readdir(profileDir)).filter(
        (n) => !n.startsWith('.') && !n.endsWith('.gz') && !n.endsWith('.partial'),
      );
      expect(finished).toHaveLength(1);
      const runDir = join(profileDir, finished[0]!);
      expect(existsSync(`${runDir}.tar.gz`)).toBe(true);
      const report = await verifyBundle(await folderContents(runDir));
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    }, 60_000);
  }
});

describe('SIGKILL of a run recorded in the run store', () => {
  it('leaves the store consistent: the killed run is recorded as aborted at restart, the next run completes', async () => {
    const emulator = await startEmulator({ world: faultWorld() });
    try {
      const setup = await catalogWith(FRAMEWORK, faultProfile());
      const db = join(setup.dir, 'state', 'evidentia.db');
      const out = join(setup.dir, 'out');
      const input = JSON.stringify({
        dir: setup.dir,
        endpoint: emulator.url,
        accessKeyId: emulator.credentials.accessKeyId,
        secretAccessKey: emulator.credentials.secretAccessKey,
        db,
        out,
      });
      const driver = ['--import', 'tsx', join(packageRoot(), 'test', 'faults', 'store-run-driver.ts'), input];
      const profileDir = join(out, 'faults');
      const killed = await killWhen(driver, {
        cwd: packageRoot(),
        env: {},
        when: () => existsSync(join(partialRunDir(profileDir) ?? '/nonexistent', 'reports')),
      });
      expect(killed.killed).toBe(true);
      expect(await expectNothingLooksFinished(profileDir)).toBe('unsealed');

      // What the daemon does when it starts again: runs left `running` by a dead process become `aborted`.
      const store = SqliteRunStore.open(db);
      try {
        const [dead] = await store.list();
        expect(dead?.status).toBe('running');
        expect(await store.abandonRunning(new Date().toISOString(), 'the process died')).toEqual([
          dead!.runId,
        ]);
        expect((await store.get(dead!.runId))?.status).toBe('aborted');
        expect((await store.get(dead!.runId))?.dir).toBeUndefined();
      } finally {
        await store.close();
      }

      const next = await killWhen(driver, { cwd: packageRoot(), env: {}, when: () => false });
      expect(next.stderr).toBe('');
      const { runId } = JSON.parse(next.stdout) as { runId: string; status: string };
      const reopened = SqliteRunStore.open(db);
      try {
        const runs = await reopened.list();
        expect(runs.map((r) => r.status).sort()).toEqual(['aborted', 'completed']);
        const done = await reopened.get(runId);
        expect(done?.status).toBe('completed');
        expect(done?.dir && existsSync(done.dir)).toBe(true);
        expect(existsSync(`${done?.dir}.tar.gz`)).toBe(true);
      } finally {
        await reopened.close();
      }
    } finally {
      await emulator.close();
    }
  }, 60_000);
});
