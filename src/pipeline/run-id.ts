// Run ids sort by time and never collide: `20261129T020000Z-3f9a1c`.

import { randomBytes } from 'node:crypto';

/** A new run id for a run starting at `at`. */
export function newRunId(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Whether a string is a well-formed run id (safe to use as a folder name). */
export function isRunId(s: string): boolean {
  return /^\d{8}T\d{6}Z-[0-9a-f]{6}$/.test(s);
}
