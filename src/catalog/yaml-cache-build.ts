// Build step, run by `npm run build` after tsc: parse the built-in YAML files once and write
// dist/yaml-cache.json (see yaml-cache.ts). Files that do not parse are left out, so they fail as usual.

import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packagePaths } from '../core/paths.js';
import { YAML_CACHE_FORMAT, type YamlCacheFile, yamlCacheKey, yamlCachePath } from './yaml-cache.js';
import { parseYaml } from './yaml-source.js';

/** The alias limits the readers use: catalogue files (input-file.ts) and emulator worlds (load-world.ts). */
const CATALOG_ALIASES = 50;
const WORLD_ALIASES = 1000;

/** Parse every built-in YAML file under `root` and write the cache; resolves with the number of files. */
export async function writeYamlCache(root = packagePaths().root): Promise<number> {
  const entries: Record<string, string> = {};
  const add = async (dir: string, maxAliasCount: number) => {
    for (const file of await yamlFilesBelow(dir)) {
      const text = await readFile(file, 'utf8');
      const { source, issues } = parseYaml(file, text);
      if (issues.length) continue;
      try {
        entries[yamlCacheKey(text, maxAliasCount)] = JSON.stringify(source.doc.toJS({ maxAliasCount }));
      } catch {
        // Too many aliases: the reader reports it; nothing to cache.
      }
    }
  };
  await add(join(root, 'frameworks'), CATALOG_ALIASES);
  await add(join(root, 'src', 'emulator', 'worlds'), WORLD_ALIASES);
  const cache: YamlCacheFile = { format: YAML_CACHE_FORMAT, entries };
  const target = yamlCachePath(root);
  await writeFile(`${target}.tmp`, JSON.stringify(cache));
  await rename(`${target}.tmp`, target);
  return Object.keys(entries).length;
}

async function yamlFilesBelow(dir: string): Promise<string[]> {
  try {
    const found = await readdir(dir, { recursive: true, withFileTypes: true });
    return found
      .filter((d) => d.isFile() && /\.ya?ml$/.test(d.name))
      .map((d) => join(d.parentPath, d.name))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const n = await writeYamlCache();
  process.stdout.write(`yaml cache: ${n} files\n`);
}
