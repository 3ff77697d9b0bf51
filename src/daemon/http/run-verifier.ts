// The daemon's verify route behind a cache and a limit: a package never changes once written, so each run's
// result is kept, keyed by the archive's identity (device, inode, size, modification and change times) and
// the trust anchors; requests for a verification already under way share it; at most `concurrency` run at
// once.

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { ParsedCertificate, VerifyReport } from '../../bundle/index.js';

export type VerifyFn = (archive: string, trust: readonly ParsedCertificate[]) => Promise<VerifyReport>;

export interface RunVerifierOptions {
  /** Verifies one archive (openBundle in the daemon). */
  verify: VerifyFn;
  /** The trust anchors, read when needed (the demo's trial key may appear after start). */
  anchors: () => Promise<ParsedCertificate[]>;
  /** Verifications running at once; default 2. */
  concurrency?: number;
  /** Results kept; the oldest go first. Default 500. */
  maxEntries?: number;
  /** How long the anchors read are reused before they are read again; default 10 s. */
  anchorsTtlMs?: number;
  /** Milliseconds clock for the anchors' reuse; default Date.now. */
  now?: () => number;
}

export class RunVerifier {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly cache = new Map<string, Promise<VerifyReport>>();
  private readonly maxEntries: number;
  /** The anchors as last read, so a burst of requests does not read the files once each. */
  private anchors?: { at: number; certs: Promise<ParsedCertificate[]> };
  /** Verifications actually run (not answered from the cache), for tests and metrics. */
  runs = 0;

  constructor(private readonly opts: RunVerifierOptions) {
    this.limit = pLimit(opts.concurrency ?? 2);
    this.maxEntries = opts.maxEntries ?? 500;
  }

  /** The verification of `archive`, from the cache when the file and the anchors are unchanged. */
  async verify(archive: string): Promise<VerifyReport> {
    const info = await stat(archive, { bigint: true });
    const anchors = await this.currentAnchors();
    const anchorKey = createHash('sha256')
      .update(anchors.map((a) => a.fingerprintSha256).join(','))
      .digest('hex');
    // ctime too: a writer can put the modification time back after changing bytes in place, not the ctime.
    const key = [archive, info.dev, info.ino, info.size, info.mtimeNs, info.ctimeNs, anchorKey].join('\0');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const pending = this.limit(() => {
      this.runs += 1;
      return this.opts.verify(archive, anchors);
    });
    this.cache.set(key, pending);
    // A failure (not a failed verification: an I/O error) is not kept, so the next request tries again.
    pending.catch(() => this.cache.delete(key));
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return pending;
  }

  private currentAnchors(): Promise<ParsedCertificate[]> {
    const now = (this.opts.now ?? Date.now)();
    if (!this.anchors || now - this.anchors.at >= (this.opts.anchorsTtlMs ?? 10_000)) {
      const certs = this.opts.anchors();
      this.anchors = { at: now, certs };
      certs.catch(() => {
        if (this.anchors?.certs === certs) this.anchors = undefined;
      });
    }
    return this.anchors.certs;
  }
}
