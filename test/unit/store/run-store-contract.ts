// The run store's behaviour, as one list of cases every implementation must pass: SQLite (the embedded
// default, test/unit/store/sqlite-run-store.test.ts) and PostgreSQL (test/integration/cluster/postgres-run-store.test.ts).

import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunStore } from '../../../src/store/run-store.js';
import { fixtureResults, writeRunFolder } from './run-fixture.js';

/** Run every contract case against stores made by `open` (a fresh, empty store each time; `dir` is a temp folder). */
export function describeRunStoreContract(name: string, open: (dir: string) => Promise<RunStore>): void {
  let dir: string;
  let store: RunStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evidentia-store-'));
    store = await open(dir);
  });
  afterEach(async () => {
    await store.close();
  });

  async function completeRun(
    runId: string,
    startedAt: string,
    controls: Record<string, 'PASS' | 'FAIL' | 'ERROR' | 'MANUAL'>,
    failing: Record<string, string[]> = {},
  ) {
    const results = fixtureResults({ runId, controls, failing, startedAt });
    await store.start({
      runId,
      profileId: 'clinic',
      profileName: 'Clinic',
      startedAt,
      trigger: 'api',
      requestedBy: 'ann',
    });
    const runDir = await writeRunFolder(join(dir, 'out'), results, `{"run":"${runId}"}\n`);
    await store.finish(runId, {
      status: 'completed',
      finishedAt: results.run.finishedAt!,
      dir: runDir,
      frameworks: results.frameworks,
      stats: results.run.stats,
    });
    return { results, runDir };
  }

  describe(`${name}: the run store contract`, () => {
    it('records a run from start to finish, with files, hashes and counts read from its folder', async () => {
      await store.start({
        runId: 'r1',
        profileId: 'clinic',
        profileName: 'Clinic',
        startedAt: '2026-11-01T02:00:00.000Z',
        trigger: 'schedule',
      });
      expect(await store.get('r1')).toMatchObject({ status: 'running', trigger: 'schedule' });
      const { runDir } = await completeRun(
        'r2',
        '2026-11-02T02:00:00.000Z',
        { 'fw:1': 'PASS', 'fw:2': 'FAIL' },
        { 'fw:2': ['b1'] },
      );
      const rec = await store.get('r2');
      expect(rec).toMatchObject({
        status: 'completed',
        dir: runDir,
        archive: `${runDir}.tar.gz`,
        manifestSha256: createHash('sha256').update('{"run":"r2"}\n').digest('hex'),
        requestedBy: 'ann',
        findings: { PASS: 1, FAIL: 1, ERROR: 0 },
        stats: { apiCalls: 10 },
      });
      expect(rec?.frameworks?.[0]).toMatchObject({
        frameworkId: 'fw',
        metRatio: 0.5,
        counts: { PASS: 1, FAIL: 1 },
      });
    });

    it('lists newest first, filtered by profile and status', async () => {
      await completeRun('a', '2026-11-01T02:00:00.000Z', { 'fw:1': 'PASS' });
      await completeRun('b', '2026-11-02T02:00:00.000Z', { 'fw:1': 'PASS' });
      await store.start({
        runId: 'c',
        profileId: 'other',
        profileName: 'Other',
        startedAt: '2026-11-03T02:00:00.000Z',
      });
      await store.finish('c', {
        status: 'failed',
        finishedAt: '2026-11-03T02:01:00.000Z',
        error: 'no credentials',
      });
      expect((await store.list()).map((r) => r.runId)).toEqual(['c', 'b', 'a']);
      expect((await store.list({ profileId: 'clinic', limit: 1 })).map((r) => r.runId)).toEqual(['b']);
      expect(await store.list({ status: 'failed' })).toMatchObject([{ runId: 'c', error: 'no credentials' }]);
    });

    it('gives a new report the trend of earlier runs and what changed since the newest one', async () => {
      await completeRun('a', '2026-11-01T02:00:00.000Z', { 'fw:1': 'PASS', 'fw:2': 'PASS' });
      await completeRun(
        'b',
        '2026-11-02T02:00:00.000Z',
        { 'fw:1': 'PASS', 'fw:2': 'FAIL' },
        { 'fw:2': ['old'] },
      );
      await store.start({
        runId: 'f',
        profileId: 'clinic',
        profileName: 'Clinic',
        startedAt: '2026-11-02T12:00:00.000Z',
      });
      await store.finish('f', { status: 'failed', finishedAt: '2026-11-02T12:00:01.000Z', error: 'x' });
      const current = fixtureResults({
        runId: 'c',
        controls: { 'fw:1': 'FAIL', 'fw:2': 'PASS' },
        failing: { 'fw:1': ['new', 'old'] },
        startedAt: '2026-11-03T02:00:00.000Z',
      });
      const history = await store.history('clinic', current);
      expect(history?.runs.map((r) => [r.runId, r.frameworks[0]?.metRatio])).toEqual([
        ['a', 1],
        ['b', 0.5],
      ]);
      expect(history?.changes).toEqual({
        newlyFailing: [{ frameworkId: 'fw', controlId: '1' }],
        newlyPassing: [{ frameworkId: 'fw', controlId: '2' }],
        newResources: [
          {
            accountId: '111111111111',
            region: 'us-east-1',
            resourceType: 'AWS::S3::Bucket',
            resourceId: 'new',
          },
        ],
      });
      expect(await store.history('nobody', current)).toBeUndefined();
    });

    it('diffs two recorded runs and refuses runs that did not complete', async () => {
      await completeRun('a', '2026-11-01T02:00:00.000Z', { 'fw:1': 'FAIL' }, { 'fw:1': ['x'] });
      await completeRun('b', '2026-11-02T02:00:00.000Z', { 'fw:1': 'PASS' });
      expect(await store.diff('a', 'b')).toMatchObject({
        newlyPassing: [{ controlId: '1' }],
        resolvedResources: [{ resourceId: 'x' }],
      });
      expect((await store.previousCompleted('clinic', 'b'))?.runId).toBe('a');
      expect((await store.previousCompleted('clinic'))?.runId).toBe('b');
      await store.start({
        runId: 'r',
        profileId: 'clinic',
        profileName: 'Clinic',
        startedAt: '2026-11-03T02:00:00.000Z',
      });
      await expect(store.diff('b', 'r')).rejects.toThrow(/only completed runs/);
      await expect(store.diff('b', 'nope')).rejects.toThrow(/unknown run 'nope'/);
    });

    it('refuses a second start of one run id, and finishing a run it never started', async () => {
      const run = {
        runId: 'dup',
        profileId: 'clinic',
        profileName: 'Clinic',
        startedAt: '2026-11-01T02:00:00.000Z',
      };
      await store.start(run);
      await expect(store.start({ ...run, profileName: 'Other' })).rejects.toThrow();
      expect((await store.get('dup'))?.profileName).toBe('Clinic');
      await expect(
        store.finish('nope', { status: 'failed', finishedAt: '2026-11-01T02:01:00.000Z', error: 'x' }),
      ).rejects.toThrow(/unknown run 'nope'/);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('keeps the process and temporary folder of a run, aborts only a running run, and records pruning', async () => {
      await store.start({
        runId: 'r',
        profileId: 'clinic',
        profileName: 'Clinic',
        startedAt: '2026-11-03T02:00:00.000Z',
        owner: { pid: 4242, host: 'box', processStart: 'boot/123' },
        workDir: '/out/clinic/.r.partial',
      });
      expect(await store.get('r')).toMatchObject({
        status: 'running',
        owner: { pid: 4242, host: 'box', processStart: 'boot/123' },
        workDir: '/out/clinic/.r.partial',
      });
      expect(await store.abandon('r', '2026-11-03T03:00:00.000Z', 'its process died')).toBe(true);
      expect(await store.get('r')).toMatchObject({ status: 'aborted', error: 'its process died' });
      expect(await store.abandon('r', '2026-11-03T04:00:00.000Z', 'again')).toBe(false);
      expect((await store.get('r'))?.finishedAt).toBe('2026-11-03T03:00:00.000Z');
      await completeRun('a', '2026-11-01T02:00:00.000Z', { 'fw:1': 'PASS' });
      await store.markPruned('a', '2026-12-01T00:00:00.000Z');
      expect((await store.get('a'))?.prunedAt).toBe('2026-12-01T00:00:00.000Z');
    });
  });
}
