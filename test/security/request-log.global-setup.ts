// Vitest global setup for least privilege over the whole suite: every emulator started by any test (in a
// worker or in a spawned CLI) records its distinct calls in one folder (EVIDENTIA_EMULATOR_REQUEST_LOG, set
// here before workers start, inherited by every child); the teardown checks them against docs/iam-policy.json.
// Calls outside the policy fail any run; a granted action nobody used fails only a full, green run (a subset
// of the suite cannot be expected to use everything).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REQUEST_LOG_ENV } from '../../src/emulator/index.js';
import { checkUsage, committedPolicy, readRecordedUsage } from './policy-usage.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-request-log-'));
  process.env[REQUEST_LOG_ENV] = dir;
  return async () => {
    try {
      const usage = await readRecordedUsage(dir);
      const problems = checkUsage(usage, await committedPolicy());
      const ours = new Set(
        usage.filter((u) => u.client === 'evidentia').map((u) => `${u.service}:${u.operation}`),
      );
      process.stderr.write(
        `least privilege: ${ours.size} distinct AWS operations made by Evidentia checked against docs/iam-policy.json and docs/iam-policy-write.json\n`,
      );
      const errors: string[] = [];
      if (problems.outside.length) {
        errors.push(
          `Evidentia called AWS operations that docs/iam-policy.json and docs/iam-policy-write.json do not allow: ${problems.outside.join(', ')}`,
        );
      }
      if (problems.unused.length && (await fullGreenRun(project))) {
        errors.push(
          `docs/iam-policy.json or docs/iam-policy-write.json grants actions no test made Evidentia call: ${problems.unused.join(', ')}`,
        );
      }
      if (errors.length) {
        // Vitest only logs a teardown's error; the exit code must say it too.
        process.exitCode = 1;
        throw new Error(`${errors.join('\n')}\n(regenerate with: npx tsx scripts/iam-policy/generate.ts)`);
      }
    } finally {
      delete process.env[REQUEST_LOG_ENV];
      await rm(dir, { recursive: true, force: true });
    }
  };
}

/** Whether every test file of the project ran and none failed. */
async function fullGreenRun(project: TestProject): Promise<boolean> {
  const all = (await project.globTestFiles()).testFiles;
  const ran = project.vitest.state.getFiles();
  const ranPaths = new Set(ran.map((f) => f.filepath));
  return all.every((f) => ranPaths.has(f)) && ran.every((f) => f.result?.state !== 'fail');
}
