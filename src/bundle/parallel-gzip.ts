// One gzip member (RFC 1952) compressed on libuv's thread pool, several blocks at a time, as pigz does: the
// input is cut into blocks, each block is raw deflate primed with the previous block's last 32 KiB and ended
// with a sync flush, so the blocks join into one deflate stream that any gunzip reads. The main thread only
// cuts blocks and keeps the CRC-32 and the length; zlib does the compressing, off the main thread.

import { availableParallelism } from 'node:os';
import { Transform, type TransformCallback } from 'node:stream';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, type ZlibOptions } from 'node:zlib';

const deflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(deflateRaw);

/** Deflate's window: a block primed with this much of what came before compresses as if it were one stream. */
const WINDOW = 32 * 1024;
/** Magic, deflate, no flags, no time (deterministic), no extra flags, Unix — what zlib's own gzip writes. */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]);

export interface ParallelGzipOptions {
  /** zlib level (default 6, the level of `gzip` and `tar -z`). */
  level?: number;
  /** Bytes of input per block (default 1 MiB). */
  blockSize?: number;
  /**
   * Blocks being compressed at once (default: the CPUs there are, at most 3). File reads go through the same
   * thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), so one thread is always left for them.
   */
  inFlight?: number;
}

/** A Transform from bytes to one gzip member, compressing blocks in parallel and writing them in order. */
export class ParallelGzip extends Transform {
  private readonly level: number;
  private readonly blockSize: number;
  private readonly inFlight: number;
  /**
   * Block buffers not being filled or compressed. Reused: a block per megabyte, freshly allocated, made V8
   * collect a large heap again and again for the memory outside it.
   */
  private readonly free: Buffer[] = [];
  private block: Buffer;
  private filled = 0;
  private crc = 0;
  private length = 0;
  private dictionary: Buffer | undefined;
  /** Blocks being compressed, oldest first; each is pushed when it and every block before it is done. */
  private readonly pending: Promise<Buffer>[] = [];

  constructor(opts: ParallelGzipOptions = {}) {
    super();
    this.level = opts.level ?? constants.Z_DEFAULT_COMPRESSION;
    this.blockSize = opts.blockSize ?? 1 << 20;
    // A block of no bytes would never fill: the stream would loop on empty blocks.
    if (!Number.isInteger(this.blockSize) || this.blockSize < 1)
      throw new RangeError(`blockSize must be a whole number of bytes, at least 1: ${this.blockSize}`);
    this.inFlight = Math.max(1, opts.inFlight ?? Math.min(3, availableParallelism()));
    this.block = Buffer.allocUnsafe(this.blockSize);
    this.push(HEADER);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.absorb(chunk).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    // The last block carries the final-block bit (Z_FINISH), even when it is empty.
    this.startBlock(constants.Z_FINISH);
    this.drain(0).then(() => {
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(this.crc >>> 0, 0);
      trailer.writeUInt32LE(this.length % 2 ** 32, 4);
      this.push(trailer);
      done();
    }, done);
  }

  /** Copy `chunk` into blocks, starting each block that fills (waiting while enough are in flight). */
  private async absorb(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      const n = chunk.copy(this.block, this.filled, at);
      this.filled += n;
      at += n;
      if (this.filled < this.blockSize) break;
      this.startBlock(constants.Z_SYNC_FLUSH);
      await this.drain(this.inFlight - 1);
    }
  }

  /** Hand the filled part of the current block to zlib, and go on with a free block. */
  private startBlock(flush: number): void {
    const buffer = this.block;
    const block = buffer.subarray(0, this.filled);
    this.crc = crc32(block, this.crc);
    this.length += block.length;
    // 128 KiB of output room per round trip between the pool and the main thread: zlib's 16 KiB default makes
    // several trips per block, room for the whole block makes garbage the size of the input.
    const options: ZlibOptions = { level: this.level, finishFlush: flush, chunkSize: 128 * 1024 };
    if (this.dictionary) options.dictionary = this.dictionary;
    const compressed = deflateRawAsync(block, options).finally(() => this.free.push(buffer));
    // Seen at once: a block that fails while an earlier one is awaited must not be an unhandled rejection.
    compressed.catch(() => {});
    this.pending.push(compressed);
    // zlib copies the dictionary when it starts; this one is the next block's.
    const tail = block.subarray(Math.max(0, block.length - WINDOW));
    this.dictionary =
      tail.length === WINDOW || !this.dictionary
        ? Buffer.from(tail)
        : Buffer.concat([this.dictionary, tail]).subarray(-WINDOW);
    this.block = this.free.pop() ?? Buffer.allocUnsafe(this.blockSize);
    this.filled = 0;
  }

  /** Push finished blocks in order until at most `left` are still being compressed. */
  private async drain(left: number): Promise<void> {
    while (this.pending.length > left) this.push(await this.pending.shift()!);
  }
}
