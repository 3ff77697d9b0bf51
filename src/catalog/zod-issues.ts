// Turn zod's issues into InputIssues that point at the YAML source.

import type { z } from 'zod';
import type { InputIssue } from '../core/errors.js';
import { formatPath, locate, type PathSegment, type YamlSource } from './yaml-source.js';

/** Validate `value` against `schema`; on failure return one InputIssue per problem, located in `source`. */
export function validateWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  source: YamlSource,
): { ok: true; data: z.output<T> } | { ok: false; issues: InputIssue[] } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const issues: InputIssue[] = [];
  for (const issue of result.error.issues.flatMap(unionBranch)) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        issues.push({
          location: locate(source, keyPath, 'key'),
          field: formatPath(keyPath),
          message: `unknown field '${key}' (check its spelling; allowed fields are listed in docs/catalog.md)`,
        });
      }
      continue;
    }
    const missing = valueAt(value, path) === undefined;
    issues.push({
      location: locate(source, path),
      field: formatPath(path),
      message: missing ? `missing required field (${describe(issue)})` : describe(issue),
    });
  }
  return { ok: false, issues };
}

/**
 * A union (`frameworks: [id | {id, entity, …}]`) fails as one "Invalid input" issue. When exactly one branch
 * accepted the value's type, its own issues are the useful ones: report those, at their full path.
 */
function unionBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return [issue];
  const typed = issue.errors.filter(
    (branch) => !branch.some((e) => e.code === 'invalid_type' && e.path.length === 0),
  );
  if (typed.length !== 1) return [issue];
  return typed[0]!.map((e) => ({ ...e, path: [...issue.path, ...e.path] })).flatMap(unionBranch);
}

function describe(issue: z.core.$ZodIssue): string {
  return issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '');
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}
