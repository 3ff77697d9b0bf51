// The code a benchmark measures is the built package (`npm run build` → dist/), run with plain node, exactly as
// a user runs it: the measured processes import Evidentia from dist/ through this, and take only types from src/.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../src/core/paths.js';

/** Import `dist/<path>` (e.g. `pipeline/run-profile.js`), typed as the source module it was built from. */
export async function distModule<T>(path: string): Promise<T> {
  const file = join(packageRoot(), 'dist', path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first (npm run bench does)`);
  return (await import(pathToFileURL(file).href)) as T;
}
