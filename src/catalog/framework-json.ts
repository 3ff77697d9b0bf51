// The machine-readable form of a framework (`frameworks show <id> --json`), with library queries resolved.

import { type Catalog, type Framework, queryKeyOf } from './types.js';

export interface FrameworkJson {
  id: string;
  name: string;
  version: string;
  controls: {
    id: string;
    ref: string;
    title: string;
    summary: string;
    group?: string;
    responsibility: string;
    responsibilityNote?: string;
    attributes?: Record<string, string | number | boolean>;
    evidence: ({ kind: string; key: string } & Record<string, unknown>)[];
  }[];
}

/** Export a framework with each evidence entry expanded to its library definition. */
export function frameworkJson(f: Framework, catalog: Catalog): FrameworkJson {
  return {
    id: f.id,
    name: f.name,
    version: f.version,
    controls: f.controls.map((c) => ({
      id: c.id,
      ref: c.ref,
      title: c.title,
      summary: c.summary,
      ...(c.group ? { group: c.group } : {}),
      responsibility: c.responsibility,
      ...(c.responsibilityNote ? { responsibilityNote: c.responsibilityNote } : {}),
      ...(c.attributes ? { attributes: c.attributes } : {}),
      evidence: c.evidence.map((ref) => {
        const key = queryKeyOf(ref, c);
        const q = catalog.queries.get(key);
        return { ...ref, key, ...(q ? { definition: q } : {}) };
      }),
    })),
  };
}
