// The run manager: one run per profile at a time, shared by every caller; shutdown lets runs finish within
// the grace period and aborts the rest, which are recorded as aborted.

import { describe, expect, it } from 'vitest';
import { NotAcceptingError, ProfileBusyError, RunManager } from '../../../src/daemon/run-manager.js';
import { ControlledRuns, clock, logger, memoryStore, sampleProfile } from './daemon-fixture.js';

async function setup() {
  const { catalog, profile } = await sampleProfile();
  const store = memoryStore();
  const runs = new ControlledRuns();
  const settled: string[] = [];
  const manager = new RunManager({
    profiles: [profile],
    catalog,
    outDir: '/nonexistent',
    store,
    clock,
    logger,
    run: runs.run,
    hooks: [async (s) => void settled.push(`${s.run.runId}:${s.outcome.status}`)],
  });
  return { profile, store, runs, manager, settled };
}

describe('RunManager', () => {
  it('refuses a second run of a profile while the first is in progress, with its id', async () => {
    const { profile, runs, manager, store } = await setup();
    const first = manager.request(profile.id, { trigger: 'api', requestedBy: 'ann' });
    expect(manager.active(first.runId)).toMatchObject({ profileId: profile.id, requestedBy: 'ann' });
    let busy: unknown;
    try {
      manager.request(profile.id, { trigger: 'schedule' });
    } catch (err) {
      busy = err;
    }
    expect(busy).toBeInstanceOf(ProfileBusyError);
    expect((busy as ProfileBusyError).runningRunId).toBe(first.runId);
    expect(() => manager.request('nope', { trigger: 'api' })).toThrow(/unknown profile 'nope'/);
    runs.finish();
    await manager.whenIdle();
    expect(manager.active(first.runId)).toBeUndefined();
    expect((await store.get(first.runId))?.trigger).toBe('api');
    expect(manager.request(profile.id, { trigger: 'api' }).runId).not.toBe(first.runId);
    runs.finish();
    await manager.whenIdle();
    await store.close();
  });

  it('keeps live progress while a run goes on', async () => {
    const { profile, runs, manager, store } = await setup();
    const run = manager.request(profile.id, { trigger: 'api' });
    await new Promise((r) => setImmediate(r));
    expect(manager.active(run.runId)?.progress).toEqual({ phase: 'collect', tasksDone: 1, tasksTotal: 4 });
    runs.finish();
    await manager.whenIdle();
    await store.close();
  });

  it('on shutdown, lets a run end within the grace period', async () => {
    const { profile, runs, manager, store, settled } = await setup();
    const run = manager.request(profile.id, { trigger: 'api' });
    const draining = manager.drain(60_000);
    expect(() => manager.request(profile.id, { trigger: 'api' })).toThrow(NotAcceptingError);
    runs.finish();
    expect(await draining).toEqual([]);
    expect(settled).toEqual([`${run.runId}:failed`]);
    await store.close();
  });

  it('aborts runs still going when the grace period is over, and they are recorded as aborted', async () => {
    const { profile, manager, store, settled } = await setup();
    const run = manager.request(profile.id, { trigger: 'schedule' });
    expect(await manager.drain(20)).toEqual([run.runId]);
    expect(settled).toEqual([`${run.runId}:aborted`]);
    expect(await store.get(run.runId)).toMatchObject({ status: 'aborted' });
    await store.close();
  });

  it('records a run whose pipeline throws before it starts as failed', async () => {
    const { catalog, profile } = await sampleProfile();
    const store = memoryStore();
    const manager = new RunManager({
      profiles: [profile],
      catalog,
      outDir: '/nonexistent',
      store,
      clock,
      logger,
      run: async () => {
        throw new Error('bad input');
      },
    });
    const run = manager.request(profile.id, { trigger: 'api' });
    await manager.whenIdle();
    expect(await store.get(run.runId)).toMatchObject({ status: 'failed', error: 'bad input' });
    await store.close();
  });

  it('asks for the Security Hub import only for the profiles configured with toSecurityHub', async () => {
    const { catalog, profile } = await sampleProfile();
    const other = { ...profile, id: 'other' };
    const store = memoryStore();
    const runs = new ControlledRuns();
    const manager = new RunManager({
      profiles: [profile, other],
      catalog,
      outDir: '/nonexistent',
      store,
      clock,
      logger,
      run: runs.run,
      toSecurityHub: new Set([profile.id]),
    });
    manager.request(profile.id, { trigger: 'api' });
    manager.request(other.id, { trigger: 'api' });
    runs.finish();
    runs.finish();
    await manager.whenIdle();
    const byProfile = new Map(runs.calls.map((c) => [c.profile.id, c.toSecurityHub]));
    expect(byProfile.get(profile.id)).toBe(true);
    expect(byProfile.get('other')).toBeUndefined();
    await store.close();
  });
});
