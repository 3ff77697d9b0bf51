// The scheduler with node-cron itself under a fake clock: ticks that come while a profile's run is still in
// progress start nothing; a run that failed is recorded and tried again at the next tick, not before.

import nodeCron from 'node-cron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunManager } from '../../../src/daemon/run-manager.js';
import { Scheduler, type TickOutcome } from '../../../src/daemon/scheduler.js';
import { ControlledRuns, clock, logger, memoryStore, sampleProfile } from './daemon-fixture.js';

describe('Scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-29T01:59:30.000Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts one run for two ticks that come while it is in progress', async () => {
    const { catalog, profile } = await sampleProfile();
    const store = memoryStore();
    const runs = new ControlledRuns();
    const manager = new RunManager({
      profiles: [profile],
      catalog,
      outDir: '/nonexistent',
      store,
      clock,
      logger,
      run: runs.run,
    });
    const ticks: TickOutcome[] = [];
    const scheduler = new Scheduler(
      [{ profileId: profile.id, schedule: { cron: '* * * * *', timezone: 'UTC' } }],
      {
        manager,
        logger,
        cron: nodeCron,
        onTick: (_p, outcome) => ticks.push(outcome),
      },
    );
    scheduler.start();
    expect(scheduler.nextRun(profile.id)?.toISOString()).toBe('2026-11-29T02:00:00.000Z');

    await vi.advanceTimersByTimeAsync(31_000); // 02:00:01 — first tick: the run starts and keeps going
    await vi.advanceTimersByTimeAsync(60_000); // 02:01:01 — second tick: still running
    expect(ticks).toEqual(['started', 'skipped-busy']);
    expect(runs.calls).toHaveLength(1);

    runs.finish(); // the run fails (ControlledRuns ends runs as failed)
    await vi.advanceTimersByTimeAsync(30_000); // 02:01:31 — a failed run is recorded, not retried at once
    expect(runs.calls).toHaveLength(1);
    expect(await store.list()).toEqual([expect.objectContaining({ status: 'failed', error: 'failed' })]);
    await vi.advanceTimersByTimeAsync(30_000); // 02:02:01 — the next tick tries again
    expect(ticks).toEqual(['started', 'skipped-busy', 'started']);
    expect(runs.calls).toHaveLength(2);

    runs.finish();
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(runs.calls).toHaveLength(2);
    await manager.whenIdle();
    await store.close();
  });

  it('runs each schedule in its own time zone', async () => {
    const { catalog, profile } = await sampleProfile();
    const store = memoryStore();
    const runs = new ControlledRuns();
    const manager = new RunManager({
      profiles: [profile],
      catalog,
      outDir: '/nonexistent',
      store,
      clock,
      logger,
      run: runs.run,
    });
    const scheduler = new Scheduler(
      [{ profileId: profile.id, schedule: { cron: '0 2 * * *', timezone: 'Europe/Berlin' } }],
      {
        manager,
        logger,
        cron: nodeCron,
      },
    );
    scheduler.start();
    // 02:00 in Berlin (UTC+1 in November) is 01:00 UTC on the next day.
    expect(scheduler.nextRun(profile.id)?.toISOString()).toBe('2026-11-30T01:00:00.000Z');
    await scheduler.stop();
    await store.close();
  });
});
