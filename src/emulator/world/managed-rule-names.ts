// Managed rule identifiers the emulator knows (AWS's published list plus the project's extensions) and the
// rule name a deployment gets by default: the identifier in kebab case, as the AWS console names it.

import { readFileSync } from 'node:fs';
import { parseRuleList } from '../../catalog/managed-rules.js';
import { packagePaths } from '../../core/paths.js';

let cached: readonly string[] | undefined;

/** Every known managed rule identifier, sorted (read once). */
export function knownManagedRules(): readonly string[] {
  if (!cached) {
    const paths = packagePaths();
    const ids = new Set(parseRuleList(readFileSync(paths.managedRules, 'utf8')));
    try {
      for (const id of parseRuleList(readFileSync(paths.managedRuleExtensions, 'utf8'))) ids.add(id);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    cached = [...ids].sort();
  }
  return cached;
}

/** `S3_BUCKET_PUBLIC_READ_PROHIBITED` → `s3-bucket-public-read-prohibited`. */
export function defaultRuleName(identifier: string): string {
  return identifier.toLowerCase().replace(/_/g, '-');
}
