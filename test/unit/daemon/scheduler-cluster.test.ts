// The scheduler with a cluster lock, under node-cron itself and a fake clock: every firing is claimed by its
// scheduled time (the same on every replica, whatever the milliseconds of the timer), and a firing another
// replica claimed starts nothing here. (Real Redis and three replicas: test/integration/cluster/.)

import nodeCron from 'node-cron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunManager } from '../../../src/daemon/run-manager.js';
import { Scheduler, type TickOutcome } from '../../../src/daemon/scheduler.js';
import { ControlledRuns, clock, logger, memoryStore, sampleProfile } from './daemon-fixture.js';

describe('Scheduler with a cluster lock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-29T01:59:30.250Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('claims each firing by its scheduled second and starts a run only for the firings it won', async () => {
    const { catalog, profile } = await sampleProfile();
    const runs = new ControlledRuns();
    const manager = new RunManager({
      profiles: [profile],
      catalog,
      outDir: '/nonexistent',
      store: memoryStore(),
      clock,
      logger,
      run: runs.run,
    });
    const claims: string[] = [];
    let win = false;
    const ticks: TickOutcome[] = [];
    const scheduler = new Scheduler(
      [{ profileId: profile.id, schedule: { cron: '* * * * *', timezone: 'UTC' } }],
      {
        manager,
        logger,
        cron: nodeCron,
        // A stand-in for Redis that lets this replica win every other firing.
        lock: {
          claimTick: async (_id, at) => {
            claims.push(at.toISOString());
            win = !win;
            return !win;
          },
        },
        onTick: (_p, outcome) => ticks.push(outcome),
      },
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(31_000); // 02:00:01.25 — lost to another replica
    await vi.advanceTimersByTimeAsync(60_000); // 02:01:01.25 — won
    expect(claims).toEqual(['2026-11-29T02:00:00.000Z', '2026-11-29T02:01:00.000Z']);
    expect(ticks).toEqual(['claimed-elsewhere', 'started']);
    expect(runs.calls).toHaveLength(1);
    runs.finish();
    await scheduler.stop();
    await manager.whenIdle();
  });
});
