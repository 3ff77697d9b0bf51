// Rewrite the generated blocks of src/emulator/worlds/demo.yaml (the baseline estate of every reachable
// account) from the evidence library and the built-in profiles. The curated story stays hand-written.
// Usage: npx tsx scripts/demo-world/generate.ts [--check]   (--check: exit 1 if the file is stale)

import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadCatalog } from '../../src/catalog/index.js';
import { worldsDir } from '../../src/emulator/built-in-worlds.js';
import { regenerateDemoWorld } from './regenerate.js';

const path = join(worldsDir(), 'demo.yaml');
const text = await readFile(path, 'utf8');
const next = await regenerateDemoWorld(path, text, await loadCatalog());
const shown = relative(process.cwd(), path);
if (next === text) {
  console.log(`${shown} is up to date`);
} else if (process.argv.includes('--check')) {
  console.error(`${shown} is stale: run npx tsx scripts/demo-world/generate.ts`);
  process.exitCode = 1;
} else {
  await writeFile(path, next);
  console.log(`${shown} regenerated`);
}
