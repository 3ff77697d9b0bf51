// Evidence reuse across frameworks: for each evidence query, every control in every framework it supports.

import { type Catalog, queryKeyOf } from './types.js';

export interface ControlRef {
  frameworkId: string;
  controlId: string;
  ref: string;
}

/** queryKey → the controls that name it, across the whole catalogue (manual evidence excluded). */
export function crosswalk(catalog: Catalog): Map<string, ControlRef[]> {
  const out = new Map<string, ControlRef[]>();
  for (const fw of catalog.frameworks.values()) {
    for (const c of fw.controls) {
      for (const ref of c.evidence) {
        if (ref.kind === 'manual') continue;
        const key = queryKeyOf(ref, c);
        const list = out.get(key) ?? [];
        list.push({ frameworkId: fw.id, controlId: c.id, ref: c.ref });
        out.set(key, list);
      }
    }
  }
  return out;
}

/** Find the query key meant by a user's words: a full key, a managed rule identifier or a query id. */
export function resolveQueryKey(catalog: Catalog, words: string): string | undefined {
  if (catalog.queries.has(words)) return words;
  for (const key of catalog.queries.keys()) {
    if (key.slice(key.indexOf(':') + 1) === words) return key;
  }
  return undefined;
}

/** "HIPAA 164.312(a)(2)(iv), PCI DSS 3.5.1 and ISO A.8.24" style sentence for reports. */
export function describeReuse(refs: readonly ControlRef[], names: ReadonlyMap<string, string>): string {
  const parts = refs.map((r) => `${names.get(r.frameworkId) ?? r.frameworkId} ${r.controlId}`);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
