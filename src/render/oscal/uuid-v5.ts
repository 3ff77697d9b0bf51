// Name-based (version 5) UUIDs, RFC 4122 §4.3: the same run always yields the same identifiers.

import { createHash } from 'node:crypto';

/** Evidentia's own namespace for OSCAL identifiers (a fixed, randomly chosen UUID). */
export const EVIDENTIA_OSCAL_NAMESPACE = '6f0c3a52-8d2e-4b1f-9a57-2c4e8b91d3f7';

function bytesOf(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

/** UUID v5 of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const digest = createHash('sha1').update(bytesOf(namespace)).update(name, 'utf8').digest();
  const b = digest.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
