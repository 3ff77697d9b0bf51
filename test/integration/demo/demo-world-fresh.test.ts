// The demo world file itself: its generated blocks are what scripts/demo-world/generate.ts writes today, and
// every account Evidentia can reach holds configuration items of every resource type that a managed rule
// or advanced query of a built-in profile looks at, in every region AWS Config records that type.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatedTypes, isAccessible, regionsOf } from '../../../scripts/demo-world/estate.js';
import {
  beginMarker,
  endMarker,
  findBlocks,
  replaceBlocks,
  withoutGenerated,
} from '../../../scripts/demo-world/generated-blocks.js';
import { neededTypes } from '../../../scripts/demo-world/needed-types.js';
import { regenerateDemoWorld } from '../../../scripts/demo-world/regenerate.js';
import { type Catalog, loadCatalog } from '../../../src/catalog/index.js';
import { worldsDir } from '../../../src/emulator/built-in-worlds.js';
import { parseWorldText } from '../../../src/emulator/world/load-world.js';
import type { World } from '../../../src/emulator/world/world-schema.js';
import { SANDBOX } from './demo-story.js';

const path = join(worldsDir(), 'demo.yaml');
let text: string;
let world: World;
let catalog: Catalog;
let needed: Map<string, string[]>;

beforeAll(async () => {
  text = await readFile(path, 'utf8');
  world = parseWorldText(path, text);
  catalog = await loadCatalog();
  needed = await neededTypes(catalog);
});

describe('src/emulator/worlds/demo.yaml', () => {
  it('is fresh: regenerating its generated blocks changes nothing (else run scripts/demo-world/generate.ts)', async () => {
    expect(await regenerateDemoWorld(path, text, catalog)).toBe(text);
  });

  it('has a generated block for each reachable account and none for the sandbox', () => {
    const blocks = findBlocks(text).map((b) => b.accountId);
    const reachable = world.accounts.filter((a) => isAccessible(world, a)).map((a) => a.id);
    expect(blocks).toEqual(reachable);
    expect(reachable).not.toContain(SANDBOX);
    expect(reachable).toHaveLength(3);
  });

  it('holds items of every type the profiles look at, in every reachable account and region', () => {
    const types = generatedTypes(needed.keys());
    // The profiles look at far more than the few types the story curates by hand.
    expect(types.length).toBeGreaterThan(60);
    const missing: string[] = [];
    for (const account of world.accounts.filter((a) => isAccessible(world, a))) {
      for (const type of types) {
        for (const region of regionsOf(type, world)) {
          const has = account.resources.some(
            (r) => r.type === type && r.region === region && (r.status ?? 'OK') === 'OK',
          );
          if (!has) missing.push(`${account.id} ${region} ${type} (${needed.get(type)?.join(', ')})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the generated blocks', () => {
  const sample = [
    'accounts:',
    '  - id: "111111111111"',
    '    resources:',
    '      - { type: AWS::S3::Bucket, id: curated, region: us-east-1 }',
    `      ${beginMarker('111111111111')}`,
    '      - { type: AWS::S3::Bucket, id: old, region: us-east-1 }',
    `      ${endMarker('111111111111')}`,
    'artifact:',
    '  reports: []',
    '',
  ].join('\n');

  it('are the only text the generator rewrites', () => {
    const out = replaceBlocks(sample, (b) => `${' '.repeat(b.indent)}- new ${b.accountId}\n`);
    expect(out).toBe(
      sample.replace(
        '      - { type: AWS::S3::Bucket, id: old, region: us-east-1 }',
        '      - new 111111111111',
      ),
    );
  });

  it('can be emptied to read the curated world alone', () => {
    expect(withoutGenerated(sample)).not.toContain('id: old');
    expect(withoutGenerated(sample)).toContain('id: curated');
    expect(withoutGenerated(sample)).toContain('artifact:');
  });

  it('must be closed', () => {
    expect(() => findBlocks(sample.replace(endMarker('111111111111'), '# something else'))).toThrow(
      /no closing marker/,
    );
  });
});
