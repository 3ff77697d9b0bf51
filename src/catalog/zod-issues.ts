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
  for (const issue of result.error.issues) {
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
