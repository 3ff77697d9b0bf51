// Regenerate the demo world's generated blocks from the catalogue and the curated part of the file.

import type { Catalog } from '../../src/catalog/index.js';
import { parseWorldText } from '../../src/emulator/world/load-world.js';
import { buildEstate, isAccessible } from './estate.js';
import { findBlocks, replaceBlocks, withoutGenerated } from './generated-blocks.js';
import { neededTypes } from './needed-types.js';
import { renderResources } from './render-yaml.js';

/** The full text of demo.yaml with every generated block rewritten; `path` is only used in messages. */
export async function regenerateDemoWorld(path: string, text: string, catalog: Catalog): Promise<string> {
  const curated = parseWorldText(path, withoutGenerated(text));
  const blocks = new Map(findBlocks(text).map((b) => [b.accountId, b]));
  for (const account of curated.accounts) {
    const has = blocks.has(account.id);
    if (isAccessible(curated, account) && !has)
      throw new Error(
        `${path}: account ${account.id} (${account.name}) has no generated block; add its markers`,
      );
    if (!isAccessible(curated, account) && has)
      throw new Error(
        `${path}: account ${account.id} (${account.name}) cannot be reached, so it gets no generated block`,
      );
  }
  for (const id of blocks.keys()) {
    if (!curated.accounts.some((a) => a.id === id))
      throw new Error(`${path}: generated block for unknown account ${id}`);
  }
  const estate = buildEstate(curated, (await neededTypes(catalog)).keys());
  return replaceBlocks(text, (b) => renderResources(estate.get(b.accountId) ?? [], b.indent));
}
