// A small seeded pseudo-random generator (mulberry32), so fault probabilities and issued keys repeat run to run.

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** An access key id with the given four-letter prefix (`AKIA`, `ASIA`, `AROA`). */
  accessKeyId(prefix: string): string {
    return `${prefix}${this.chars(16, UPPER_ALNUM)}`;
  }

  /** A 40-character secret access key. */
  secret(): string {
    return this.chars(40, SECRET_CHARS);
  }

  /** Lower-case hex. */
  hex(length: number): string {
    return this.chars(length, '0123456789abcdef');
  }
}
