// A queued run's stages in one process, no servers: plan, every account (one of them collected twice, as
// after a worker's death), finish. The findings equal runProfile's verdict by verdict and the account
// collected twice has its evidence once. A finishing job that finds an account missing fails with
// ACCOUNT_MISSING naming it — a run never completes with an account short.

import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator, syntheticWorld } from '../../../src/emulator/index.js';
import { accountStage } from '../../../src/pipeline/staged/account-stage.js';
import { finishStage } from '../../../src/pipeline/staged/finish-stage.js';
import { planStage } from '../../../src/pipeline/staged/plan-stage.js';
import { layout, workDirOf } from '../../../src/pipeline/staged/run-layout.js';
import { loadRun } from '../../../src/store/results-file.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';
import { catalogWith, runAgainst } from '../../support/run-against-emulator.js';
import { stageContextAgainst } from '../../support/stage-context.js';
import {
  evidenceFiles,
  FLEET_FRAMEWORK,
  FLEET_RULES,
  fleetProfile,
  verdicts,
} from '../cluster/cluster-fixture.js';

describe('the stages of a queued run, in one process', () => {
  let emulator: Emulator;
  let setup: Awaited<ReturnType<typeof catalogWith>>;
  let store: SqliteRunStore;

  beforeAll(async () => {
    emulator = await startEmulator({
      world: syntheticWorld({ accounts: 8, regions: ['us-east-1', 'eu-west-1'], rules: FLEET_RULES }),
    });
    setup = await catalogWith(FLEET_FRAMEWORK, fleetProfile(4));
    store = await SqliteRunStore.open(join(await mkdtemp(join(tmpdir(), 'evidentia-staged-')), 'runs.db'));
  });

  afterAll(async () => {
    await store?.close();
    await emulator?.close();
  });

  const context = (runId: string, outDir: string) =>
    stageContextAgainst({ emulator, setup, store }, runId, outDir);

  async function started(runId: string): Promise<Date> {
    const at = new Date();
    await store.start({ runId, profileId: 'fleet', profileName: 'Fleet', startedAt: at.toISOString() });
    return at;
  }

  it('equals runProfile verdict by verdict, with an account collected twice holding its evidence once', async () => {
    const single = await runAgainst(emulator, setup, { outDir: join(setup.dir, 'single') });
    expect(single.outcome.status).toBe('completed');

    const runId = '20261207T090000Z-staged';
    const s = context(runId, join(setup.dir, 'staged'));
    const planned = await planStage(s, await started(runId));
    expect(planned.groups).toHaveLength(8);
    const twice = planned.groups[3]!;
    for (const g of planned.groups) await accountStage(s, g, () => undefined);
    // Collected again, as when its first worker died after writing: the new folder replaces the old.
    await accountStage(s, twice, () => undefined);
    const attempts = (await readdir(layout.accounts(workDirOf(s.outDir, 'fleet', runId)))).filter((n) =>
      n.startsWith('.'),
    );
    expect(attempts).toEqual([]);
    const done = await finishStage(s);
    expect((await store.get(runId))?.status).toBe('completed');

    const results = await loadRun(done.dir);
    expect(verdicts(results.findings)).toEqual(verdicts(single.results!.findings));
    const files = await evidenceFiles(done.dir);
    const singleFiles = await evidenceFiles(single.outcome.dir);
    for (const [account, list] of singleFiles) expect(files.get(account)?.length).toBe(list.length);
    expect(results.evidence).toHaveLength(single.results!.evidence.length);
    expect(await readdir(done.dir)).not.toContain('.cluster');
  }, 120_000);

  it('fails the finishing job naming the accounts that were not collected', async () => {
    const runId = '20261207T090100Z-missing';
    const s = context(runId, join(setup.dir, 'missing'));
    const planned = await planStage(s, await started(runId));
    const [skipped, ...rest] = planned.groups;
    for (const g of rest) await accountStage(s, g, () => undefined);
    await expect(finishStage(s)).rejects.toMatchObject({
      code: 'ACCOUNT_MISSING',
      message: expect.stringContaining(`1 account(s) of the plan were not collected: ${skipped}`),
    });
    expect((await store.get(runId))?.status).toBe('running');
  }, 60_000);
});
