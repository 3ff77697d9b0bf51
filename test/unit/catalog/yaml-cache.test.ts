// The build's YAML cache must give exactly what the parser gives, only for the exact bytes it was built from,
// and still locate problems by line in a file it served.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { yamlFilesIn } from '../../../src/catalog/load-catalog.js';
import { cachedYamlValue } from '../../../src/catalog/yaml-cache.js';
import { writeYamlCache } from '../../../src/catalog/yaml-cache-build.js';
import { locate, readYaml } from '../../../src/catalog/yaml-source.js';
import { packagePaths } from '../../../src/core/paths.js';

let files: string[];
beforeAll(async () => {
  // The suite's global setup builds the cache; build it again so this file also stands alone.
  await writeYamlCache();
  const paths = packagePaths();
  files = [...(await yamlFilesIn(paths.frameworks)), ...(await yamlFilesIn(paths.evidenceLibrary))];
});

describe('the YAML cache', () => {
  it('serves every built-in framework and library file, with the value the parser gives', async () => {
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const cached = cachedYamlValue(text, 50);
      expect(cached, file).toBeDefined();
      expect(cached).toEqual(parseDocument(text).toJS({ maxAliasCount: 50 }));
    }
  });

  it('misses as soon as one byte differs, or the alias limit does', async () => {
    const text = await readFile(join(packagePaths().frameworks, 'gdpr.yaml'), 'utf8');
    expect(cachedYamlValue(`${text}\n# edited\n`, 50)).toBeUndefined();
    expect(cachedYamlValue(text.replace('gdpr', 'gdpr2'), 50)).toBeUndefined();
    expect(cachedYamlValue(text, 7)).toBeUndefined();
  });

  it('still locates a field by line in a file it served (the source is parsed on demand)', async () => {
    const file = join(packagePaths().frameworks, 'hipaa-security.yaml');
    const text = await readFile(file, 'utf8');
    const { source, value } = readYaml('hipaa-security.yaml', text, 50);
    const controls = (value as { controls: { id: string }[] }).controls;
    const line = text.split('\n').findIndex((l) => l.includes(`id: ${controls[2]!.id}`)) + 1;
    expect(line).toBeGreaterThan(0);
    expect(locate(source, ['controls', 2, 'id']).line).toBe(line);
  });
});
