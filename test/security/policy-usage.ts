// Compare the AWS calls Evidentia made (the emulator's request log) with docs/iam-policy.json: every call
// must be allowed for the principal that signed it, and every granted action must have been used.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  allowedActions,
  type IamPolicyDocument,
  iamActionsFor,
} from '../../scripts/iam-policy/build-policy.js';
import { POLICY_PATH } from '../../scripts/iam-policy/generate.js';
import { packageRoot } from '../../src/core/paths.js';
import type { RecordedUsage } from '../../src/emulator/index.js';

export interface UsageProblems {
  /** Calls the policy does not allow for the principal that made them: `action (principal)`. */
  outside: string[];
  /** Granted actions no call used. */
  unused: string[];
}

/** The committed policy document. */
export async function committedPolicy(): Promise<IamPolicyDocument> {
  return JSON.parse(await readFile(join(packageRoot(), POLICY_PATH), 'utf8')) as IamPolicyDocument;
}

/** Check Evidentia's calls (tests' own clients are ignored) against the policy. */
export function checkUsage(usage: readonly RecordedUsage[], doc: IamPolicyDocument): UsageProblems {
  const allowed = allowedActions(doc);
  const outside = new Set<string>();
  const used = new Set<string>();
  for (const u of usage) {
    if (u.client !== 'evidentia') continue;
    const action = `${u.service}:${u.operation}`;
    if (allowed.free.has(action)) {
      used.add(action);
      continue;
    }
    // S3 authorises by action (HeadObject needs s3:GetObject): every action the call may need must be granted.
    for (const needed of iamActionsFor(u.service, u.operation)) {
      used.add(needed);
      const ok =
        allowed.delivery.has(needed) ||
        (u.principal === 'assumed-role'
          ? allowed.auditRole.has(needed)
          : // The runner's own identity; with `skipForAccount` it also does the audit role's work at home.
            allowed.runner.has(needed) || allowed.auditRole.has(needed));
      if (!ok) outside.add(`${needed} (${u.principal})`);
    }
  }
  const unused = [...allowed.auditRole, ...allowed.runner, ...allowed.delivery].filter((a) => !used.has(a));
  return { outside: [...outside].sort(), unused: [...new Set(unused)].sort() };
}

/** Every usage line the request-log sink wrote under `dir` (see src/emulator/request-log-sink.ts). */
export async function readRecordedUsage(dir: string): Promise<RecordedUsage[]> {
  const out: RecordedUsage[] = [];
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const f of files.filter((n) => n.endsWith('.jsonl'))) {
    for (const line of (await readFile(join(dir, f), 'utf8')).split('\n')) {
      if (line.trim()) out.push(JSON.parse(line) as RecordedUsage);
    }
  }
  return out;
}
