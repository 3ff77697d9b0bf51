import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { create } from 'tar';
import { readFileSync } from 'node:fs';
const { listFiles } = await import('./dist/bundle/manifest/list-files.js');
const { ParallelGzip } = await import('./dist/bundle/parallel-gzip.js');
const dir = process.argv[2];
const files = (await listFiles(dir)).files;
const t = async (label, fn) => { const t0 = performance.now(); await fn(); console.log(label.padEnd(22), (performance.now() - t0).toFixed(0).padStart(6), 'ms'); };
const mtime = new Date('2026-01-01T00:00:00Z');
const sink = () => new Writable({ write(c, e, cb) { cb(); } });
const pack = () => create({ cwd: dir, prefix: 'r', portable: true, mtime, noDirRecurse: true, strict: true, maxReadSize: 1 << 20 }, [...files]);
const big = readFileSync(dir + '/findings.jsonl');
for (let r = 0; r < 2; r++) {
  await t('pack only', () => pipeline(pack(), sink()));
  for (const inFlight of [1, 2, 4]) await t(`gzip 14MB inflight ${inFlight}`, () => pipeline(async function* () { for (let i = 0; i < big.length; i += 65536) yield big.subarray(i, i + 65536); }, new ParallelGzip({ inFlight }), sink()));
}
const { createGzip } = await import('node:zlib');
for (let r = 0; r < 3; r++) {
  await t('pack+pgzip 4', () => pipeline(pack(), new ParallelGzip(), sink()));
  await t('pack+pgzip 2', () => pipeline(pack(), new ParallelGzip({ inFlight: 2 }), sink()));
  await t('pack+pgzip 8 256k', () => pipeline(pack(), new ParallelGzip({ inFlight: 8, blockSize: 256 << 10 }), sink()));
  await t('pack+createGzip', () => pipeline(pack(), createGzip(), sink()));
}
