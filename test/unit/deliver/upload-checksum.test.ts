// The checksums a delivery expects S3 to report, checked against openssl on the same bytes: the whole
// file's SHA-256 and S3's composite multipart value (SHA-256 of the parts' binary SHA-256s, `-<parts>`).

import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveChecksums } from '../../../src/deliver/upload-checksum.js';

function opensslSha256(data: Buffer): Buffer {
  return execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: data });
}

describe('archiveChecksums', () => {
  it.each([
    ['smaller than a part', 1000, 4096],
    ['exactly one part', 4096, 4096],
    ['several parts and a tail', 3 * 4096 + 17, 4096],
    ['exactly three parts', 3 * 4096, 4096],
  ])('%s', async (_what, size, partSize) => {
    const data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >> 8)) & 0xff;
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-checksum-'));
    const file = join(dir, 'a.tar.gz');
    await writeFile(file, data);
    const sums = await archiveChecksums(file, partSize);
    const whole = opensslSha256(data);
    expect(sums.size).toBe(size);
    expect(sums.sha256Hex).toBe(whole.toString('hex'));
    expect(sums.fullObject).toBe(whole.toString('base64'));
    const parts: Buffer[] = [];
    for (let at = 0; at < size; at += partSize) parts.push(opensslSha256(data.subarray(at, at + partSize)));
    expect(sums.parts).toBe(parts.length);
    expect(sums.composite).toBe(`${opensslSha256(Buffer.concat(parts)).toString('base64')}-${parts.length}`);
  });
});
