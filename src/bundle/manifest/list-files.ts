// Every file under a folder, as sorted POSIX paths relative to it, hashed with SHA-256 piece by piece.

import { createHash } from 'node:crypto';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';

export interface FileDigest {
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
}

export interface FolderListing {
  /** Regular files, sorted by path (POSIX separators). */
  files: string[];
  /** Entries that are neither regular files nor folders (symbolic links, sockets…), sorted. */
  irregular: string[];
}

/** Walk `dir` without following symbolic links. */
export async function listFiles(dir: string): Promise<FolderListing> {
  const files: string[] = [];
  const irregular: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) files.push(path);
      else irregular.push(path);
    }
  };
  await walk('');
  files.sort(comparePaths);
  irregular.sort(comparePaths);
  return { files, irregular };
}

/**
 * Byte-wise order of the paths' UTF-8, the same on every platform and locale, without encoding them: UTF-8
 * sorts as code points do, and UTF-16 code units sort as code points except a surrogate (U+D800–U+DFFF, half
 * of a code point above U+FFFF) against U+E000–U+FFFF, which is put right. (Sorting 100,000 paths encoded two
 * Buffers per comparison, about 3.4 million.)
 */
export function comparePaths(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) < codePointRank(y) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Code units from U+D800 up, ranked as the code points they belong to: surrogates after U+E000–U+FFFF. */
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Bytes read per call while hashing: large enough for few calls, small enough for many files at once. */
const READ_SIZE = 256 * 1024;

/**
 * Size and SHA-256 of one file, read in pieces into `buffer` (one is made when none is given). Read through
 * a file handle rather than a read stream: a bundle holds thousands of small evidence files, and a stream's
 * set-up per file cost more than hashing them.
 */
export async function hashFile(path: string, buffer = Buffer.allocUnsafe(READ_SIZE)): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(path, 'r');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return { size, sha256: hash.digest('hex') };
}

/** Hash many files of `dir`, a few at a time, each with its own read buffer. */
export async function hashFiles(
  dir: string,
  paths: readonly string[],
  concurrency = 16,
): Promise<Map<string, FileDigest>> {
  const limit = pLimit(concurrency);
  const free = Array.from({ length: Math.min(concurrency, paths.length) }, () =>
    Buffer.allocUnsafe(READ_SIZE),
  );
  const digests = await Promise.all(
    paths.map((p) =>
      limit(async () => {
        // p-limit runs at most `concurrency` at once, so a buffer is always free here.
        const buffer = free.pop()!;
        try {
          return await hashFile(join(dir, p), buffer);
        } finally {
          free.push(buffer);
        }
      }),
    ),
  );
  return new Map(paths.map((p, i) => [p, digests[i]!]));
}
