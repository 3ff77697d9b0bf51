// Read a bundle archive (.tar.gz or .tar) as a stream of entries, refusing whatever another reader could see
// differently: exactly one gzip member with nothing after it (CRC and length checked), headers with valid
// checksums, and nothing but zero padding after the end-of-archive marker (`tar -i` and Python's
// `tarfile(ignore_zeros=True)` read entries there). Headers and pax records are parsed by node-tar's own
// Header and Pax; this file only keeps the 512-byte framing, so it knows where the archive ends.

import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { Header, type HeaderData, Pax } from 'tar';
import { collectYoung } from './young-collect.js';

/** The archive cannot be read as one honest tar (or tar.gz) stream. */
export class ArchiveError extends Error {
  readonly code = 'ARCHIVE_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export interface ArchiveEntry {
  /** The path as stored (pax and GNU long names applied). */
  path: string;
  /** node-tar's type name: File, OldFile, Directory, SymbolicLink, … */
  type: string;
  size: number;
}

/**
 * What to do with an entry's bytes: `data` for each chunk of its body and `end` after the last, or undefined
 * to skip it (skipped bytes are still read, since the archive is a stream, but not kept or hashed).
 */
export type EntrySink = { data(chunk: Buffer): void; end(): void } | undefined;

/** Largest pax or GNU long-name record read (they hold a path or a few attributes). */
const META_CAP = 1024 * 1024;
const BLOCK = 512;
/** Magic and version of a POSIX ustar header. */
const USTAR_MAGIC = Buffer.from('ustar\u000000', 'latin1');
const ZEROS = Buffer.alloc(64 * 1024);

/** Index of the first non-zero byte of `data`, or -1 (compared natively, 64 KiB at a time). */
function firstNonZero(data: Buffer): number {
  for (let at = 0; at < data.length; at += ZEROS.length) {
    const part = data.subarray(at, at + ZEROS.length);
    if (!part.equals(ZEROS.subarray(0, part.length))) return at + part.findIndex((b) => b !== 0);
  }
  return -1;
}

/**
 * Stream `file` (a .tar.gz, or a .tar when `gzip` is false) entry by entry; throws ArchiveError. When
 * `stop()` turns true the rest is not read (and not checked: only a full read checks the whole archive).
 */
export async function readArchive(
  file: string,
  onEntry: (entry: ArchiveEntry) => EntrySink,
  opts: { gzip: boolean; stop?: () => boolean },
): Promise<void> {
  const walker = new TarWalker(onEntry);
  const chunks = opts.gzip ? gunzipSingleMember(file) : plainChunks(file);
  for await (const chunk of chunks) {
    walker.write(chunk);
    if (opts.stop?.()) return;
  }
  walker.end();
}

async function* plainChunks(file: string): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
}

/**
 * Decompress a gzip file that must hold exactly one member: header parsed here (RFC 1952), the deflate
 * stream by zlib, then the trailer's CRC-32 and length checked and the file required to end there.
 */
async function* gunzipSingleMember(file: string): AsyncGenerator<Buffer> {
  const size = (await stat(file)).size;
  const fh = await open(file, 'r');
  let headerLength: number;
  try {
    headerLength = await gzipHeaderLength(fh, size);
  } finally {
    await fh.close();
  }
  // Small reads: zlib inflates a whole input chunk before it heeds backpressure, and 16 KiB of a bomb
  // inflates to at most ~16 MiB.
  const source = createReadStream(file, { start: headerLength, highWaterMark: 1 << 14 });
  // 16 KiB output chunks (zlib's default): larger ones leave the allocator holding far more memory while a
  // bomb inflates (measured: 64 KiB chunks peak ~50 MiB higher over a 1 GiB entry).
  const inflate = createInflateRaw({ chunkSize: 1 << 14 });
  source.on('error', (err) => inflate.destroy(err));
  source.pipe(inflate);
  let crc = 0;
  let length = 0;
  try {
    for await (const chunk of inflate) {
      crc = crc32(chunk as Buffer, crc);
      length += (chunk as Buffer).length;
      // Every 16 MiB inflated: free the spent output buffers now (young-collect.ts says why).
      if (length % 2 ** 24 < (chunk as Buffer).length) collectYoung();
      yield chunk as Buffer;
    }
  } catch (err) {
    throw new ArchiveError(`the gzip stream is damaged: ${(err as Error).message}`);
  } finally {
    source.destroy();
  }
  // zlib stops at the end of the deflate stream; whatever follows it must be the 8-byte trailer, and no more.
  const trailerAt = headerLength + inflate.bytesWritten;
  if (trailerAt + 8 > size) throw new ArchiveError('the gzip stream is cut short (no trailer)');
  const trailer = Buffer.alloc(8);
  const fh2 = await open(file, 'r');
  try {
    await fh2.read(trailer, 0, 8, trailerAt);
  } finally {
    await fh2.close();
  }
  if (trailer.readUInt32LE(0) !== crc >>> 0)
    throw new ArchiveError('the gzip CRC-32 does not match its data');
  if (trailer.readUInt32LE(4) !== length % 2 ** 32)
    throw new ArchiveError('the gzip length field does not match its data');
  const after = size - (trailerAt + 8);
  if (after > 0)
    throw new ArchiveError(
      `${after} bytes follow the gzip stream (a second gzip member or appended data, which gunzip would also unpack)`,
    );
}

