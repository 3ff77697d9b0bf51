// `npx tsx scripts/iam-policy/generate.ts [--check]`: write docs/iam-policy.json from the operations the
// code calls; with --check, exit 1 (writing nothing) when the committed file is stale.

import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPolicy, GENERATE_COMMAND, policyText } from './build-policy.js';
import { scanOperations } from './scan-operations.js';

export const POLICY_PATH = 'docs/iam-policy.json';

/** The policy text the code implies, for the repository at `root`. */
export async function expectedPolicyText(root: string): Promise<string> {
  return policyText(buildPolicy(await scanOperations(root)));
}

async function main(): Promise<number> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const expected = await expectedPolicyText(root);
  const path = join(root, POLICY_PATH);
  if (process.argv.includes('--check')) {
    const current = await readFile(path, 'utf8').catch(() => '');
    if (current === expected) return 0;
    process.stderr.write(`${POLICY_PATH} is stale: run ${GENERATE_COMMAND}\n`);
    return 1;
  }
  await writeFile(path, expected);
  process.stdout.write(`wrote ${POLICY_PATH}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
