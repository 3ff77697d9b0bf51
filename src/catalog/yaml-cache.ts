// The build's cache of parsed YAML: the built-in framework, library, profile and world files, parsed once by
// `npm run build` into dist/yaml-cache.json and keyed by the SHA-256 of their bytes. A file whose bytes match
// skips the YAML parser (the slow part of start-up); any other file, or any change, is parsed as usual. The
// cache sits with the compiled code, so it is trusted exactly as much as the code is.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../core/canonical-json.js';
import { packageRoot } from '../core/paths.js';

/** Bump when the cached form changes, so an old cache is ignored rather than misread. */
export const YAML_CACHE_FORMAT = 1;

/** What dist/yaml-cache.json holds: each file's parsed value as JSON text, by SHA-256 and alias limit. */
export interface YamlCacheFile {
  format: number;
  entries: Record<string, string>;
}

/** The cache key of a text parsed with an alias limit. */
export function yamlCacheKey(text: string, maxAliasCount: number): string {
  return `${sha256Hex(Buffer.from(text, 'utf8'))}:${maxAliasCount}`;
}

/** Where the build writes the cache. */
export function yamlCachePath(root = packageRoot()): string {
  return join(root, 'dist', 'yaml-cache.json');
}

let loaded: Map<string, string> | undefined;

/** The parsed value cached for `text`, or undefined (no cache, another version, or other bytes). */
export function cachedYamlValue(text: string, maxAliasCount: number): unknown {
  loaded ??= readCache();
  const json = loaded.get(yamlCacheKey(text, maxAliasCount));
  return json === undefined ? undefined : JSON.parse(json);
}

function readCache(): Map<string, string> {
  try {
    const file = JSON.parse(readFileSync(yamlCachePath(), 'utf8')) as YamlCacheFile;
    if (file.format !== YAML_CACHE_FORMAT || typeof file.entries !== 'object') return new Map();
    return new Map(Object.entries(file.entries));
  } catch {
    return new Map();
  }
}
