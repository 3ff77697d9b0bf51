// The generated docs in docs/frameworks/ must match the framework files: change a framework, regenerate.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameworkDocs } from '../../../src/catalog/framework-docs.js';
import { loadCatalog } from '../../../src/catalog/index.js';
import { packagePaths } from '../../../src/core/paths.js';

describe('docs/frameworks', () => {
  it('is exactly what `evidentia frameworks docs` generates (run it after changing a framework)', async () => {
    const catalog = await loadCatalog();
    const dir = join(packagePaths().root, 'docs', 'frameworks');
    for (const [name, content] of frameworkDocs(catalog)) {
      const committed = await readFile(join(dir, name), 'utf8').catch(() => '(missing)');
      expect(committed, `docs/frameworks/${name} is stale`).toBe(content);
    }
  });
});
