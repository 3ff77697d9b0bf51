// Times in the Artifact and Audit Manager sections of a world: an ISO-8601 instant, or an offset from the
// world's time (`-30d`, `+2y`, `-6h`), so a demo's reports stay current whenever the demo is run.

import { z } from 'zod';

const RELATIVE = /^([+-])(\d{1,5})([hdy])$/;

/** `2025-01-31T00:00:00Z`, or `-30d` / `+2y` / `-6h` relative to the world's time. */
export const worldTime = z
  .string()
  .refine(
    (s) => RELATIVE.test(s) || !Number.isNaN(Date.parse(s)),
    'expected an ISO-8601 timestamp such as 2025-01-31T00:00:00Z, or an offset from the world time such as -30d, +2y or -6h',
  );

/** The instant a world time stands for, given the world's "now". */
export function resolveWorldTime(value: string, worldNow: Date): Date {
  const m = RELATIVE.exec(value);
  if (!m) return new Date(value);
  const sign = m[1] === '-' ? -1 : 1;
  const n = Number(m[2]);
  const unitMs = m[3] === 'h' ? 3_600_000 : m[3] === 'd' ? 86_400_000 : 365 * 86_400_000;
  return new Date(worldNow.getTime() + sign * n * unitMs);
}
