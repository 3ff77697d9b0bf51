// Where the package's own data lives (frameworks, templates, reference models), found from this file.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The folder holding Evidentia's package.json (works from src/ under tsx/vitest and from dist/). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the Evidentia package root');
    dir = up;
  }
  cached = dir;
  return dir;
}

/** Default locations inside the package. */
export function packagePaths(root = packageRoot()) {
  return {
    root,
    frameworks: join(root, 'frameworks'),
    evidenceLibrary: join(root, 'frameworks', 'evidence'),
    profiles: join(root, 'frameworks', 'profiles'),
    templates: join(root, 'templates'),
    reference: join(root, 'reference'),
    awsModels: join(root, 'reference', 'aws-models'),
    managedRules: join(root, 'reference', 'aws-config-managed-rules.txt'),
    managedRuleExtensions: join(root, 'frameworks', 'managed-rules-extensions.txt'),
  };
}
