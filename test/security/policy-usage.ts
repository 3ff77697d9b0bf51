// Compare the AWS calls Evidentia made (the emulator's request log) with docs/iam-policy.json: every call
// must be allowed for the principal that signed it, and every granted action must have been used.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  allowedActions,
  type IamPolicyDocument,
  type IamWritePolicyDocument,
  iamActionsFor,
} from '../../scripts/iam-policy/build-policy.js';
import { POLICY_PATH, WRITE_POLICY_PATH } from '../../scripts/iam-policy/generate.js';
import { packageRoot } from '../../src/core/paths.js';
import type { RecordedUsage } from '../../src/emulator/index.js';

export interface UsageProblems {
  /** Calls the policy does not allow for the principal that made them: `action (principal)`. */
  outside: string[];
  /** Granted actions no call used. */
  unused: string[];
}

/** The committed policy documents: the read policy and the optional features' one. */
export async function committedPolicy(): Promise<{ read: IamPolicyDocument; write: IamWritePolicyDocument }> {
  const read = async <T>(path: string) => JSON.parse(await readFile(join(packageRoot(), path), 'utf8')) as T;
  return {
    read: await read<IamPolicyDocument>(POLICY_PATH),
    write: await read<IamWritePolicyDocument>(WRITE_POLICY_PATH),
  };
}

/** Check Evidentia's calls (tests' own clients are ignored) against the policies. */
export function checkUsage(
  usage: readonly RecordedUsage[],
  docs: { read: IamPolicyDocument; write: IamWritePolicyDocument },
): UsageProblems {
  const allowed = allowedActions(docs.read, docs.write);
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
      // An optional feature's statement is attached to whichever principal the feature's caller is.
      const ok =
        allowed.write.has(needed) ||
        (u.principal === 'assumed-role'
          ? allowed.auditRole.has(needed)
          : // The runner's own identity; with `skipForAccount` it also does the audit role's work at home.
            allowed.runner.has(needed) || allowed.auditRole.has(needed));
      if (!ok) outside.add(`${needed} (${u.principal})`);
    }
  }
  const unused = [...allowed.auditRole, ...allowed.runner, ...allowed.write].filter((a) => !used.has(a));
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
