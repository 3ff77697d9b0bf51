// `evidentia runs list|show|diff` over a recorded history, run in process through commander.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerRunsCommand } from '../../../src/cli/commands/runs.js';
import { handleError } from '../../../src/cli/handle-error.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';
import { captureCli } from './capture-cli.js';
import { fixtureResults, writeRunFolder } from './run-fixture.js';

let state: string;

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'evidentia-runs-'));
  state = join(root, 'state');
  const store = SqliteRunStore.open(join(state, 'evidentia.db'));
  const runs: {
    runId: string;
    controls: Record<string, 'PASS' | 'FAIL'>;
    failing: Record<string, string[]>;
  }[] = [
    {
      runId: '20261101T020000Z-aaaaaa',
      controls: { 'fw:1': 'PASS', 'fw:2': 'FAIL' },
      failing: { 'fw:2': ['old'] },
    },
    {
      runId: '20261102T020000Z-bbbbbb',
      controls: { 'fw:1': 'FAIL', 'fw:2': 'PASS' },
      failing: { 'fw:1': ['new'] },
    },
  ];
  for (const [i, r] of runs.entries()) {
    const startedAt = `2026-11-0${i + 1}T02:00:00.000Z`;
    const results = fixtureResults({
      runId: r.runId,
      controls: { ...r.controls },
      failing: { ...r.failing },
      startedAt,
    });
    await store.start({ runId: r.runId, profileId: 'clinic', profileName: 'Clinic', startedAt });
    const dir = await writeRunFolder(join(root, 'out'), results);
    await store.finish(r.runId, {
      status: 'completed',
      finishedAt: results.run.finishedAt!,
      dir,
      frameworks: results.frameworks,
      stats: results.run.stats,
    });
  }
  await store.start({
    runId: '20261103T020000Z-cccccc',
    profileId: 'clinic',
    profileName: 'Clinic',
    startedAt: '2026-11-03T02:00:00.000Z',
  });
  await store.finish('20261103T020000Z-cccccc', {
    status: 'failed',
    finishedAt: '2026-11-03T02:00:05.000Z',
    error: 'AccessDenied',
  });
  await store.close();
});

async function runs(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { ctx, out, err } = captureCli();
  const program = new Command('evidentia')
    .exitOverride()
    .configureOutput({ writeErr: (s) => ctx.stderr.write(s) });
  registerRunsCommand(program, ctx);
  const code = await program.parseAsync(['node', 'evidentia', 'runs', ...args]).then(
    () => ctx.exitCode,
    (e: unknown) => handleError(e, ctx.stderr),
  );
  return { code, out: out(), err: err() };
}

describe('evidentia runs', () => {
  it('lists runs newest first with their status and pass rates', async () => {
    const r = await runs('list', '--state', state);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+PROFILE\s+STATUS\s+STARTED\s+DURATION\s+MET$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      '20261103T020000Z-cccccc clinic failed',
      '20261102T020000Z-bbbbbb clinic completed',
      '20261101T020000Z-aaaaaa clinic completed',
    ]);
    expect(lines[2]).toContain('fw 50%');
    const json = JSON.parse((await runs('list', '--state', state, '--status', 'failed', '--json')).out);
    expect(json).toMatchObject([{ runId: '20261103T020000Z-cccccc', error: 'AccessDenied' }]);
  });

  it('shows one run', async () => {
    const r = await runs('show', '20261102T020000Z-bbbbbb', '--state', state);
    expect(r.out).toContain('Run 20261102T020000Z-bbbbbb · Clinic (clinic) · completed');
    expect(r.out).toMatch(/^fw\s+50%\s+1\s+1\s+0/m);
    expect(r.out).toMatch(/Bundle: .*20261102T020000Z-bbbbbb\.tar\.gz/);
  });

  it('diffs a run with the one before it, or the latest two of a profile', async () => {
    for (const args of [
      ['20261102T020000Z-bbbbbb'],
      ['--profile', 'clinic'],
      ['20261101T020000Z-aaaaaa', '20261102T020000Z-bbbbbb'],
    ]) {
      const r = await runs('diff', ...args, '--state', state);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out).toContain('From 20261101T020000Z-aaaaaa to 20261102T020000Z-bbbbbb');
      expect(r.out).toContain('Newly failing (1)\n  fw 1\n');
      expect(r.out).toContain('Newly passing (1)\n  fw 2\n');
      expect(r.out).toContain('Resources newly failing (1)\n  111111111111 us-east-1 AWS::S3::Bucket new\n');
      expect(r.out).toContain(
        'Resources no longer failing (1)\n  111111111111 us-east-1 AWS::S3::Bucket old\n',
      );
    }
    const first = await runs('diff', '20261101T020000Z-aaaaaa', '--state', state);
    expect(first.out).toContain('is the first completed run of clinic; nothing to compare');
  });

  it('exits 2 for an unknown run, a failed run to diff, or a missing history', async () => {
    expect((await runs('show', 'nope', '--state', state)).code).toBe(2);
    const failed = await runs('diff', '20261102T020000Z-bbbbbb', '20261103T020000Z-cccccc', '--state', state);
    expect(failed.code).toBe(3);
    expect(failed.err).toContain('only completed runs can be compared');
    const missing = await runs('list', '--state', join(state, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no run history here');
  });
});
