// ECDSA over a digest the caller computed (KMS MessageType DIGEST): Node signs only messages it hashes
// itself, so the emulator does the curve arithmetic with bigints (Jacobian coordinates). The private scalar
// comes from the key's JWK, and the derived public point is checked against the key before any use.

import { type KeyObject, randomBytes } from 'node:crypto';

interface Curve {
  p: bigint;
  a: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
  bits: number;
}

const h = (hex: string) => BigInt(`0x${hex}`);

/** NIST P-256, P-384 and P-521 (FIPS 186-4, D.1.2). */
const CURVES: Record<string, Curve> = {
  'P-256': {
    p: h('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
    a: h('ffffffff00000001000000000000000000000000fffffffffffffffffffffffc'),
    n: h('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
    gx: h('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
    gy: h('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
    bits: 256,
  },
  'P-384': {
    p: h('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff'),
    a: h('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffc'),
    n: h('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
    gx: h('aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7'),
    gy: h('3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f'),
    bits: 384,
  },
  'P-521': {
    p: (1n << 521n) - 1n,
    a: (1n << 521n) - 4n,
    n: h(
      '01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
    ),
    gx: h(
      '00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66',
    ),
    gy: h(
      '011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650',
    ),
    bits: 521,
  },
};

type Jacobian = [bigint, bigint, bigint];

const mod = (a: bigint, m: bigint) => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return mod(s0, m);
}

function double(c: Curve, [x, y, z]: Jacobian): Jacobian {
  if (y === 0n || z === 0n) return [0n, 1n, 0n];
  const { p, a } = c;
  const y2 = mod(y * y, p);
  const s = mod(4n * x * y2, p);
  const z2 = mod(z * z, p);
  const m = mod(3n * x * x + a * z2 * z2, p);
  const x3 = mod(m * m - 2n * s, p);
  const y3 = mod(m * (s - x3) - 8n * y2 * y2, p);
  return [x3, y3, mod(2n * y * z, p)];
}

function add(c: Curve, a: Jacobian, b: Jacobian): Jacobian {
  if (a[2] === 0n) return b;
  if (b[2] === 0n) return a;
  const { p } = c;
  const [x1, y1, z1] = a;
  const [x2, y2, z2] = b;
  const z1s = mod(z1 * z1, p);
  const z2s = mod(z2 * z2, p);
  const u1 = mod(x1 * z2s, p);
  const u2 = mod(x2 * z1s, p);
  const s1 = mod(y1 * z2s * z2, p);
  const s2 = mod(y2 * z1s * z1, p);
  if (u1 === u2) return s1 === s2 ? double(c, a) : [0n, 1n, 0n];
  const hh = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const h2 = mod(hh * hh, p);
  const h3 = mod(h2 * hh, p);
  const x3 = mod(r * r - h3 - 2n * u1 * h2, p);
  const y3 = mod(r * (u1 * h2 - x3) - s1 * h3, p);
  return [x3, y3, mod(hh * z1 * z2, p)];
}

function multiply(c: Curve, k: bigint): [bigint, bigint] {
  let result: Jacobian = [0n, 1n, 0n];
  let addend: Jacobian = [c.gx, c.gy, 1n];
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(c, result, addend);
    addend = double(c, addend);
  }
  if (result[2] === 0n) throw new Error('point at infinity');
  const zi = inverse(result[2], c.p);
  const zi2 = mod(zi * zi, c.p);
  return [mod(result[0] * zi2, c.p), mod(result[1] * zi2 * zi, c.p)];
}

const b64url = (s: string | undefined) =>
  BigInt(`0x${Buffer.from(s ?? '', 'base64url').toString('hex') || '0'}`);

/** The curve and private scalar of an EC private key, after checking d·G is the key's public point. */
function scalarOf(key: KeyObject): { curve: Curve; d: bigint } {
  const jwk = key.export({ format: 'jwk' });
  const curve = jwk.crv ? CURVES[jwk.crv] : undefined;
  if (!curve || !jwk.d) throw new Error(`unsupported EC key (curve ${jwk.crv ?? 'unknown'})`);
  const d = b64url(jwk.d);
  const [x, y] = multiply(curve, d);
  if (x !== b64url(jwk.x) || y !== b64url(jwk.y))
    throw new Error('EC key check failed: d·G is not the public key');
  return { curve, d };
}

const checked = new WeakMap<KeyObject, { curve: Curve; d: bigint }>();

function derInteger(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

function derLength(n: number): Buffer {
  return n < 0x80 ? Buffer.from([n]) : Buffer.from([0x81, n]);
}

/** ECDSA signature (DER `SEQUENCE { r, s }`, as KMS returns it) over `digest` with `key`. */
export function ecdsaSignDigest(key: KeyObject, digest: Buffer): Buffer {
  let parts = checked.get(key);
  if (!parts) {
    parts = scalarOf(key);
    checked.set(key, parts);
  }
  const { curve, d } = parts;
  const { n } = curve;
  let z = BigInt(`0x${digest.toString('hex') || '0'}`);
  const excess = digest.length * 8 - curve.bits;
  if (excess > 0) z >>= BigInt(excess);
  for (;;) {
    const k = mod(BigInt(`0x${randomBytes(Math.ceil(curve.bits / 8) + 8).toString('hex')}`), n - 1n) + 1n;
    const r = mod(multiply(curve, k)[0], n);
    if (r === 0n) continue;
    const s = mod(inverse(k, n) * (z + r * d), n);
    if (s === 0n) continue;
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
  }
}
