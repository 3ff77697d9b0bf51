// Retention: nothing is deleted by default, keep rules are generous (either keeps a run), and the newest
// completed run of a profile is never deleted. Applying it deletes files inside the output folder only.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRetention, selectForPruning } from '../../../src/daemon/retention.js';
import type { RunRecord } from '../../../src/store/run-store.js';
import { writeResults } from '../../support/write-results.js';
import { fixtureResults } from '../store/run-fixture.js';
import { logger, memoryStore } from './daemon-fixture.js';

const NOW = new Date('2026-11-29T00:00:00.000Z');

function run(runId: string, daysAgo: number, status: RunRecord['status'] = 'completed'): RunRecord {
  const at = new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();
  return { runId, profileId: 'p', profileName: 'P', startedAt: at, finishedAt: at, status };
}

const RUNS = [run('d0', 0), run('d10', 10), run('d40', 40), run('d400', 400), run('f1', 1, 'failed')];
const ids = (rs: RunRecord[]) => rs.map((r) => r.runId);

describe('selectForPruning', () => {
  it('keeps everything by default', () => {
    expect(selectForPruning(RUNS, {}, NOW)).toEqual([]);
  });

  it('keeps the N newest completed runs', () => {
    expect(ids(selectForPruning(RUNS, { keepLast: 2 }, NOW))).toEqual(['d40', 'd400']);
  });

  it('keeps runs younger than the age limit', () => {
    expect(ids(selectForPruning(RUNS, { maxAgeDays: 30 }, NOW))).toEqual(['d40', 'd400']);
  });

  it('with both rules, a run either rule keeps is kept', () => {
    expect(ids(selectForPruning(RUNS, { keepLast: 3, maxAgeDays: 5 }, NOW))).toEqual(['d400']);
  });

  it('never deletes the newest good bundle, however old', () => {
    const old = [run('old1', 900), run('old2', 1000)];
    expect(ids(selectForPruning(old, { maxAgeDays: 1 }, NOW))).toEqual(['old2']);
  });

  it('skips runs already pruned', () => {
    const pruned = { ...run('d400', 400), prunedAt: NOW.toISOString() };
    expect(ids(selectForPruning([run('d0', 0), pruned], { keepLast: 1 }, NOW))).toEqual([]);
  });
});

describe('applyRetention', () => {
  it('deletes folders and archives inside the output folder, never outside, and marks runs pruned', async () => {
    const root = await mkdtemp(join(tmpdir(), 'evidentia-retention-'));
    const out = join(root, 'out');
    const store = memoryStore();
    const make = async (runId: string, startedAt: string, dir: string) => {
      await mkdir(dir, { recursive: true });
      await writeResults(dir, fixtureResults({ runId, controls: { 'fw:1': 'PASS' } }));
      await writeFile(`${dir}.tar.gz`, 'x');
      await store.start({ runId, profileId: 'p', profileName: 'P', startedAt });
      await store.finish(runId, { status: 'completed', finishedAt: startedAt, dir });
    };
    await make('a', '2026-01-01T00:00:00.000Z', join(out, 'p', 'a'));
    await make('b', '2026-02-01T00:00:00.000Z', join(root, 'elsewhere', 'b'));
    await make('c', '2026-11-28T00:00:00.000Z', join(out, 'p', 'c'));
    const pruned = await applyRetention({
      profileId: 'p',
      policy: { keepLast: 1 },
      store,
      outDir: out,
      now: NOW,
      logger,
    });
    expect(pruned.sort()).toEqual(['a', 'b']);
    expect(existsSync(join(out, 'p', 'a'))).toBe(false);
    expect(existsSync(join(out, 'p', 'a.tar.gz'))).toBe(false);
    expect(existsSync(join(root, 'elsewhere', 'b'))).toBe(true);
    expect(existsSync(join(out, 'p', 'c.tar.gz'))).toBe(true);
    expect((await store.get('a'))?.prunedAt).toBe(NOW.toISOString());
    await store.close();
  });

  it('with a shared store, leaves the runs another replica (host) recorded to that replica', async () => {
    const root = await mkdtemp(join(tmpdir(), 'evidentia-retention-'));
    const out = join(root, 'out');
    const store = memoryStore();
    const make = async (runId: string, startedAt: string, host: string) => {
      const dir = join(out, 'p', runId);
      await mkdir(dir, { recursive: true });
      await writeResults(dir, fixtureResults({ runId, controls: { 'fw:1': 'PASS' } }));
      await store.start({ runId, profileId: 'p', profileName: 'P', startedAt, owner: { pid: 1, host } });
      await store.finish(runId, { status: 'completed', finishedAt: startedAt, dir });
    };
    await make('mine', '2026-01-01T00:00:00.000Z', 'replica-a');
    await make('theirs', '2026-02-01T00:00:00.000Z', 'replica-b');
    await make('newest', '2026-11-28T00:00:00.000Z', 'replica-a');
    const pruned = await applyRetention({
      profileId: 'p',
      policy: { keepLast: 1 },
      store,
      outDir: out,
      now: NOW,
      logger,
      host: 'replica-a',
    });
    expect(pruned).toEqual(['mine']);
    expect(existsSync(join(out, 'p', 'theirs'))).toBe(true);
    expect((await store.get('theirs'))?.prunedAt).toBeUndefined();
    await store.close();
  });
});
