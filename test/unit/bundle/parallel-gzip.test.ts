// The archive's gzip, compressed block by block on the thread pool: still exactly one gzip member that
// gunzip, GNU tar, Python and verify's strict reader (all asked in the same test) read back byte for byte,
// and compressed as one stream would be (each block primed with the last 32 KiB before it).

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openBundle, writeArchive } from '../../../src/bundle/index.js';
import { listFiles } from '../../../src/bundle/manifest/list-files.js';
import { ParallelGzip, type ParallelGzipOptions } from '../../../src/bundle/parallel-gzip.js';
import { RUN, SIGNED_AT, sealedBundle } from './bundle-fixture.js';

const run = promisify(execFile);

/** Gzip `data`, fed in chunks of `chunk` bytes. */
async function pgzip(data: Buffer, opts: ParallelGzipOptions, chunk = 1000): Promise<Buffer> {
  const out: Buffer[] = [];
  const parts = function* () {
    for (let at = 0; at < data.length; at += chunk) yield data.subarray(at, at + chunk);
  };
  await pipeline(
    Readable.from(parts()),
    new ParallelGzip(opts),
    new Writable({
      write(c: Buffer, _e, done) {
        out.push(c);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

describe('ParallelGzip', () => {
  it('writes one gzip member that gunzip reads back, for empty, short and many-block inputs', async () => {
    const text = Buffer.from(Array.from({ length: 4000 }, (_, i) => `{"n":${i},"status":"PASS"}\n`).join(''));
    for (const data of [Buffer.alloc(0), Buffer.from('x'), text, randomBytes(50_000)]) {
      const gz = await pgzip(data, { blockSize: 4096, inFlight: 3 });
      expect(gunzipSync(gz).equals(data)).toBe(true);
      // GNU gzip agrees, and its listing counts one member (its length is the trailer's).
      const file = join(await scratch(), 'a.gz');
      await writeFile(file, gz);
      const back = await run('gzip', ['-dc', file], { encoding: 'buffer', maxBuffer: 1 << 26 });
      expect(Buffer.compare(back.stdout as Buffer, data)).toBe(0);
      const listed = (await run('gzip', ['-lq', file])).stdout.trim().split(/\s+/);
      expect(listed[1]).toBe(String(data.length));
    }
  });

  it('refuses a block size that could never fill (it would loop on empty blocks)', () => {
    for (const blockSize of [0, -1, 0.5, Number.NaN])
      expect(() => new ParallelGzip({ blockSize })).toThrow(RangeError);
    expect(() => new ParallelGzip({ blockSize: 1 })).not.toThrow();
  });

  it('compresses blocks as well as one stream does, because each is primed with the window before it', async () => {
    // 600 random bytes repeated: a block without the window before it would store ~600 fresh bytes each.
    const unit = randomBytes(600);
    const data = Buffer.concat(Array.from({ length: 400 }, () => unit));
    const blocks = await pgzip(data, { blockSize: 2048 });
    const whole = gzipSync(data);
    expect(gunzipSync(blocks).equals(data)).toBe(true);
    // About 40 bytes per block (its Huffman tables and the sync flush's empty block); without the window
    // each of the 118 blocks would cost its ~600 fresh bytes, 70 KB in all.
    expect(blocks.length).toBeLessThan(whole.length + 40 * Math.ceil(data.length / 2048));
  });
});

function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'evidentia-pgzip-'));
}

describe('writeArchive', () => {
  it('archives in many blocks: the same tar as in one, read by verify, GNU tar and Python', async () => {
    const { dir, signer } = await sealedBundle();
    const files = (await listFiles(dir)).files;
    const one = `${dir}-one.tar.gz`;
    const many = `${dir}-many.tar.gz`;
    await writeArchive({ dir, files, root: RUN.runId, file: one, mtime: SIGNED_AT });
    await writeArchive({ dir, files, root: RUN.runId, file: many, mtime: SIGNED_AT, blockSize: 1024 });
    const tarOne = gunzipSync(await readFile(one));
    expect(gunzipSync(await readFile(many)).equals(tarOne)).toBe(true);
    // verify's reader refuses anything after the first gzip member and checks its CRC and length.
    expect((await openBundle(many, { trust: signer.chain })).ok).toBe(true);
    const gnu = (await run('tar', ['-tzf', many])).stdout.trim().split('\n');
    const py = await run('python3', [
      '-c',
      'import sys, tarfile\nwith tarfile.open(sys.argv[1]) as t:\n  print("\\n".join(m.name for m in t.getmembers()))',
      many,
    ]);
    const expected = files.map((f) => `${RUN.runId}/${f}`);
    expect(gnu).toEqual(expected);
    expect(py.stdout.trim().split('\n')).toEqual(expected);
  });

  it('rejects, with no archive that reads as whole, when a file goes missing while it is written', async () => {
    const { dir } = await sealedBundle();
    const files = (await listFiles(dir)).files;
    const file = `${dir}-missing.tar.gz`;
    await expect(
      writeArchive({
        dir,
        files: [...files, 'reports/gone.html'],
        root: RUN.runId,
        file,
        mtime: SIGNED_AT,
        blockSize: 1024,
      }),
    ).rejects.toThrow(/ENOENT|gone/);
    // Whatever reached the disk has no gzip trailer: gunzip refuses it (the caller removes it and never
    // renames it into place, pipeline/finalize-run.ts).
    const partial = await readFile(file).catch(() => Buffer.alloc(0));
    expect(() => gunzipSync(partial)).toThrow();
  });
});
