// Tar headers that readers apply differently: what GNU tar and Python's tarfile unpack from a package must
// be what verify checked. Each hostile archive keeps every signed byte, so verify saw all files intact and
// said OK before these checks; GNU tar and Python (asked in the same test) unpack another tree from it.

import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { describe, expect, it } from 'vitest';
import { openBundle, writeArchive, writeBundle } from '../../../src/bundle/index.js';
import { listFiles } from '../../../src/bundle/manifest/list-files.js';
import { RUN, runFolder, SIGNED_AT, sealedBundle, testSigner } from './bundle-fixture.js';

const run = promisify(execFile);
const REPORT = `${RUN.runId}/reports/report.html`;
const EVIDENCE = `${RUN.runId}/evidence/111111111111/us-east-1/ev-000001.json`;

/** A 512-byte ustar header (checksum computed). */
function ustar(name: string, type: string, size: number): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0, 100, 'utf8');
  b.write('0000644\0', 100);
  b.write('0000000\0', 108);
  b.write('0000000\0', 116);
  b.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  b.write('00000000000\0', 136);
  b.write(type, 156);
  b.write('ustar\u000000', 257);
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return b;
}
const padded = (d: Buffer) => Buffer.concat([d, Buffer.alloc((512 - (d.length % 512)) % 512)]);
const entry = (name: string, data: Buffer, type = '0') =>
  Buffer.concat([ustar(name, type, data.length), padded(data)]);
/** One pax record, `<length> key=value\n`, the length counting itself. */
function record(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let n = Buffer.byteLength(body) + 1;
  while (String(n).length + Buffer.byteLength(body) !== n) n = String(n).length + Buffer.byteLength(body);
  return `${n}${body}`;
}
const pax = (records: string, type = 'x') => entry('PaxHeader/entry', Buffer.from(records), type);

/** The genuine archive as entries (path → header-and-body bytes), end marker dropped. */
async function genuine() {
  const { dir, signer } = await sealedBundle();
  const file = `${dir}.tar.gz`;
  await writeArchive({ dir, files: (await listFiles(dir)).files, root: RUN.runId, file, mtime: SIGNED_AT });
  const tar = gunzipSync(await readFile(file));
  const entries = new Map<string, Buffer>();
  let at = 0;
  while (tar.subarray(at, at + 512).some((b) => b !== 0)) {
    const h = new Header(tar, at);
    const end = at + 512 + Math.ceil((h.size ?? 0) / 512) * 512;
    entries.set(h.path!, tar.subarray(at, end));
    at = end;
  }
  expect((await openBundle(file, { trust: signer.chain })).ok).toBe(true);
  return { dir, entries, trust: signer.chain };
}

/** Write `parts` as a .tar.gz with its end marker; what GNU tar and Python unpack from it. */
async function hostile(dir: string, name: string, parts: Buffer[]) {
  const file = join(dir, '..', `${name}.tar.gz`);
  await writeFile(file, gzipSync(Buffer.concat([...parts, Buffer.alloc(1024)])));
  const out = join(dir, '..', `${name}-out`);
  const gnu = join(out, 'gnu');
  const py = join(out, 'python');
  await mkdir(gnu, { recursive: true });
  await mkdir(py, { recursive: true });
  await run('tar', ['-xzf', file, '-C', gnu]).catch(() => undefined); // exit status aside: what it wrote
  await run('python3', [
    '-c',
    'import sys, tarfile\nwith tarfile.open(sys.argv[1]) as t:\n  t.extractall(sys.argv[2], filter="tar")',
    file,
    py,
  ]).catch(() => undefined);
  const read = (root: string, path: string) => readFile(join(root, path)).catch(() => undefined);
  return { file, gnu, py, read };
}

