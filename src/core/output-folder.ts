// Can a folder be written (made, if missing)? Asked before a run starts, so an output or state folder that is
// a file, lies below a file, or is not writable is bad input (exit 2, nothing written) instead of a run that
// fails half-way with ENOTDIR or EACCES (exit 3), or hangs: Node's recursive mkdir loops for ever where
// mkdir answers ENOENT below an existing folder (/proc). Nothing is left behind: the check looks, and makes
// and removes one empty probe folder, because access() says yes to root almost everywhere.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** A problem with a folder at `path`, and the existing path it is about. */
export interface FolderProblem {
  /** The path the problem is about: `path` itself, or the existing file or folder above it. */
  at: string;
  message: string;
}

/**
 * Why a folder at `path` cannot be used for writing, or undefined when it can: the nearest existing path at or
 * above it must be a folder the process may write into and enter (access W_OK|X_OK), and an empty folder made
 * there must really appear (it is removed at once) — this catches what access() lets root through: a
 * read-only mount, /proc, /sys.
 */
export async function folderProblem(path: string): Promise<FolderProblem | undefined> {
  const target = resolve(path);
  let current = target;
  for (;;) {
    let isFolder: boolean;
    try {
      isFolder = (await stat(current)).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const up = dirname(current);
      // ENOTDIR: something above is a file; walk up until it is found.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && up !== current) {
        current = up;
        continue;
      }
      return { at: current, message: `cannot be looked at (${code ?? String(err)})` };
    }
    if (!isFolder) {
      return current === target
        ? { at: current, message: 'exists and is not a folder' }
        : { at: current, message: `is a file, so ${path} cannot be made below it` };
    }
    try {
      await access(current, constants.W_OK | constants.X_OK);
      const probe = join(current, `.evidentia-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
      await mkdir(probe);
      await rmdir(probe);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      return current === target
        ? { at: current, message: `is not writable (${code})` }
        : { at: current, message: `is not writable (${code}), so ${path} cannot be made in it` };
    }
    return undefined;
  }
}
