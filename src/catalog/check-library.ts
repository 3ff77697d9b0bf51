// Cross-checks on evidence-library files: unique query keys across files, managed rules that exist,
// and advanced queries that at least look like Config's dialect.

import type { InputIssue } from '../core/errors.js';
import type { LibraryQuery } from './schema/evidence-library-schema.js';
import { libraryKey } from './types.js';
import { formatPath, locate, type YamlSource } from './yaml-source.js';

export interface LibraryFile {
  source: YamlSource;
  queries: readonly LibraryQuery[];
}

/** Merge library files into one map, reporting duplicates and unknown managed rules. */
export function checkLibraries(
  files: readonly LibraryFile[],
  managedRules: ReadonlySet<string>,
): { library: Map<string, LibraryQuery>; issues: InputIssue[] } {
  const library = new Map<string, LibraryQuery>();
  const firstAt = new Map<string, { source: YamlSource; path: (string | number)[] }>();
  const issues: InputIssue[] = [];
  for (const f of files) {
    f.queries.forEach((q, i) => {
      const key = libraryKey(q);
      const path = ['queries', i, 'id'];
      const issue = (message: string, p: (string | number)[] = path) =>
        issues.push({ location: locate(f.source, p), field: formatPath(p), message });
      const prior = firstAt.get(key);
      if (prior) {
        const loc = locate(prior.source, prior.path);
        issue(`duplicate query '${key}' (first defined at ${loc.file}:${loc.line})`);
        return;
      }
      firstAt.set(key, { source: f.source, path });
      library.set(key, q);
      if (q.kind === 'config-rule' && !managedRules.has(q.id)) {
        issue(
          `'${q.id}' is not a known AWS Config managed rule identifier (reference/aws-config-managed-rules.txt); if AWS publishes it, add it to frameworks/managed-rules-extensions.txt with a comment`,
        );
      }
      if (q.kind === 'config-query') {
        const problem = lintExpression(q.expression);
        if (problem) issue(problem, ['queries', i, 'expression']);
      }
    });
  }
  return { library, issues };
}

const BANNED = /\b(FROM|JOIN|UNION|HAVING|DISTINCT|AS)\b/i;

/** Cheap checks on an advanced query; the emulator (and AWS) parse it fully. */
export function lintExpression(expression: string): string | undefined {
  if (!/^\s*SELECT\s/i.test(expression)) return 'expected the expression to start with SELECT';
  const banned = BANNED.exec(expression.replace(/'[^']*'/g, "''"));
  if (banned) return `Config advanced queries do not support ${banned[1]?.toUpperCase()}`;
  return undefined;
}
