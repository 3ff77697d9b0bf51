// Parse YAML keeping source positions, so every validation error can name file:line:column.

import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { InputIssue, SourceLocation } from '../core/errors.js';
import { cachedYamlValue } from './yaml-cache.js';

/** Largest input file we accept; anything bigger is refused before parsing. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

export interface YamlSource {
  file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

export type PathSegment = string | number;

/** Parse text as one YAML document. Syntax errors (and duplicate keys) come back as issues, not throws. */
export function parseYaml(file: string, text: string): { source: YamlSource; issues: InputIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const issues: InputIssue[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return {
      location: { file, line: pos.line, column: pos.col },
      field: '',
      message: `YAML syntax: ${firstLine(e.message).replace(/ at line \d+, column \d+:?$/, '')}`,
    };
  });
  return { source: { file, doc, lines }, issues };
}

/**
 * Read YAML text as a plain value, with a source for locating problems. Built-in files whose bytes the build
 * cached (catalog/yaml-cache.ts) skip the parser; their source is parsed only if a problem must be located.
 */
export function readYaml(
  file: string,
  text: string,
  maxAliasCount: number,
): { source: YamlSource; value: unknown; issues: InputIssue[] } {
  const cached = cachedYamlValue(text, maxAliasCount);
  if (cached !== undefined) return { source: lazySource(file, text), value: cached, issues: [] };
  const { source, issues } = parseYaml(file, text);
  if (issues.length) return { source, value: undefined, issues };
  try {
    return { source, value: source.doc.toJS({ maxAliasCount }), issues };
  } catch (err) {
    // The parser refuses documents whose aliases expand past the limit (a resource-exhaustion guard).
    const message = `YAML: ${firstLine((err as Error).message)} (at most ${maxAliasCount} alias expansions are allowed)`;
    return {
      source,
      value: undefined,
      issues: [{ location: { file, line: 1, column: 1 }, field: '', message }],
    };
  }
}

function lazySource(file: string, text: string): YamlSource {
  let parsed: YamlSource | undefined;
  const get = () => {
    parsed ??= parseYaml(file, text).source;
    return parsed;
  };
  return {
    file,
    get doc() {
      return get().doc;
    },
    get lines() {
      return get().lines;
    },
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/** Render a path as `controls[3].evidence[0].rule`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

/**
 * The source position of the node at `path`: the value if present, else the key, else the nearest
 * ancestor that exists (a missing required field is reported at the object that lacks it).
 */
export function locate(
  source: YamlSource,
  path: readonly PathSegment[],
  at: 'value' | 'key' = 'value',
): SourceLocation {
  let node: unknown = source.doc.contents;
  let best: Node | null = isNodeWithRange(node) ? node : null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) break;
      if (isNodeWithRange(pair.key)) best = pair.key;
      if (at === 'key' && seg === path[path.length - 1]) break;
      node = pair.value;
      if (isNodeWithRange(node)) best = node;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!isNodeWithRange(node)) break;
      best = node;
    } else {
      break;
    }
  }
  const offset = best?.range?.[0] ?? 0;
  const pos = source.lines.linePos(offset);
  return { file: source.file, line: pos.line, column: pos.col };
}

function isNodeWithRange(n: unknown): n is Node {
  return typeof n === 'object' && n !== null && 'range' in n && Array.isArray((n as Node).range);
}
