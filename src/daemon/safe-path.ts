// Paths built from requests or records must stay inside their root: no `..`, no absolute escapes, no
// symbolic link leading out.

import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

/** Whether `path` (resolved) lies strictly inside `root`. Pure string check. */
export function insideRoot(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** `path` with symbolic links resolved, if it exists and still lies inside `root`; else undefined. */
export async function realPathInside(root: string, path: string): Promise<string | undefined> {
  if (!insideRoot(root, path)) return undefined;
  const [realRoot, real] = await Promise.all([
    realpath(root).catch(() => undefined),
    realpath(path).catch(() => undefined),
  ]);
  if (!realRoot || !real) return undefined;
  return insideRoot(realRoot, real) ? real : undefined;
}