describe('tar headers other readers apply differently', () => {
  it('refuses a pax global header: GNU tar and Python unpack every later entry onto its path', async () => {
    const { dir, entries, trust } = await genuine();
    const out = await hostile(dir, 'global-path', [pax(record('path', REPORT), 'g'), ...entries.values()]);
    // Both unpack one file, the last entry's bytes (signer.pem) as the report.
    const signerPem = entries.get(`${RUN.runId}/signer.pem`)!.subarray(512).toString('utf8');
    for (const root of [out.gnu, out.py]) {
      expect((await out.read(root, REPORT))?.toString('utf8')).toBe(signerPem.replace(/\0+$/, ''));
      expect(await out.read(root, `${RUN.runId}/manifest.json`)).toBeUndefined();
    }
    const report = await openBundle(out.file, { trust });
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.message).toMatch(/pax global header/);
  });

  it('refuses a pax path and a GNU long name for one entry: GNU tar and Python take the pax path', async () => {
    const { dir, entries, trust } = await genuine();
    const evidence = entries.get(EVIDENCE)!;
    const long = Buffer.from(`${EVIDENCE}\0`);
    const parts = [...entries].filter(([p]) => p !== EVIDENCE).map(([, b]) => b);
    parts.push(pax(record('path', REPORT)), entry('././@LongLink', long, 'L'), evidence);
    const out = await hostile(dir, 'pax-then-long-name', parts);
    const evidenceBytes = evidence.subarray(512, 512 + new Header(evidence).size!);
    for (const root of [out.gnu, out.py]) {
      expect(await out.read(root, REPORT)).toEqual(evidenceBytes);
      expect(await out.read(root, EVIDENCE)).toBeUndefined();
    }
    const report = await openBundle(out.file, { trust });
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.message).toMatch(/second extended header for one entry/);
  });

  it('refuses GNU sparse pax keys: GNU tar and Python unpack the entry under GNU.sparse.name', async () => {
    const { dir, entries, trust } = await genuine();
    const evidence = entries.get(EVIDENCE)!;
    const size = new Header(evidence).size!;
    const parts = [...entries].filter(([p]) => p !== EVIDENCE).map(([, b]) => b);
    const records =
      record('path', EVIDENCE) +
      record('GNU.sparse.major', '0') +
      record('GNU.sparse.minor', '1') +
      record('GNU.sparse.name', REPORT) +
      record('GNU.sparse.realsize', String(size)) +
      record('GNU.sparse.map', `0,${size}`);
    parts.push(pax(records), evidence);
    const out = await hostile(dir, 'sparse-name', parts);
    for (const root of [out.gnu, out.py]) {
      expect(await out.read(root, REPORT)).toEqual(evidence.subarray(512, 512 + size));
      expect(await out.read(root, EVIDENCE)).toBeUndefined();
    }
    const report = await openBundle(out.file, { trust });
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.message).toMatch(/sets 'GNU.sparse.major', which tar readers do not apply/);
  });

  it('refuses a pax value holding a newline: node-tar reads a second record inside it, GNU tar one path', async () => {
    const { dir, entries, trust } = await genuine();
    const reportEntry = entries.get(REPORT)!;
    const parts = [...entries].filter(([p]) => p !== REPORT).map(([, b]) => b);
    // One record to GNU tar (path = "<run>/hidden\n<record>"); node-tar splits on the newline and keeps
    // only the inner record, a path to the report.
    const inner = record('path', REPORT);
    const value = `${RUN.runId}/hidden\n${inner.slice(0, -1)}`;
    parts.push(pax(record('path', value)), reportEntry);
    const out = await hostile(dir, 'newline-in-pax', parts);
    expect(await out.read(out.gnu, REPORT)).toBeUndefined();
    expect(await out.read(out.gnu, value)).toEqual(
      reportEntry.subarray(512, 512 + new Header(reportEntry).size!),
    );
    const report = await openBundle(out.file, { trust });
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.message).toMatch(/malformed record/);
  });

  it("refuses an old GNU 'N' record: node-tar takes it as the next path, GNU tar and Python as a file", async () => {
    const { dir, entries, trust } = await genuine();
    const reportEntry = entries.get(REPORT)!;
    const parts = [...entries].filter(([p]) => p !== REPORT).map(([, b]) => b);
    const moved = Buffer.from(reportEntry);
    moved.set(ustar(`${RUN.runId}/moved.html`, '0', new Header(reportEntry).size!));
    parts.push(entry(`${RUN.runId}/names`, Buffer.from(`${REPORT}\0`), 'N'), moved);
    const out = await hostile(dir, 'old-gnu-names', parts);
    for (const root of [out.gnu, out.py]) {
      expect(await out.read(root, REPORT)).toBeUndefined();
      expect(await out.read(root, `${RUN.runId}/moved.html`)).toBeDefined();
    }
    const report = await openBundle(out.file, { trust });
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.message).toMatch(/old GNU long-name \('N'\) record/);
  });

  it('refuses a directory entry on a listed file: GNU tar replaces the file with a directory', async () => {
    const { dir, entries, trust } = await genuine();
    const out = await hostile(dir, 'dir-on-file', [...entries.values(), ustar(`${REPORT}/`, '5', 0)]);
    expect((await stat(join(out.gnu, REPORT))).isDirectory()).toBe(true);
    const report = await openBundle(out.file, { trust });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'extra',
        path: 'reports/report.html (also a directory entry, which tar unpacks over the file)',
      }),
    ]);
  });

  it('refuses an old GNU header with bytes in the prefix field, which Python puts in front of the name', async () => {
    const { dir, entries, trust } = await genuine();
    const reportEntry = Buffer.from(entries.get(REPORT)!);
    // Old GNU magic ("ustar  \0"): the prefix field is not a prefix to GNU tar or node-tar.
    reportEntry.write('ustar  \0', 257, 'latin1');
    reportEntry.write('elsewhere', 345, 'latin1');
    reportEntry.fill(0x20, 148, 156);
    let sum = 0;
    for (const x of reportEntry.subarray(0, 512)) sum += x;
    reportEntry.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const parts = [...entries].map(([p, b]) => (p === REPORT ? reportEntry : b));
    const out = await hostile(dir, 'gnu-prefix', parts);
    expect(await out.read(out.gnu, REPORT)).toBeDefined();
    expect(await out.read(out.py, REPORT)).toBeUndefined();
    expect(await out.read(out.py, `elsewhere/${REPORT}`)).toBeDefined();
    const report = await openBundle(out.file, { trust });
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.message).toMatch(/non-ustar header with a prefix field/);
  });

  it('reads a path over 255 bytes as GNU tar does (node-tar writes a ustar prefix beside the pax path)', async () => {
    const signer = await testSigner();
    const dir = await runFolder(signer);
    const long = `evidence/${'d'.repeat(120)}/${'e'.repeat(120)}/attestation.json`;
    await mkdir(join(dir, long, '..'), { recursive: true });
    await writeFile(join(dir, long), '{"attested":true}\n');
    await writeBundle({ dir, run: RUN, signer, signedAt: SIGNED_AT });
    const file = `${dir}.tar.gz`;
    await writeArchive({ dir, files: (await listFiles(dir)).files, root: RUN.runId, file, mtime: SIGNED_AT });
    const tarBytes = gunzipSync(await readFile(file));
    // The archive holds a pax header and a ustar prefix for that entry; GNU tar takes the pax path.
    expect((await run('tar', ['-tzf', file])).stdout.split('\n')).toContain(`${RUN.runId}/${long}`);
    expect(tarBytes.includes(Buffer.from(`path=${RUN.runId}/${long}\n`))).toBe(true);
    const report = await openBundle(file, { trust: signer.chain });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
