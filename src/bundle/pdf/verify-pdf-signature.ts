// Check a PDF's embedded signature as the file streams past, never holding the document: one signature
// whose byte ranges cover the whole file except the signature itself, and whose CMS verifies over those
// bytes. The byte ranges are read where the signature dictionary states them (before its /Contents, as
// @signpdf writes it); every byte outside the /Contents hole is hashed as it arrives.

import { createHash, type Hash } from 'node:crypto';
import { type CmsVerification, verifyDetachedCms } from '../cms/verify-cms.js';
import type { HashName } from '../der/oids.js';

export interface PdfSignatureCheck extends CmsVerification {
  /** false when the PDF carries no signature at all. */
  signed: boolean;
}

/** Largest signature (/Contents, hex) read: a CMS with a long chain is a few tens of KiB. */
export const PDF_SIGNATURE_CAP = 4 * 1024 * 1024;

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s*\]/g;
/** Bytes kept back between chunks so a /ByteRange split across two chunks is still seen whole. */
const OVERLAP = 256;

/** Reads one PDF chunk by chunk; `finish()` says whether its signature holds. */
export class PdfSignatureScanner {
  private readonly hashes: Record<HashName, Hash> = {
    sha256: createHash('sha256'),
    sha384: createHash('sha384'),
    sha512: createHash('sha512'),
  };
  /** Bytes received but not yet routed (at most OVERLAP between calls). */
  private pending = Buffer.alloc(0);
  /** Absolute offset of pending[0]. */
  private offset = 0;
  private searchFrom = 0;
  private ranges = 0;
  private range?: { a: number; b: number; c: number; d: number; seenAt: number };
  private hole: Buffer[] = [];
  private holeBytes = 0;
  private holeOverCap = false;

  /** Feed the next bytes of the file. */
  update(chunk: Buffer): void {
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const base = this.offset;
    const text = data.toString('latin1');
    BYTE_RANGE.lastIndex = Math.max(0, this.searchFrom - base);
    for (let m = BYTE_RANGE.exec(text); m; m = BYTE_RANGE.exec(text)) {
      this.ranges += 1;
      this.searchFrom = base + m.index + m[0].length;
      if (!this.range) {
        const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
        this.range = { a, b, c, d, seenAt: base + m.index + m[0].length };
      }
    }
    const keep = Math.min(OVERLAP, data.length);
    this.route(data.subarray(0, data.length - keep), base);
    this.pending = Buffer.from(data.subarray(data.length - keep));
    this.offset = base + data.length - keep;
  }

  /** After the last byte: verify the signature over what was read. Never throws. */
  finish(): PdfSignatureCheck {
    this.route(this.pending, this.offset);
    const length = this.offset + this.pending.length;
    this.pending = Buffer.alloc(0);
    const fail = (signed: boolean, status: CmsVerification['status'], detail: string): PdfSignatureCheck => ({
      signed,
      status,
      detail,
      certificates: [],
    });
    if (this.ranges === 0 || !this.range) return fail(false, 'malformed', 'the PDF carries no signature');
    if (this.ranges > 1) return fail(true, 'malformed', 'the PDF carries more than one signature');
    const { a, b, c, d, seenAt } = this.range;
    if (a !== 0 || c + d !== length || b >= c)
      return fail(
        true,
        'content-modified',
        'the signature does not cover the whole file (bytes were added after signing)',
      );
    if (b < seenAt)
      return fail(true, 'malformed', 'the signature dictionary states its byte ranges after them');
    if (this.holeOverCap)
      return fail(true, 'malformed', `the signature is larger than ${PDF_SIGNATURE_CAP} bytes: not read`);
    const hole = Buffer.concat(this.hole);
    const hex = hole.subarray(1, hole.length - 1).toString('latin1');
    if (hole[0] !== 0x3c || hole[hole.length - 1] !== 0x3e || !/^[0-9a-fA-F]*$/.test(hex))
      return fail(true, 'malformed', 'the signature contents are not a hex string');
    const der = trimDer(Buffer.from(hex, 'hex'));
    const digests = {
      sha256: this.hashes.sha256.digest(),
      sha384: this.hashes.sha384.digest(),
      sha512: this.hashes.sha512.digest(),
    };
    return { signed: true, ...verifyDetachedCms(der, { digest: (h) => digests[h] }) };
  }

  /** Send bytes at absolute offset `at` to the hashes, or to the signature hole [b, c). */
  private route(bytes: Buffer, at: number): void {
    if (bytes.length === 0) return;
    const r = this.range;
    const holeStart = r ? r.b : Number.POSITIVE_INFINITY;
    const holeEnd = r ? r.c : Number.POSITIVE_INFINITY;
    const end = at + bytes.length;
    const hashPart = (from: number, to: number) => {
      if (to <= from) return;
      const slice = bytes.subarray(from - at, to - at);
      for (const h of Object.values(this.hashes)) h.update(slice);
    };
    hashPart(at, Math.min(end, holeStart));
    const inFrom = Math.max(at, holeStart);
    const inTo = Math.min(end, holeEnd);
    if (inTo > inFrom) {
      if (this.holeBytes + (inTo - inFrom) > PDF_SIGNATURE_CAP) this.holeOverCap = true;
      else this.hole.push(Buffer.from(bytes.subarray(inFrom - at, inTo - at)));
      this.holeBytes += inTo - inFrom;
    }
    hashPart(Math.max(at, holeEnd), end);
  }
}

/** Verify the (single) embedded signature of a PDF held in memory. Never throws. */
export function verifyPdfSignature(pdf: Buffer): PdfSignatureCheck {
  const scanner = new PdfSignatureScanner();
  scanner.update(pdf);
  return scanner.finish();
}

/** The placeholder is zero-padded: keep exactly the DER element at its start. */
function trimDer(buf: Buffer): Buffer {
  if (buf.length < 2) return buf;
  const first = buf[1]!;
  if (first < 0x80) return buf.subarray(0, 2 + first);
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (buf[2 + i] ?? 0);
  return buf.subarray(0, Math.min(buf.length, 2 + n + len));
}
