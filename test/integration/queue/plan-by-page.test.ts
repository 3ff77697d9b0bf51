// The plan stage hands account groups on page by page of the organisation's listing (no servers: the stage
// against the emulator). Each group is handed on once, with exactly the tasks the whole plan gives it; the
// caller's group (Artifact, Audit Manager) and a Config aggregator's group (its task names every account) wait
// for the end of the listing.

import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator, syntheticWorld } from '../../../src/emulator/index.js';
import { planStage } from '../../../src/pipeline/staged/plan-stage.js';
import { layout, workDirOf } from '../../../src/pipeline/staged/run-layout.js';
import type { Plan } from '../../../src/plan/types.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';
import { catalogWith } from '../../support/run-against-emulator.js';
import { stageContextAgainst } from '../../support/stage-context.js';
import { FLEET_FRAMEWORK, FLEET_RULES, fleetProfile } from '../cluster/cluster-fixture.js';

/** Three pages of ListAccounts (20 a page); the first account is the management account, the caller. */
const ACCOUNTS = 45;

describe('the plan stage, page by page of the account listing', () => {
  let emulator: Emulator;
  let store: SqliteRunStore;

  beforeAll(async () => {
    emulator = await startEmulator({
      world: syntheticWorld({ accounts: ACCOUNTS, regions: ['us-east-1', 'eu-west-1'], rules: FLEET_RULES }),
    });
    // Pages answered late enough that a page's groups are handed on before the last page is asked for.
    emulator.faults.add({ kind: 'latency', operation: 'ListAccounts', latencyMs: 100 });
    store = await SqliteRunStore.open(join(await mkdtemp(join(tmpdir(), 'evidentia-pages-')), 'runs.db'));
  });

  afterAll(async () => {
    await store?.close();
    await emulator?.close();
  });

  async function planByPage(profileYaml: string, runId: string) {
    const setup = await catalogWith(FLEET_FRAMEWORK, profileYaml);
    const outDir = join(setup.dir, 'out');
    const s = stageContextAgainst({ emulator, setup, store }, runId, outDir);
    const calls: { groups: string[]; tasksSoFar: number; listed: number }[] = [];
    const before = emulator.requests.length;
    const listed = () => emulator.requests.slice(before).filter((r) => r.operation === 'ListAccounts').length;
    const planned = await planStage(s, new Date(), async (groups, tasksSoFar) => {
      calls.push({ groups, tasksSoFar, listed: listed() });
    });
    const workDir = workDirOf(outDir, 'fleet', runId);
    const plan = JSON.parse(await readFile(join(workDir, 'plan.json'), 'utf8')) as Plan;
    return { planned, calls, plan, workDir, pages: listed() };
  }

  it('hands each group on once, with the whole plan’s tasks, the caller’s at the end', async () => {
    const { planned, calls, plan, workDir, pages } = await planByPage(
      fleetProfile(4),
      '20261207T120000Z-pages',
    );
    expect(pages).toBe(3);
    const caller = plan.callerAccountId;
    expect(plan.accounts).toContain(caller);
    // A call per page, while the listing went on, then the groups that waited.
    expect(calls.length).toBe(4);
    expect(calls[0]!.listed).toBeLessThan(pages);
    expect(calls.slice(0, -1).flatMap((c) => c.groups)).not.toContain(caller);
    expect(calls.at(-1)!.groups).toEqual([caller]);
    const handed = calls.flatMap((c) => c.groups);
    expect(handed).toHaveLength(new Set(handed).size);
    expect([...handed].sort()).toEqual([...planned.groups].sort());
    // The total grows with every call and ends at the plan's.
    const totals = calls.map((c) => c.tasksSoFar);
    expect([...totals].sort((a, b) => a - b)).toEqual(totals);
    expect(totals.at(-1)).toBe(planned.tasksTotal);
    for (const g of planned.groups) {
      const written = JSON.parse(await readFile(layout.tasks(workDir, g), 'utf8'));
      expect(written, `tasks of ${g}`).toEqual(plan.tasks.filter((t) => t.accountId === g));
    }
  }, 60_000);

  it('fails the plan with the error of a page it could not hand on, once the listing has ended', async () => {
    const setup = await catalogWith(FLEET_FRAMEWORK, fleetProfile(4));
    const outDir = join(setup.dir, 'out');
    const runId = '20261207T120050Z-refused';
    const s = stageContextAgainst({ emulator, setup, store }, runId, outDir);
    let calls = 0;
    const refused = new Error('the queue refused the page');
    await expect(
      planStage(s, new Date(), async () => {
        calls += 1;
        if (calls === 2) throw refused;
      }),
    ).rejects.toBe(refused);
    // The page after it was not handed on; nothing of the plan is left to be read as planned (the folder
    // itself the worker removes once it has recorded the run as failed: account jobs are queued by now).
    expect(calls).toBe(2);
    await expect(access(layout.planned(workDirOf(outDir, 'fleet', runId)))).rejects.toThrow(/ENOENT/);
  }, 60_000);

  it('a plan job run again queues no group with other tasks than its earlier attempt did', async () => {
    const setup = await catalogWith(FLEET_FRAMEWORK, fleetProfile(4));
    const outDir = join(setup.dir, 'out');
    const runId = '20261207T120070Z-again';
    const s = stageContextAgainst({ emulator, setup, store }, runId, outDir);
    const workDir = workDirOf(outDir, 'fleet', runId);
    const first = await planStage(s, new Date(), async () => {});
    // Run again over what the first attempt wrote: the same tasks, nothing refused.
    const again = await planStage(s, new Date(), async () => {});
    expect(again.groups).toEqual(first.groups);
    // An earlier attempt that queued a group with other tasks (another catalogue, say): refused, not rewritten.
    const early = first.groups[1]!;
    await writeFile(layout.tasks(workDir, early), '[]');
    await expect(planStage(s, new Date(), async () => {})).rejects.toMatchObject({
      code: 'PLAN_MISMATCH',
      message: expect.stringContaining(early),
    });
    expect(await readFile(layout.tasks(workDir, early), 'utf8')).toBe('[]');
    // An earlier attempt that queued an account the organisation no longer lists in scope.
    await rm(layout.tasks(workDir, early));
    await writeFile(layout.tasks(workDir, '999999999999'), '[]');
    await expect(planStage(s, new Date(), async () => {})).rejects.toMatchObject({
      code: 'PLAN_MISMATCH',
      message: expect.stringContaining('999999999999'),
    });
  }, 60_000);

  it('keeps a Config aggregator’s group, whose task names every account, for the end', async () => {
    const probe = await planByPage(fleetProfile(4), '20261207T120100Z-probe');
    // An account of the second page holds the aggregator.
    const holder = probe.plan.accounts[25]!;
    const profile = fleetProfile(4).replace(
      '  role: { name: EvidentiaAuditRole }',
      `  role: { name: EvidentiaAuditRole }\n  aggregator: { name: org, accountId: "${holder}", region: us-east-1 }`,
    );
    const { planned, calls, plan } = await planByPage(profile, '20261207T120200Z-aggregator');
    expect(planned.groups).toEqual([holder]);
    expect(calls.map((c) => c.groups)).toEqual([[holder]]);
    const task = plan.tasks.find((t) => t.kind === 'config-aggregate');
    expect(task && 'accounts' in task ? task.accounts : []).toHaveLength(ACCOUNTS);
  }, 60_000);
});
