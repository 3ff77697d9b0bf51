// Turns a configuration item into a queryable document and collects the values at a dotted path, fanning out over arrays.

import type { ConfigurationItem } from './configuration-item.js';

/** A CI as the engine reads it: plain JSON, with JSON-text configuration fields decoded. */
export type QueryDocument = Record<string, unknown>;

/** Build the queryable document of a CI. `configuration` and supplementaryConfiguration values given as JSON text
 * (as GetResourceConfigHistory returns them) are decoded so their sub-paths can be queried. */
export function toQueryDocument(item: ConfigurationItem): QueryDocument {
  const doc: QueryDocument = { ...item };
  if (item.configuration !== undefined) doc.configuration = decodeJsonText(item.configuration);
  const supplementary = decodeJsonText(item.supplementaryConfiguration);
  if (isObject(supplementary)) {
    doc.supplementaryConfiguration = Object.fromEntries(
      Object.entries(supplementary).map(([k, v]) => [k, decodeJsonText(v)]),
    );
  }
  return doc;
}

/** Read one field of an object, adding the virtual `tags.tag` (`key=value`). */
export function readField(node: Record<string, unknown>, key: string, parent: readonly string[]): unknown {
  if (key === 'tag' && parent.length === 1 && parent[0] === 'tags' && !('tag' in node)) {
    return typeof node.key === 'string' ? `${node.key}=${String(node.value ?? '')}` : undefined;
  }
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

/** All leaf values at `segments` (arrays on the way and at the end are fanned out; null counts as missing). */
export function resolvePath(doc: QueryDocument, segments: readonly string[]): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (node === undefined || node === null) return;
    if (Array.isArray(node)) {
      for (const element of node) walk(element, depth);
      return;
    }
    if (depth === segments.length) {
      out.push(node);
      return;
    }
    if (!isObject(node)) return;
    walk(readField(node, segments[depth]!, segments.slice(0, depth)), depth + 1);
  };
  walk(doc, 0);
  return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeJsonText(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    // Not JSON after all: keep the text as the value, as a string property.
    return value;
  }
}
