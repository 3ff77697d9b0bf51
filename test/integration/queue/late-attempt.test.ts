// An account job thought stalled whose worker is alive (a "zombie" attempt) keeps writing evidence while the
// finishing job seals the run. The finishing job removes `.cluster` (and the attempt folder in it) before it
// signs; the late attempt's next record must then fail, not recreate `.cluster/…` in the run folder, where the
// signed package (which lists the folder as it is) would carry evidence no finding was evaluated from.

import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceWriter } from '../../../src/collect/evidence-writer.js';
import { type Emulator, startEmulator, syntheticWorld } from '../../../src/emulator/index.js';
import { accountStage } from '../../../src/pipeline/staged/account-stage.js';
import { finishStage } from '../../../src/pipeline/staged/finish-stage.js';
import { planStage } from '../../../src/pipeline/staged/plan-stage.js';
import { layout, workDirOf } from '../../../src/pipeline/staged/run-layout.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';
import { catalogWith } from '../../support/run-against-emulator.js';
import { stageContextAgainst } from '../../support/stage-context.js';
import { FLEET_FRAMEWORK, FLEET_RULES, fleetProfile } from '../cluster/cluster-fixture.js';

describe('a late attempt of an account while the run is sealed', () => {
  let emulator: Emulator;
  let setup: Awaited<ReturnType<typeof catalogWith>>;
  let store: SqliteRunStore;

  beforeAll(async () => {
    emulator = await startEmulator({
      world: syntheticWorld({ accounts: 2, regions: ['us-east-1'], rules: FLEET_RULES }),
    });
    setup = await catalogWith(FLEET_FRAMEWORK, fleetProfile(2));
    store = await SqliteRunStore.open(join(await mkdtemp(join(tmpdir(), 'evidentia-late-')), 'runs.db'));
  });
  afterAll(async () => {
    await store?.close();
    await emulator?.close();
  });

  it('cannot put files into the run folder once the finishing job has removed .cluster', async () => {
    const outDir = join(setup.dir, 'late');
    const runId = '20261207T101500Z-a1b2c3';
    const late: Promise<unknown>[] = [];
    let zombie: EvidenceWriter | undefined;
    const s = stageContextAgainst({ emulator, setup, store }, runId, outDir, {
      // Sealing has begun (`.cluster` is gone): the late attempt writes its next record, in a region it had
      // not written to yet (so its writer makes the folder).
      progress: (p) => {
        if (p.phase === 'write' && zombie && late.length === 0)
          late.push(
            zombie
              .write({
                taskId: 'late',
                source: 'aws',
                service: 'config',
                operation: 'DescribeConfigRules',
                parameters: {},
                accountId: group,
                region: 'eu-west-1',
                collectedAt: new Date().toISOString(),
                durationMs: 1,
                attempts: 1,
                response: {},
              })
              .then(
                () => 'written',
                (err: Error) => err,
              ),
          );
      },
    });
    let group = '';
    await store.start({
      runId,
      profileId: 'fleet',
      profileName: 'Fleet',
      startedAt: new Date().toISOString(),
    });
    const planned = await planStage(s, new Date());
    for (const g of planned.groups) await accountStage(s, g, () => undefined);
    group = planned.groups[0]!;
    // The late attempt began before the finishing job: its folder exists, as accountStage makes it.
    const attempt = layout.attempt(workDirOf(outDir, 'fleet', runId), group);
    await mkdir(attempt);
    zombie = new EvidenceWriter(attempt, group);
    const done = await finishStage(s);
    expect(late).toHaveLength(1);
    const outcome = await late[0];
    // On the old code the record was written, `.cluster/…` recreated, and signed into the package.
    expect(await readdir(done.dir)).not.toContain('.cluster');
    expect(outcome).toBeInstanceOf(Error);
    expect(await readdir(join(outDir, 'fleet'))).not.toContain(`.${runId}.partial`);
  }, 60_000);

  it('fails the run rather than evaluate a task on records another attempt wrote', async () => {
    const outDir = join(setup.dir, 'swapped');
    const runId = '20261207T101600Z-d4e5f6';
    const s = stageContextAgainst({ emulator, setup, store }, runId, outDir);
    await store.start({
      runId,
      profileId: 'fleet',
      profileName: 'Fleet',
      startedAt: new Date().toISOString(),
    });
    const planned = await planStage(s, new Date());
    for (const g of planned.groups) await accountStage(s, g, () => undefined);
    // What a late attempt publishing between the finishing job's read of account.json and its move leaves:
    // files of the same names (ids are the job's and a sequence) holding other records. Two are swapped.
    const accountDir = layout.account(workDirOf(outDir, 'fleet', runId), planned.groups[0]!);
    const files: string[] = [];
    for (const e of await readdir(accountDir, { recursive: true, withFileTypes: true }))
      if (e.isFile() && e.name.startsWith('ev-')) files.push(join(e.parentPath, e.name));
    const [a, b] = files.sort();
    expect(b).toBeDefined();
    const [ta, tb] = [await readFile(a!, 'utf8'), await readFile(b!, 'utf8')];
    await writeFile(a!, tb);
    await writeFile(b!, ta);
    await expect(finishStage(s)).rejects.toMatchObject({ code: 'EVIDENCE_MISMATCH' });
    expect((await store.get(runId))?.status).toBe('running');
  }, 60_000);
});