async function gzipHeaderLength(fh: import('node:fs/promises').FileHandle, size: number): Promise<number> {
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  await fh.read(head, 0, head.length, 0);
  if (head.length < 10 || head[0] !== 0x1f || head[1] !== 0x8b) throw new ArchiveError('not a gzip file');
  if (head[2] !== 8) throw new ArchiveError('unsupported gzip compression method');
  const flags = head[3]!;
  if (flags & 0xe0) throw new ArchiveError('reserved gzip header flags are set');
  let at = 10;
  const need = (n: number) => {
    if (at + n > head.length) throw new ArchiveError('the gzip header is too long or cut short');
  };
  if (flags & 0x04) {
    need(2);
    const xlen = head.readUInt16LE(at);
    at += 2;
    need(xlen);
    at += xlen;
  }
  for (const bit of [0x08, 0x10]) {
    if (!(flags & bit)) continue;
    const end = head.indexOf(0, at);
    if (end === -1) throw new ArchiveError('the gzip header is too long or cut short');
    at = end + 1;
  }
  if (flags & 0x02) {
    need(2);
    at += 2;
  }
  return at;
}

/**
 * Pax keywords every reader applies alike. Others are refused: GNU tar and Python honour `GNU.sparse.name`
 * (another path) and the sparse map, node-tar ignores them; node-tar honours `type` and `mode`, GNU tar does
 * not; `hdrcharset` changes how the path is decoded.
 */
const PAX_KEYS: ReadonlySet<string> = new Set([
  'path',
  'linkpath',
  'size',
  'mtime',
  'atime',
  'ctime',
  'uid',
  'gid',
  'uname',
  'gname',
  'comment',
  'charset',
  'SCHILY.dev',
  'SCHILY.ino',
  'SCHILY.nlink',
]);

/**
 * Check a pax extended header record by record (`<length> <key>=<value>\n`, POSIX pax): lengths that
 * add up, known keys, each once, no newline or NUL inside a value (node-tar splits records on newlines, GNU tar
 * by length, so a value holding a newline reads as two records to one of them).
 */
function checkPaxRecords(body: Buffer, offset: number): void {
  const refuse = (why: string) => {
    throw new ArchiveError(`a pax extended header before offset ${offset} ${why}`);
  };
  const seen = new Set<string>();
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const digits = space === -1 ? '' : body.subarray(at, space).toString('latin1');
    const length = /^[1-9][0-9]{0,7}$/.test(digits) ? Number(digits) : 0;
    if (!length || at + length > body.length || body[at + length - 1] !== 0x0a)
      refuse('has a malformed record');
    const record = body.subarray(space + 1, at + length - 1);
    const eq = record.indexOf(0x3d);
    if (eq <= 0 || record.includes(0x0a) || record.includes(0)) refuse('has a malformed record');
    const key = record.subarray(0, eq).toString('utf8');
    if (!PAX_KEYS.has(key)) refuse(`sets '${key}', which tar readers do not apply alike`);
    if (seen.has(key)) refuse(`sets '${key}' twice`);
    seen.add(key);
    at += length;
  }
}

type State =
  | { kind: 'header' }
  | { kind: 'body'; remain: number; padding: number; sink: EntrySink }
  | { kind: 'meta'; remain: number; padding: number; header: Header; parts: Buffer[] }
  | { kind: 'eof' };

/** The 512-byte framing of a tar stream; entries go to `onEntry`. */
class TarWalker {
  private state: State = { kind: 'header' };
  private carry = Buffer.alloc(0);
  private position = 0;
  private zeroBlocks = 0;
  private ex: HeaderData | undefined;
  private gex: HeaderData | undefined;

  constructor(private readonly onEntry: (entry: ArchiveEntry) => EntrySink) {}

  write(chunk: Buffer): void {
    let data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    while (data.length > 0) {
      const s = this.state;
      if (s.kind === 'eof') {
        this.requireZeros(data);
        this.position += data.length;
        return;
      }
      if (s.kind === 'body' || s.kind === 'meta') {
        if (s.remain > 0) {
          const n = Math.min(s.remain, data.length);
          const part = data.subarray(0, n);
          if (s.kind === 'body') s.sink?.data(part);
          else s.parts.push(Buffer.from(part));
          s.remain -= n;
          if (s.remain === 0 && s.kind === 'body') s.sink?.end();
          this.position += n;
          data = data.subarray(n);
          continue;
        }
        if (s.padding > 0) {
          const n = Math.min(s.padding, data.length);
          s.padding -= n;
          this.position += n;
          data = data.subarray(n);
          if (s.padding > 0) continue;
        }
        if (s.kind === 'meta') this.applyMeta(s.header, Buffer.concat(s.parts));
        this.state = { kind: 'header' };
        continue;
      }
      if (data.length < BLOCK) {
        this.carry = Buffer.from(data);
        return;
      }
      this.header(data.subarray(0, BLOCK));
      this.position += BLOCK;
      data = data.subarray(BLOCK);
    }
  }

