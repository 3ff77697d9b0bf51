// The AWS Config managed rule identifiers a framework may name: AWS's published list plus our extensions.

import { readFile } from 'node:fs/promises';

/** Parse a list file: one identifier per line; `#` starts a comment. */
export function parseRuleList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l.length > 0);
}

/** Load the reference list and the documented extension list (missing extension file = none). */
export async function loadManagedRules(referencePath: string, extensionsPath: string): Promise<Set<string>> {
  const rules = new Set(parseRuleList(await readFile(referencePath, 'utf8')));
  try {
    for (const r of parseRuleList(await readFile(extensionsPath, 'utf8'))) rules.add(r);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return rules;
}
