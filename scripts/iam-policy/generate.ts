// `npx tsx scripts/iam-policy/generate.ts [--check]`: write docs/iam-policy.json (the read policy) and
// docs/iam-policy-write.json (optional features) from the operations the code calls; with --check, exit 1
// (writing nothing) when either committed file is stale.

import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPolicies, GENERATE_COMMAND, policyText } from './build-policy.js';
import { scanOperations } from './scan-operations.js';

export const POLICY_PATH = 'docs/iam-policy.json';
export const WRITE_POLICY_PATH = 'docs/iam-policy-write.json';

/** The text of both policy files the code implies, for the repository at `root`, by path. */
export async function expectedPolicyTexts(root: string): Promise<Record<string, string>> {
  const { read, write } = buildPolicies(await scanOperations(root));
  return { [POLICY_PATH]: policyText(read), [WRITE_POLICY_PATH]: policyText(write) };
}

/** The read policy text the code implies, for the repository at `root`. */
export async function expectedPolicyText(root: string): Promise<string> {
  return (await expectedPolicyTexts(root))[POLICY_PATH] as string;
}

async function main(): Promise<number> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const expected = await expectedPolicyTexts(root);
  if (process.argv.includes('--check')) {
    let stale = 0;
    for (const [file, text] of Object.entries(expected)) {
      const current = await readFile(join(root, file), 'utf8').catch(() => '');
      if (current === text) continue;
      process.stderr.write(`${file} is stale: run ${GENERATE_COMMAND}\n`);
      stale++;
    }
    return stale ? 1 : 0;
  }
  for (const [file, text] of Object.entries(expected)) {
    await writeFile(join(root, file), text);
    process.stdout.write(`wrote ${file}\n`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
