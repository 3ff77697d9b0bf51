// The archive's tar framing, reading each file once: the bytes read are hashed and framed from the same
// buffer, so the archive holds exactly the bytes whose SHA-256 is returned. Headers are node-tar's (`Header`,
// and a pax header for long paths), as its `create` writes them with `portable`, a fixed `mtime` and a prefix.
// A file that is not a regular file when opened, or whose size changes while it is read, is refused.

import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, readlink, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { Header, Pax } from 'tar';
import { RunError } from '../core/errors.js';
import type { FileDigest } from './manifest/list-files.js';

/**
 * Where framed bytes go; each call resolves once `chunk` has been taken (its buffer is then reused). A sink must
 * therefore copy what it keeps before it resolves: a stream that passes chunks on by reference (a PassThrough)
 * would hold bytes the writer has since overwritten.
 */
export interface TarSink {
  append(chunk: Buffer): Promise<void>;
}

/**
 * A Writable as a sink: each chunk is handed over once the previous one's write callback has run. Only for a
 * stream that has copied or consumed a chunk when it calls back (zlib, ParallelGzip, a file), see TarSink.
 */
export function writableSink(stream: NodeJS.WritableStream): TarSink {
  return {
    append: (chunk) =>
      new Promise((resolve, reject) => {
        stream.write(chunk, (err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Bytes read per call, and per pooled buffer. */
const PIECE = 256 * 1024;
/** Small pieces (headers, padding, small files) are gathered into one buffer of this size before the sink. */
const STAGE = 256 * 1024;
/** Pieces this large go to the sink as they are (after what is gathered). */
const DIRECT = 64 * 1024;
/** Files opened and read ahead of the one being framed (reads of small files wait on the thread pool). */
const READ_AHEAD = 16;
const ZEROS = Buffer.alloc(1024);

/** A file opened and read up to its first piece, ahead of its turn. */
interface Opened {
  path: string;
  size: number;
  mode: number;
  /** Last modification when opened (a file longer than a piece is checked again once read). */
  mtimeMs: number;
  /** The first piece (a pooled buffer) and how much of it was read. */
  buffer: Buffer;
  read: number;
  /** Still open when the file is longer than one piece. */
  handle: FileHandle | undefined;
}

export interface TarWriterOptions {
  /** Folder the paths are relative to. */
  dir: string;
  /** Top-level folder name of every entry. */
  root: string;
  /** Modification time stored for every entry. */
  mtime: Date;
}

/** Frames regular files of `dir` (and bytes made in memory) as tar entries under `root/`. */
export class TarWriter {
  private readonly free: Buffer[] = [];
  private readonly staged = Buffer.allocUnsafe(STAGE);
  private used = 0;

  constructor(
    private readonly sink: TarSink,
    private readonly opts: TarWriterOptions,
  ) {}

  /**
   * Add `paths` (relative, POSIX) in the order given, each read once, several opened ahead. `onFile`, when
   * given, gets each file's size and the SHA-256 of the bytes archived, in order (no hashing without it).
   */
  async addFiles(
    paths: readonly string[],
    onFile?: (path: string, digest: FileDigest) => void,
  ): Promise<void> {
    const ahead: Promise<Opened>[] = [];
    let next = 0;
    const fill = () => {
      while (next < paths.length && ahead.length < READ_AHEAD) {
        const opened = this.openFile(paths[next++]!);
        // Seen at once: a file that fails while an earlier one is framed must not be an unhandled rejection.
        opened.catch(() => {});
        ahead.push(opened);
      }
    };
    fill();
    try {
      while (ahead.length > 0) {
        const file = await ahead.shift()!;
        try {
          const digest = await this.frameFile(file, onFile !== undefined);
          onFile?.(file.path, digest);
        } finally {
          // A failing close must not hide the error that ended the framing.
          await file.handle?.close().catch(() => {});
          this.free.push(file.buffer);
        }
        fill();
      }
    } finally {
      // On failure, files opened ahead are closed before the error goes on.
      for (const p of ahead)
        await p.then(
          (f) => f.handle?.close().catch(() => {}),
          () => {},
        );
    }
  }

  /** Add `bytes` as the file `path` (mode 0644); returns their size and SHA-256. */
  async addBytes(path: string, bytes: Buffer): Promise<FileDigest> {
    await this.header(path, bytes.length, 0o644);
    await this.put(bytes);
    await this.pad(bytes.length);
    return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /** The run folder as the kernel resolves it, asked once: files must be opened inside it. */
  private realDir: Promise<string> | undefined;

  /** The end-of-archive marker: two zero blocks, as node-tar writes it. */
  async end(): Promise<void> {
    await this.put(ZEROS);
    await this.flush();
  }

  /** Gather small pieces; a large one goes on as it is, after what was gathered. */
  private async put(bytes: Buffer): Promise<void> {
    if (bytes.length >= DIRECT) {
      await this.flush();
      await this.sink.append(bytes);
      return;
    }
    if (this.used + bytes.length > STAGE) await this.flush();
    bytes.copy(this.staged, this.used);
    this.used += bytes.length;
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const n = this.used;
    this.used = 0;
    await this.sink.append(this.staged.subarray(0, n));
  }

  private async openFile(path: string): Promise<Opened> {
    if (path.startsWith('/') || path.split('/').some((p) => p === '' || p === '.' || p === '..'))
      throw new RunError('BUNDLE_FILE_REFUSED', `${path}: not a plain relative path inside the run folder`);
    // O_NOFOLLOW: a file replaced by a symbolic link since the folder was listed is not followed;
    // O_NONBLOCK: a FIFO put in its place opens at once (and is refused below) instead of waiting for a writer.
    const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
    const handle = await open(join(this.opts.dir, path), flags).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ELOOP'
        ? new RunError('BUNDLE_FILE_REFUSED', `${path}: a symbolic link, not archived`, { cause: err })
        : err;
    });
    try {
      const info = await handle.stat();
      if (!info.isFile())
        throw new RunError('BUNDLE_FILE_REFUSED', `${path}: not a regular file, not archived`);
      // A second name for a file (a hard link) may be a file from outside the run folder linked in; Evidentia
      // never writes one.
      if (info.nlink > 1)
        throw new RunError('BUNDLE_FILE_REFUSED', `${path}: a hard link (${info.nlink} names), not archived`);
      await this.insideDir(path, handle);
      const buffer = this.free.pop() ?? Buffer.allocUnsafe(PIECE + 1);
      // One byte more than the file holds (when it fits a piece) tells a file that grew since its stat.
      const want = Math.min(info.size + 1, buffer.length);
      const { bytesRead } = await handle.read(buffer, 0, want, 0);
      const whole = info.size < buffer.length;
      if (whole) await handle.close();
      // node-tar's portable mode: permission bits only, owner read-write, no group or world write.
      const mode = ((info.mode & 0o7777) | 0o600) & ~0o22;
      const opened = { path, size: info.size, mode, mtimeMs: info.mtimeMs, buffer, read: bytesRead };
      return { ...opened, handle: whole ? undefined : handle };
    } catch (err) {
      await handle.close().catch(() => {});
      throw err;
    }
  }

  /**
   * O_NOFOLLOW covers a path's last part only: a folder on the way replaced by a symbolic link would be followed
   * out of the run folder. Where the kernel names what a descriptor opened (/proc/self/fd on Linux), that
   * must lie inside the run folder; elsewhere this check is skipped (docs/security.md).
   */
  private async insideDir(path: string, handle: FileHandle): Promise<void> {
    const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    if (opened === undefined) return;
    this.realDir ??= realpath(this.opts.dir);
    const dir = await this.realDir;
    if (opened !== join(dir, path))
      throw new RunError('BUNDLE_FILE_REFUSED', `${path}: opened outside the run folder, not archived`);
  }

  /** Header, the file's bytes (hashed as framed), padding. */
  private async frameFile(file: Opened, hashed: boolean): Promise<FileDigest> {
    const { path, size, buffer } = file;
    const hash = hashed ? createHash('sha256') : undefined;
    await this.header(path, size, file.mode);
    let done = Math.min(file.read, size);
    if (file.read > size) throw changed(path, size);
    hash?.update(buffer.subarray(0, done));
    await this.put(buffer.subarray(0, done));
    if (file.handle) {
      for (;;) {
        const want = Math.min(PIECE, size - done + 1);
        const { bytesRead } = await file.handle.read(buffer, 0, want, done);
        if (bytesRead === 0) break;
        if (done + bytesRead > size) throw changed(path, size);
        hash?.update(buffer.subarray(0, bytesRead));
        await this.put(buffer.subarray(0, bytesRead));
        done += bytesRead;
      }
    }
    if (done !== size) throw changed(path, size);
    // Rewritten in place at the same size while it was read: the bytes framed may be half old, half new.
    if (file.handle && (await file.handle.stat()).mtimeMs !== file.mtimeMs) throw changed(path, size);
    await this.pad(size);
    return { size, sha256: hash?.digest('hex') ?? '' };
  }

  private async header(path: string, size: number, mode: number): Promise<void> {
    const full = `${this.opts.root}/${path}`;
    const { mtime } = this.opts;
    const header = new Header({ path: full, mode, size, mtime, type: 'File' });
    // encode() is true when a field does not fit the ustar header: node-tar then writes a pax header first.
    if (header.encode()) await this.put(new Pax({ mtime, path: full, size }).encode());
    await this.put(header.block!);
  }

  private pad(size: number): Promise<void> {
    const rest = (512 - (size % 512)) % 512;
    return rest ? this.put(ZEROS.subarray(0, rest)) : Promise.resolve();
  }
}

function changed(path: string, size: number): RunError {
  return new RunError(
    'BUNDLE_FILE_CHANGED',
    `${path} changed while it was archived (its size was ${size} bytes when opened): the package is not sealed`,
  );
}
