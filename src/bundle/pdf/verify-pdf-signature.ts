// Check a PDF's embedded signature: one signature whose byte ranges cover the whole file except the
// signature itself, and whose CMS verifies over those bytes.

import { type CmsVerification, verifyDetachedCms } from '../cms/verify-cms.js';

export interface PdfSignatureCheck extends CmsVerification {
  /** false when the PDF carries no signature at all. */
  signed: boolean;
}

/** Verify the (single) embedded signature of `pdf`. Never throws. */
export function verifyPdfSignature(pdf: Buffer): PdfSignatureCheck {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  if (ranges.length === 0)
    return { signed: false, status: 'malformed', detail: 'the PDF carries no signature', certificates: [] };
  if (ranges.length > 1)
    return {
      signed: true,
      status: 'malformed',
      detail: 'the PDF carries more than one signature',
      certificates: [],
    };
  const [a, b, c, d] = ranges[0]!.slice(1, 5).map(Number) as [number, number, number, number];
  if (a !== 0 || c + d !== pdf.length || b >= c) {
    return {
      signed: true,
      status: 'content-modified',
      detail: 'the signature does not cover the whole file (bytes were added after signing)',
      certificates: [],
    };
  }
  const hex = pdf.subarray(b + 1, c - 1).toString('latin1');
  if (pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e || !/^[0-9a-fA-F]*$/.test(hex))
    return {
      signed: true,
      status: 'malformed',
      detail: 'the signature contents are not a hex string',
      certificates: [],
    };
  const der = trimDer(Buffer.from(hex, 'hex'));
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  return { signed: true, ...verifyDetachedCms(der, signed) };
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
