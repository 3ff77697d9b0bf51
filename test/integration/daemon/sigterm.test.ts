// SIGTERM during a run, to the real CLI process (`node bin/evidentia.js daemon --config …`, built by the test
// setup): the process exits 0 within the grace period plus a margin, the run is recorded as aborted, and
// nothing that verifies as a complete bundle is left behind.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveContents, folderContents, verifyBundle } from '../../../src/bundle/index.js';
import { packageRoot } from '../../../src/core/paths.js';
import { hashToken, newToken } from '../../../src/daemon/http/token-auth.js';
import { demoWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';

/** The CLI entry point; EVIDENTIA_BIN may name another build of it. */
const BIN = process.env.EVIDENTIA_BIN ?? join(packageRoot(), 'bin', 'evidentia.js');
const GRACE_SECONDS = 1;

let emulator: Emulator;
let child: ChildProcess | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ world: demoWorld() });
  // Slow enough that the run is still collecting when the signal comes.
  emulator.faults.setLatency(400);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await emulator?.close();
});

describe('evidentia daemon and SIGTERM', () => {
  it('aborts the running collection after the grace period, records it as aborted and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-sigterm-'));
    const token = newToken();
    await writeFile(
      join(dir, 'daemon.yaml'),
      `output: out
state: state
endpoint: ${emulator.url}
profiles:
  - profile: healthcare
    schedule: false
shutdown: { graceSeconds: ${GRACE_SECONDS} }
http:
  port: 0
  tokens: [{ name: ci, role: officer, sha256: ${hashToken(token)} }]
`,
    );
    const { accessKeyId, secretAccessKey } = emulator.credentials;
    child = spawn(process.execPath, [BIN, 'daemon', '--config', join(dir, 'daemon.yaml')], {
      cwd: dir,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: accessKeyId,
        AWS_SECRET_ACCESS_KEY: secretAccessKey,
        AWS_REGION: 'us-east-1',
        EVIDENTIA_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => {
      stdout += d;
    });
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child!.on('exit', (code, signal) => resolve({ code, signal })),
    );

    const url = await waitFor(
      () => /Web page and API: (http:\/\/\S+?)\/\n/.exec(stdout)?.[1],
      20_000,
      () => stderr,
    );
    const post = await fetch(`${url}/api/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"profile":"healthcare"}',
    });
    expect(post.status).toBe(202);
    const { runId } = (await post.json()) as { runId: string };
    await waitFor(async () => {
      const r = await fetch(`${url}/api/runs/${runId}`, { headers: { authorization: `Bearer ${token}` } });
      const v = (await r.json()) as { progress?: { phase: string; tasksDone: number } };
      return v.progress?.phase === 'collect' && v.progress.tasksDone > 0 ? true : undefined;
    }, 20_000);

    const signalledAt = performance.now();
    child.kill('SIGTERM');
    const exit = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000)),
    ]);
    expect(exit, stderr).toEqual({ code: 0, signal: null });
    // Well within grace + the time an abort takes to unwind; generous so a busy machine does not flake.
    expect(performance.now() - signalledAt).toBeLessThan((GRACE_SECONDS + 15) * 1000);
    expect(stdout).toContain('Evidentia daemon stopped.');

    const store = SqliteRunStore.open(join(dir, 'state', 'evidentia.db'));
    const record = await store.get(runId);
    await store.close();
    expect(record).toMatchObject({ status: 'aborted' });
    expect(record?.dir).toBeUndefined();
    expect(record?.archive).toBeUndefined();

    const profileDir = join(dir, 'out', 'healthcare');
    const left = existsSync(profileDir) ? await readdir(profileDir) : [];
    expect(left.filter((n) => n.includes(runId))).toEqual([]);
    // Belt and braces: whatever is there, nothing verifies as a complete bundle.
    for (const name of left) {
      const path = join(profileDir, name);
      const contents = name.endsWith('.tar.gz') ? await archiveContents(path) : await folderContents(path);
      expect((await verifyBundle(contents)).integrity).toBe(false);
    }
  }, 90_000);
});

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms: number,
  why?: () => string,
): Promise<T> {
  const until = performance.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() > until) throw new Error(`timed out${why ? `: ${why()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
