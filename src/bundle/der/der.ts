// A small DER (ASN.1 Distinguished Encoding Rules) writer and reader: enough for X.509 certificates and CMS
// SignedData. The reader keeps byte offsets so a signature can be checked over the exact bytes that were signed.

/** Universal tags used here. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** A malformed DER input. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Tag-length-value with the given tag byte. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** SEQUENCE of already-encoded elements. */
export function seq(...items: Uint8Array[]): Buffer {
  return tlv(TAG.SEQUENCE, Buffer.concat(items));
}

/** SET OF, with elements sorted by their encodings as DER requires. */
export function setOf(...items: Uint8Array[]): Buffer {
  const sorted = [...items].map((b) => Buffer.from(b)).sort(Buffer.compare);
  return tlv(TAG.SET, Buffer.concat(sorted));
}

/** Context-specific constructed tag `[n]` wrapping `content` (EXPLICIT, or IMPLICIT for a constructed type). */
export function context(n: number, ...content: Uint8Array[]): Buffer {
  return tlv(0xa0 | n, Buffer.concat(content));
}

/** An OBJECT IDENTIFIER from dotted text. */
export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => BigInt(p));
  if (parts.length < 2) throw new DerError(`bad OID '${dotted}'`);
  const arcs = [parts[0]! * 40n + parts[1]!, ...parts.slice(2)];
  const bytes: number[] = [];
  for (const arc of arcs) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(TAG.OID, Buffer.from(bytes));
}

/** An INTEGER from a non-negative bigint. */
export function integer(value: bigint | number): Buffer {
  let v = BigInt(value);
  if (v < 0n) throw new DerError('negative INTEGER not supported');
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(TAG.INTEGER, Buffer.from(bytes));
}

/** An INTEGER from unsigned big-endian bytes (e.g. a serial number). */
export function integerFromBytes(bytes: Uint8Array): Buffer {
  let b = Buffer.from(bytes);
  while (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) b = b.subarray(1);
  if (b.length === 0) b = Buffer.from([0]);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(TAG.INTEGER, b);
}

export const NULL = Buffer.from([TAG.NULL, 0]);

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(TAG.OCTET_STRING, bytes);
}

/** BIT STRING with no unused bits. */
export function bitString(bytes: Uint8Array): Buffer {
  return tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), bytes]));
}

export function boolean(value: boolean): Buffer {
  return tlv(TAG.BOOLEAN, Buffer.from([value ? 0xff : 0]));
}

export function utf8String(text: string): Buffer {
  return tlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
}

export function printableString(text: string): Buffer {
  return tlv(TAG.PRINTABLE_STRING, Buffer.from(text, 'ascii'));
}

/** X.509/CMS Time: UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). Whole seconds, UTC. */
export function time(at: Date): Buffer {
  const iso = at.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = at.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(TAG.UTC_TIME, Buffer.from(digits.slice(2), 'ascii'));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(digits, 'ascii'));
}

/** One parsed element, with offsets into the buffer it was read from. */
export interface DerNode {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the element. */
  end: number;
  /** The whole element (tag, length, content). */
  raw: Buffer;
  /** The content bytes. */
  content: Buffer;
  /** Child elements (constructed types; empty otherwise). */
  children: DerNode[];
}

/**
 * Most elements parsed from one input. A CMS signature with a long chain holds a few thousand; the cap keeps a
 * hostile 1 MiB signature of empty SEQUENCEs (half a million elements, measured at ~280 MB of node objects)
 * from costing more memory than the data itself is worth.
 */
export const MAX_DER_ELEMENTS = 65_536;

/** Parse one element at `offset` of `buf`; children are parsed for constructed tags. */
export function parseDer(buf: Buffer, offset = 0, depth = 0, parsed = { elements: 0 }): DerNode {
  if (depth > 64) throw new DerError('DER nesting too deep');
  if (++parsed.elements > MAX_DER_ELEMENTS)
    throw new DerError(`more than ${MAX_DER_ELEMENTS} DER elements: not parsed further`);
  if (offset + 2 > buf.length) throw new DerError(`truncated DER at byte ${offset}`);
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`high tag numbers are not supported (byte ${offset})`);
  let pos = offset + 1;
  const first = buf[pos++]!;
  let length: number;
  if (first < 0x80) length = first;
  else {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new DerError(`unsupported DER length form at byte ${offset + 1}`);
    if (pos + n > buf.length) throw new DerError(`truncated DER length at byte ${offset + 1}`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[pos++]!;
    if (length < 0x80 || buf[offset + 2] === 0)
      throw new DerError(`non-minimal DER length at byte ${offset + 1}`);
  }
  const contentStart = pos;
  const end = contentStart + length;
  if (end > buf.length) throw new DerError(`DER element at byte ${offset} runs past the end of the data`);
  const node: DerNode = {
    tag,
    start: offset,
    contentStart,
    end,
    raw: buf.subarray(offset, end),
    content: buf.subarray(contentStart, end),
    children: [],
  };
  if (tag & 0x20) {
    let p = contentStart;
    while (p < end) {
      const child = parseDer(buf.subarray(0, end), p, depth + 1, parsed);
      node.children.push(child);
      p = child.end;
    }
  }
  return node;
}

/** Parse a buffer that must hold exactly one element. */
export function parseDerExact(buf: Buffer): DerNode {
  const node = parseDer(buf, 0);
  if (node.end !== buf.length)
    throw new DerError(`${buf.length - node.end} trailing bytes after the DER data`);
  return node;
}

/** The child at `index`, checked for its tag. */
export function child(node: DerNode, index: number, tag?: number): DerNode {
  const c = node.children[index];
  if (!c) throw new DerError(`expected element ${index} inside tag 0x${node.tag.toString(16)}`);
  if (tag !== undefined && c.tag !== tag)
    throw new DerError(
      `expected tag 0x${tag.toString(16)} at byte ${c.start}, found 0x${c.tag.toString(16)}`,
    );
  return c;
}

/** Decode an OBJECT IDENTIFIER node to dotted text. */
export function readOid(node: DerNode): string {
  if (node.tag !== TAG.OID) throw new DerError(`expected an OID at byte ${node.start}`);
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of node.content) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  if (arcs.length === 0) throw new DerError(`empty OID at byte ${node.start}`);
  const first = arcs[0]!;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].map(String).join('.');
}

/** Decode an INTEGER node to a bigint (non-negative values). */
export function readInteger(node: DerNode): bigint {
  if (node.tag !== TAG.INTEGER) throw new DerError(`expected an INTEGER at byte ${node.start}`);
  return node.content.length ? BigInt(`0x${node.content.toString('hex')}`) : 0n;
}

/** Decode a UTCTime or GeneralizedTime node. */
export function readTime(node: DerNode): Date {
  const text = node.content.toString('ascii');
  const m =
    node.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : node.tag === TAG.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null;
  if (!m) throw new DerError(`expected a time at byte ${node.start}`);
  let year = Number(m[1]);
  if (node.tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}
