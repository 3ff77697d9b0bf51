// Find, hash and copy an attested document without letting a record reach outside the attestation folder.
// A record names its document by a path; an attacker who can write records (or plant symbolic links in the
// folder) must not be able to pull a host file (/etc/shadow, another key) into a signed package. So the path
// is walked from the folder's real path with lstat on every component (no symbolic link anywhere below the
// folder), the result must be a regular file whose real path is inside the folder, and every read opens with
// O_NOFOLLOW and checks that the opened file is the very inode the walk found (no swap in between).

import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, realpath, unlink } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { hashFile } from './hash-file.js';

/** A document found inside the folder, or why it was refused / is missing. */
export type LocatedDocument =
  | { ok: true; path: string; dev: number; ino: number }
  | { ok: false; missing: boolean; reason: string };

/** The read flags: never follow a final symbolic link, never block on a FIFO swapped in after the walk. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Locate `relativePath` (POSIX separators, relative to the folder `dir`): every component is lstat-ed from the
 * folder's real path down, a symbolic link anywhere is refused, the last component must be a regular file, and
 * its real path must lie inside the folder's real path.
 */
export async function locateDocument(dir: string, relativePath: string): Promise<LocatedDocument> {
  const parts = relativePath.split(/[\\/]/);
  if (isAbsolute(relativePath) || parts.some((p) => p === '..' || p === '.' || p === '')) {
    return refused(`${relativePath} is not a plain path inside the attestation folder`);
  }
  const root = await realpath(dir);
  let current = root;
  for (const [i, part] of parts.entries()) {
    current = join(current, part);
    const shown = parts.slice(0, i + 1).join('/');
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(current);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, reason: 'is missing' };
      return refused(`${shown} cannot be read (${code ?? String(err)})`);
    }
    const last = i === parts.length - 1;
    if (info.isSymbolicLink()) return refused(`${last ? 'it' : shown} is a symbolic link`);
    if (!last && !info.isDirectory()) return refused(`${shown} is not a folder`);
    if (last && !info.isFile()) return refused(`it is not a regular file but ${kindOf(info)}`);
    if (last) {
      const real = await realpath(current);
      if (!real.startsWith(root + sep)) return refused('it resolves outside the attestation folder');
      return { ok: true, path: real, dev: info.dev, ino: info.ino };
    }
  }
  return refused(`${relativePath} names no file`);
}

/** SHA-256 and size of a located document, read through a checked handle. */
export async function hashDocument(
  doc: LocatedDocument & { ok: true },
): Promise<{ sha256: string; bytes: number }> {
  const handle = await openChecked(doc);
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of handle.createReadStream({ autoClose: false })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    await handle.close();
  }
}

/**
 * Copy a located document to `dest` (which must not exist) only if the bytes read are exactly the attested
 * ones: hashed while copying, reading stops once more than `expected.bytes` came, and a copy that does not
 * match is removed. Resolves with undefined when copied, or the reason nothing was copied.
 */
export async function copyIntactDocument(
  doc: LocatedDocument & { ok: true },
  dest: string,
  expected: { sha256: string; bytes: number },
): Promise<string | undefined> {
  const source = await openChecked(doc);
  let target: FileHandle | undefined;
  let keep = false;
  try {
    try {
      target = await open(dest, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Two records naming one document: the copy already there counts if it is the attested one.
      const there = await hashFile(dest);
      return there.sha256 === expected.sha256 && there.bytes === expected.bytes
        ? undefined
        : 'another file is already in its place in the run';
    }
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of source.createReadStream({ autoClose: false })) {
      bytes += (chunk as Buffer).length;
      if (bytes > expected.bytes) return 'the document is larger than attested';
      hash.update(chunk as Buffer);
      await target.write(chunk as Buffer);
    }
    if (bytes !== expected.bytes || hash.digest('hex') !== expected.sha256) {
      return 'the document changed after it was checked (SHA-256 differs)';
    }
    keep = true;
    return undefined;
  } finally {
    await source.close();
    if (target) {
      await target.close();
      if (!keep) await unlink(dest).catch(() => undefined);
    }
  }
}

/** Open with O_NOFOLLOW and make sure the handle is the regular file the walk found. */
async function openChecked(doc: LocatedDocument & { ok: true }): Promise<FileHandle> {
  const handle = await open(doc.path, READ_FLAGS);
  const info = await handle.stat();
  if (!info.isFile() || info.dev !== doc.dev || info.ino !== doc.ino) {
    await handle.close();
    throw Object.assign(new Error(`${doc.path} was replaced after it was checked`), { code: 'EREPLACED' });
  }
  return handle;
}

function refused(reason: string): LocatedDocument {
  return { ok: false, missing: false, reason };
}

function kindOf(info: Awaited<ReturnType<typeof lstat>>): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'something else';
}
