// The daemon's verification cache and limits: a real bundle archive verified once per identity (device,
// inode, size, modification and change times, anchors), concurrent requests sharing one verification, at
// most two running at once, and the per-token bucket of expensive requests.

import { open, stat, utimes, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openBundle, type VerifyReport, writeArchive } from '../../../src/bundle/index.js';
import { listFiles } from '../../../src/bundle/manifest/list-files.js';
import { TokenRateLimit } from '../../../src/daemon/http/rate-limit.js';
import { RunVerifier } from '../../../src/daemon/http/run-verifier.js';
import { RUN, SIGNED_AT, sealedBundle } from '../bundle/bundle-fixture.js';

async function archive(): Promise<{
  file: string;
  trust: Awaited<ReturnType<typeof sealedBundle>>['signer']['chain'];
}> {
  const { dir, signer } = await sealedBundle();
  const file = `${dir}.tar.gz`;
  await writeArchive({ dir, files: (await listFiles(dir)).files, root: RUN.runId, file, mtime: SIGNED_AT });
  return { file, trust: signer.chain };
}

describe('RunVerifier', () => {
  it('verifies an archive once, shares a verification under way, and redoes it when the file changes', async () => {
    const { file, trust } = await archive();
    let calls = 0;
    const verifier = new RunVerifier({
      verify: (path, anchors) => {
        calls += 1;
        return openBundle(path, { trust: anchors });
      },
      anchors: async () => [...trust],
    });
    const reports = await Promise.all(Array.from({ length: 50 }, () => verifier.verify(file)));
    expect(calls).toBe(1);
    expect(reports.every((r) => r.ok && r.trust === 'verified')).toBe(true);
    expect((await verifier.verify(file)).ok).toBe(true);
    expect(calls).toBe(1);

    // Same bytes, new modification time: another identity, verified afresh.
    await utimes(file, new Date(), new Date(Date.now() + 5_000));
    await verifier.verify(file);
    expect(calls).toBe(2);
    // Changed bytes: verified afresh, and now refused.
    await writeFile(file, 'not an archive');
    const bad = await verifier.verify(file);
    expect(calls).toBe(3);
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]?.kind).toBe('bad-archive');
  });

  it('verifies again when the bytes change in place with the size and modification time put back', async () => {
    const { file, trust } = await archive();
    const verifier = new RunVerifier({
      verify: (path, anchors) => openBundle(path, { trust: anchors }),
      anchors: async () => [...trust],
    });
    await utimes(file, 1_700_000_000, 1_700_000_000); // whole seconds, so they can be put back exactly
    expect((await verifier.verify(file)).ok).toBe(true);
    // Someone with write access to the packages folder flips a byte in place and restores the times
    // (utimensat keeps nanoseconds): device, inode, size and mtime are as before; only ctime moves.
    const before = await stat(file, { bigint: true });
    const handle = await open(file, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 100);
    byte[0]! ^= 0xff;
    await handle.write(byte, 0, 1, 100);
    await handle.close();
    await utimes(file, 1_700_000_000, 1_700_000_000);
    const after = await stat(file, { bigint: true });
    expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs]);
    expect((await verifier.verify(file)).ok).toBe(false);
  });

  it('runs at most two verifications at once', async () => {
    const files = await Promise.all(Array.from({ length: 6 }, () => archive()));
    let running = 0;
    let most = 0;
    const verifier = new RunVerifier({
      verify: async (path, anchors): Promise<VerifyReport> => {
        running += 1;
        most = Math.max(most, running);
        try {
          return await openBundle(path, { trust: anchors });
        } finally {
          running -= 1;
        }
      },
      anchors: async () => [],
    });
    const reports = await Promise.all(files.map((f) => verifier.verify(f.file)));
    expect(most).toBe(2);
    // No anchors configured: intact, but the signer is not verified.
    expect(reports.every((r) => r.integrity && r.trust === 'not-verified' && !r.ok)).toBe(true);
  });
});

describe('TokenRateLimit', () => {
  it('allows a burst of the per-minute budget per token, then refuses with the wait, and refills', () => {
    let now = new Date('2026-03-01T12:00:00Z');
    const clock = { now: () => now };
    const limit = new TokenRateLimit(3, clock);
    expect([1, 2, 3].map(() => limit.take('audrey').ok)).toEqual([true, true, true]);
    expect(limit.take('audrey')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limit.take('olivia').ok).toBe(true);
    now = new Date(now.getTime() + 20_000);
    expect(limit.take('audrey').ok).toBe(true);
    expect(limit.take('audrey').ok).toBe(false);
  });
});
