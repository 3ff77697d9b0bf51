// Run the built CLI (dist/, compiled by the test setup) as a child process, as a user would.

import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';

const TEST_STATE_DIR = join(tmpdir(), `evidentia-test-state-${process.pid}`);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/evidentia.js ...args` with extra environment; resolves when the process exits. */
export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'evidentia.js'), ...args], {
      cwd: opts.cwd ?? packageRoot(),
      // Run history goes to a folder of this test process, never to the developer's .evidentia/.
      env: { ...process.env, EVIDENTIA_LOG_LEVEL: 'warn', EVIDENTIA_STATE_DIR: TEST_STATE_DIR, ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
