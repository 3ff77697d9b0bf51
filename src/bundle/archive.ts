// The bundle's archive: `<run-id>.tar.gz` holding the run folder as `<run-id>/…`, written under a temporary
// name by the caller and renamed into place last. Deterministic: entries in the order given, fixed times, no
// owners. tar-writer.ts frames the entries (node-tar's headers) reading each file once; the gzip member is
// compressed on the thread pool (parallel-gzip.ts), so the main thread reads and frames while zlib compresses.

import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ParallelGzip } from './parallel-gzip.js';
import { TarWriter, writableSink } from './tar-writer.js';

export interface ArchiveTarget {
  /** The folder whose files are archived. */
  dir: string;
  /** Top-level folder name inside the archive (the run id). */
  root: string;
  /** Where to write the .tar.gz. */
  file: string;
  /** Modification time stored for every entry (the run's end). */
  mtime: Date;
  /** Bytes of tar per compressed block (default 1 MiB; tests make it small to get many blocks). */
  blockSize?: number;
}

export interface ArchiveOptions extends ArchiveTarget {
  /** Files of `dir` to include (sorted, POSIX paths). */
  files: readonly string[];
}

/**
 * Open `target` as a .tar.gz, let `fill` add its entries, then end the archive and wait until every byte is
 * on disk. A failure in `fill` or in writing rejects, with the partial file left for the caller to remove.
 */
export async function withArchive(
  target: ArchiveTarget,
  fill: (tar: TarWriter) => Promise<void>,
): Promise<void> {
  const gzip = new ParallelGzip(target.blockSize ? { blockSize: target.blockSize } : {});
  const written = pipeline(gzip, createWriteStream(target.file));
  // Seen at once: a write error while `fill` still runs must not be an unhandled rejection.
  written.catch(() => {});
  try {
    const tar = new TarWriter(writableSink(gzip), {
      dir: target.dir,
      root: target.root,
      mtime: target.mtime,
    });
    await fill(tar);
    await tar.end();
    gzip.end();
  } catch (err) {
    gzip.destroy(err instanceof Error ? err : new Error(String(err)));
    await written.catch(() => {});
    throw err;
  }
  await written;
}

/** Write `files` of `dir` into a gzip-compressed tar under `root/`. */
export async function writeArchive(opts: ArchiveOptions): Promise<void> {
  await withArchive(opts, (tar) => tar.addFiles(opts.files));
}
