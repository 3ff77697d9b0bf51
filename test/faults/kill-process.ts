// Spawn a process and SIGKILL it the moment a condition on the file system holds (checked on every change of a
// watched folder and every millisecond), to kill a run at a chosen stage of writing its bundle.

import { spawn } from 'node:child_process';
import { existsSync, type FSWatcher, mkdirSync, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';

export interface KillOutcome {
  /** True when the condition held and the process was killed; false when it exited first. */
  killed: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run `node ...args`; kill it with SIGKILL as soon as `when()` is true. */
export function killWhen(
  args: string[],
  opts: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    when: () => boolean;
    /** A folder to watch (created if missing): a file that lives only briefly there is still seen. */
    watchDir?: string;
    timeoutMs?: number;
  },
): Promise<KillOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const check = () => {
      if (!killed && opts.when()) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    let watcher: FSWatcher | undefined;
    if (opts.watchDir) {
      mkdirSync(opts.watchDir, { recursive: true });
      watcher = watch(opts.watchDir, check);
    }
    const poll = setInterval(check, 1);
    const limit = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(limit);
      watcher?.close();
      resolve({ killed, code, signal, stdout, stderr });
    });
  });
}

/** Entries of a folder (none when it does not exist). */
export function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The run's temporary folder (`.<run-id>.partial`) under `profileDir`, when there is one. */
export function partialRunDir(profileDir: string): string | undefined {
  const name = entries(profileDir).find((n) => n.startsWith('.') && n.endsWith('.partial'));
  return name ? join(profileDir, name) : undefined;
}
