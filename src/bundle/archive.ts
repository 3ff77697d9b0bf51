// The bundle's archive: `<run-id>.tar.gz` holding the run folder as `<run-id>/…`, written under a temporary
// name by the caller and renamed into place last. Deterministic: sorted entries, fixed times, no owners.
// node-tar frames the entries; the gzip member is compressed on the thread pool (parallel-gzip.ts), so the
// main thread reads and frames files while zlib compresses.

import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { create } from 'tar';
import { ParallelGzip } from './parallel-gzip.js';

export interface ArchiveOptions {
  /** The folder whose files are archived. */
  dir: string;
  /** Files of `dir` to include (sorted, POSIX paths). */
  files: readonly string[];
  /** Top-level folder name inside the archive (the run id). */
  root: string;
  /** Where to write the .tar.gz. */
  file: string;
  /** Modification time stored for every entry (the run's end). */
  mtime: Date;
  /** Bytes of tar per compressed block (default 1 MiB; tests make it small to get many blocks). */
  blockSize?: number;
}

/** Write `files` of `dir` into a gzip-compressed tar under `root/`. */
export async function writeArchive(opts: ArchiveOptions): Promise<void> {
  const tar = create(
    {
      cwd: opts.dir,
      prefix: opts.root,
      portable: true,
      mtime: opts.mtime,
      noDirRecurse: true,
      strict: true,
      // node-tar reads each file in buffers of up to 16 MB by default; findings.jsonl runs to gigabytes.
      maxReadSize: 1 << 20,
    },
    [...opts.files],
  );
  await pipeline(
    tar,
    new ParallelGzip(opts.blockSize ? { blockSize: opts.blockSize } : {}),
    createWriteStream(opts.file),
  );
}
