// Queue job data comes from Redis: a run id or account group holding `..` or a slash must never become a
// path. An account job with a crafted group is run for real against the emulator: the folder it names outside
// the run (a victim beside the output root) must survive, and the job must fail with BAD_JOB_DATA.

import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator, syntheticWorld } from '../../src/emulator/index.js';
import { accountStage } from '../../src/pipeline/staged/account-stage.js';
import { planStage } from '../../src/pipeline/staged/plan-stage.js';
import { finalDirOf, layout, unsafeJobData, workDirOf } from '../../src/pipeline/staged/run-layout.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { FLEET_FRAMEWORK, FLEET_RULES, fleetProfile } from '../integration/cluster/cluster-fixture.js';
import { catalogWith } from '../support/run-against-emulator.js';
import { stageContextAgainst } from '../support/stage-context.js';

describe('queue job data cannot name a path outside the run', () => {
  let emulator: Emulator;
  let setup: Awaited<ReturnType<typeof catalogWith>>;
  let store: SqliteRunStore;

  beforeAll(async () => {
    emulator = await startEmulator({
      world: syntheticWorld({ accounts: 1, regions: ['us-east-1'], rules: FLEET_RULES }),
    });
    setup = await catalogWith(FLEET_FRAMEWORK, fleetProfile(2));
    store = await SqliteRunStore.open(join(await mkdtemp(join(tmpdir(), 'evidentia-jobpath-')), 'runs.db'));
  });

  afterAll(async () => {
    await store?.close();
    await emulator?.close();
  });

  it('refuses run ids, profiles and groups that are not one plain folder name', () => {
    for (const bad of ['../x', 'a/b', '..', '.', './../../v', '/etc', 'a\\b', '', 'x'.repeat(200)]) {
      expect(() => layout.account('/w', bad)).toThrow(/not a safe folder name/);
      expect(() => layout.tasks('/w', bad)).toThrow(/not a safe folder name/);
      expect(() => layout.attempt('/w', bad)).toThrow(/not a safe folder name/);
      expect(() => workDirOf('/o', 'p', bad)).toThrow(/not a safe folder name/);
      expect(() => finalDirOf('/o', 'p', bad)).toThrow(/not a safe folder name/);
      expect(unsafeJobData({ runId: bad, profileId: 'p' })).toBeDefined();
      expect(unsafeJobData({ runId: 'r', profileId: 'p', group: bad })).toBeDefined();
    }
    expect(() => workDirOf('/o', '..', 'r')).toThrow(/not a safe folder name/);
    expect(unsafeJobData({ runId: 1, profileId: 'p' })).toBeDefined();
    // What real runs use still works.
    expect(
      unsafeJobData({ runId: '20261207T090000Z-3f9a1c', profileId: 'hipaa.v2', group: '123456789012' }),
    ).toBe(undefined);
    expect(layout.account('/w', '_plan')).toBe('/w/.cluster/accounts/_plan');
  });

  it('an account job whose group climbs out of the run leaves the folder it names alone', async () => {
    const root = await mkdtemp(join(tmpdir(), 'evidentia-jobpath-'));
    const outDir = join(root, 'out');
    const runId = '20261207T100000Z-abcdef';
    const s = stageContextAgainst({ emulator, setup, store }, runId, outDir, {
      trialKeyDir: join(root, 'keys'),
    });
    await store.start({
      runId,
      profileId: 'fleet',
      profileName: 'Fleet',
      startedAt: new Date().toISOString(),
    });
    await planStage(s, new Date());
    // `./../../../../victim`: the tasks file resolves to out/victim.json, the account folder to out/victim.
    await writeFile(join(outDir, 'victim.json'), '[]');
    await mkdir(join(outDir, 'victim'));
    await writeFile(join(outDir, 'victim', 'keep.txt'), 'precious');
    const outcome = await accountStage(s, './../../../../victim', () => undefined).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(await readFile(join(outDir, 'victim', 'keep.txt'), 'utf8').catch(() => 'removed')).toBe(
      'precious',
    );
    expect(outcome).toMatchObject({ code: 'BAD_JOB_DATA' });
  }, 60_000);
});
