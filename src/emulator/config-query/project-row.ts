// Projects the selected property paths of a CI into one re-nested result object, as AWS Config returns rows.

import { isObject, type QueryDocument, readField } from './resolve-path.js';

/** A selection tree: `true` takes the whole value at that point; a map selects some children. */
type Selection = Map<string, Selection | true>;

/** Precompiled projection for a list of dotted paths (sharing prefixes merge into one object). */
export type Projection = (doc: QueryDocument) => Record<string, unknown>;

/** Build a projection for `paths` (each a list of segments). A path wins over its own sub-paths. */
export function compileProjection(paths: readonly (readonly string[])[]): Projection {
  const root: Selection = new Map();
  for (const segments of paths) {
    let node = root;
    for (const [i, segment] of segments.entries()) {
      const existing = node.get(segment);
      if (existing === true) break;
      if (i === segments.length - 1) {
        node.set(segment, true);
        break;
      }
      const child: Selection = existing ?? new Map();
      node.set(segment, child);
      node = child;
    }
  }
  return (doc) => (project(doc, root, []) as Record<string, unknown> | undefined) ?? {};
}

/** Project `node` through `selection`; undefined when nothing selected is present (missing paths are left out). */
function project(node: unknown, selection: Selection, parent: string[]): unknown {
  if (Array.isArray(node)) {
    const kept = node.map((element) => project(element, selection, parent)).filter((v) => v !== undefined);
    return kept.length ? kept : undefined;
  }
  if (!isObject(node)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of selection) {
    const child = readField(node, key, parent);
    if (child === undefined || child === null) continue;
    const value = sub === true ? structuredClone(child) : project(child, sub, [...parent, key]);
    if (value !== undefined) out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}
