// The worlds the emulator ships: `demo` (src/emulator/worlds/demo.yaml) and `synthetic:<n>` (generated).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/paths.js';
import { loadWorldFile, parseWorldText } from './world/load-world.js';
import type { World } from './world/world-schema.js';
import { syntheticWorld } from './worlds/synthetic-world.js';

/** Folder of the YAML worlds kept with the source (read from the package root, also when running from dist/). */
export function worldsDir(): string {
  return join(packageRoot(), 'src', 'emulator', 'worlds');
}

/** The built-in demo organisation: 4 accounts, 2 regions (see docs/emulator.md). */
export function demoWorld(): World {
  const path = join(worldsDir(), 'demo.yaml');
  return parseWorldText(path, readFileSync(path, 'utf8'));
}

/** `demo`, `synthetic:<accounts>` or the path of a YAML/JSON world file. */
export async function loadWorld(fileOrName: string): Promise<World> {
  if (fileOrName === 'demo') return demoWorld();
  const synthetic = /^synthetic:(\d+)$/.exec(fileOrName);
  if (synthetic) return syntheticWorld({ accounts: Number(synthetic[1]) });
  return loadWorldFile(fileOrName);
}
