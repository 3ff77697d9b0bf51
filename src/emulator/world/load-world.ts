// Read a world file (YAML or JSON), or validate a world given as an object; errors name file:line:column.

import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { displayPath } from '../../catalog/input-file.js';
import { MAX_INPUT_BYTES, parseYaml, readYaml, type YamlSource } from '../../catalog/yaml-source.js';
import { validateWith } from '../../catalog/zod-issues.js';
import { InputError } from '../../core/errors.js';
import { checkWorld } from './check-world.js';
import { type World, worldSchema } from './world-schema.js';

/** Worlds can describe large organisations; allow more than the catalogue's input cap. */
const MAX_WORLD_BYTES = Math.max(MAX_INPUT_BYTES, 32 * 1024 * 1024);

/** Parse and validate world text; throws InputError listing every problem with file:line:column. */
export function parseWorldText(file: string, text: string): World {
  const { source, value, issues } = readYaml(file, text, 1000);
  if (issues.length) throw new InputError(issues);
  return validateWorld(value, source);
}

/** Validate a world given as an object (tests, generated worlds). Throws InputError. */
export function defineWorld(value: unknown, name = '<world>'): World {
  const parsed = worldSchema.safeParse(value);
  if (parsed.success) {
    // Cross-checks need a source to point at; build one only when there is something to report.
    const fast = checkWorld(parsed.data, sourceFor(name, value, false));
    if (!fast.length) return parsed.data;
  }
  return validateWorld(value, sourceFor(name, value, true));
}

/** Read a world file. */
export async function loadWorldFile(path: string): Promise<World> {
  const abs = resolve(path);
  const file = displayPath(abs);
  let size: number;
  try {
    size = (await stat(abs)).size;
  } catch (err) {
    throw InputError.forFile(file, `cannot read world file: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  if (size > MAX_WORLD_BYTES) {
    throw InputError.forFile(file, `world file is ${size} bytes; the limit is ${MAX_WORLD_BYTES} bytes`);
  }
  return parseWorldText(file, await readFile(abs, 'utf8'));
}

function validateWorld(value: unknown, source: YamlSource): World {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw InputError.forFile(source.file, 'expected a mapping at the top level of the world');
  }
  const r = validateWith(worldSchema, value, source);
  if (!r.ok) {
    throw new InputError(
      r.issues.map((i) => ({ ...i, message: i.message.replace('docs/catalog.md', 'docs/emulator.md') })),
    );
  }
  const issues = checkWorld(r.data, source);
  if (issues.length) throw new InputError(issues);
  return r.data;
}

function sourceFor(name: string, value: unknown, withPositions: boolean): YamlSource {
  return parseYaml(name, withPositions ? stringify(value) : '{}').source;
}