  end(): void {
    const s = this.state;
    if (s.kind === 'eof') {
      if (this.carry.length) this.requireZeros(this.carry);
      return;
    }
    if (s.kind === 'header' && this.zeroBlocks === 1)
      throw new ArchiveError('the archive ends after a single zero block (it is cut short)');
    throw new ArchiveError('the archive is cut short: no end-of-archive marker');
  }

  private header(block: Buffer): void {
    if (firstNonZero(block) === -1) {
      this.zeroBlocks += 1;
      if (this.zeroBlocks === 2) this.state = { kind: 'eof' };
      return;
    }
    if (this.zeroBlocks > 0)
      throw new ArchiveError(
        `a zero block at offset ${this.position - BLOCK} is followed by more entries (tar -i would read them)`,
      );
    const header = new Header(block, 0, this.ex, this.gex);
    if (!header.cksumValid) throw new ArchiveError(`bad tar header checksum at offset ${this.position}`);
    // Python puts the bytes of the ustar prefix field in front of the name whatever the magic says; GNU tar
    // and node-tar read that field as a prefix only in a POSIX ustar header.
    if (!block.subarray(257, 265).equals(USTAR_MAGIC) && firstNonZero(block.subarray(345, 500)) !== -1)
      throw new ArchiveError(
        `a non-ustar header with a prefix field at offset ${this.position} (Python reads it into the path, GNU tar does not)`,
      );
    const size = header.size ?? 0;
    if (!Number.isSafeInteger(size) || size < 0)
      throw new ArchiveError(`bad entry size at offset ${this.position}`);
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    const type = header.type;
    // node-tar reads an 'N' record as the next entry's path; GNU tar and Python unpack it as a file of its
    // own, and the next entry under its own name.
    if (type === 'OldGnuLongPath')
      throw new ArchiveError(
        `an old GNU long-name ('N') record at offset ${this.position} (GNU tar and Python unpack it as a file)`,
      );
    if (
      type === 'ExtendedHeader' ||
      type === 'OldExtendedHeader' ||
      type === 'GlobalExtendedHeader' ||
      type === 'NextFileHasLongPath' ||
      type === 'NextFileHasLongLinkpath'
    ) {
      if (size > META_CAP) throw new ArchiveError(`a ${type} record of ${size} bytes is over the cap`);
      // GNU tar applies a global header's path to every later entry, node-tar never does; and with a pax path
      // and a GNU long name (or two of either) for one entry, GNU tar and Python let the pax one win whatever
      // the order, node-tar the last. Our archives never hold either, so refuse both.
      if (type === 'GlobalExtendedHeader')
        throw new ArchiveError(
          `a pax global header at offset ${this.position} (GNU tar and Python apply it to later entries)`,
        );
      if (this.ex !== undefined)
        throw new ArchiveError(
          `a second extended header for one entry at offset ${this.position} (readers disagree which wins)`,
        );
      this.state = { kind: 'meta', remain: size, padding, header, parts: [] };
      return;
    }
    // A pax path or GNU long name is the whole path (GNU tar, Python); node-tar's Header would put a ustar
    // prefix in front of it, and node-tar writes one beside the pax path of every path over 255 bytes.
    const path = this.ex?.path ?? header.path;
    this.ex = undefined;
    if (!path) throw new ArchiveError(`a tar entry without a path at offset ${this.position}`);
    const sink = this.onEntry({ path, type, size });
    if (size === 0) sink?.end();
    this.state = { kind: 'body', remain: size, padding, sink };
  }

  private applyMeta(header: Header, body: Buffer): void {
    switch (header.type) {
      case 'GlobalExtendedHeader':
        this.gex = Pax.parse(body.toString('utf8'), this.gex, true);
        break;
      case 'ExtendedHeader':
      case 'OldExtendedHeader':
        checkPaxRecords(body, this.position);
        this.ex = Pax.parse(body.toString('utf8'), this.ex, false);
        break;
      default: {
        const value = body.toString('utf8').replace(/\0.*/s, '');
        const key = header.type === 'NextFileHasLongLinkpath' ? 'linkpath' : 'path';
        this.ex = { ...(this.ex ?? {}), [key]: value };
      }
    }
  }

  private requireZeros(data: Buffer): void {
    const i = firstNonZero(data);
    if (i !== -1)
      throw new ArchiveError(
        `data after the end-of-archive marker at offset ${this.position + i} (tar -i and tarfile(ignore_zeros=True) would read it)`,
      );
  }
}
