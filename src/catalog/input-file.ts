// Read one input file (framework, evidence library or profile): size cap, YAML parse, type detection.

import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { sha256Hex } from '../core/canonical-json.js';
import type { InputIssue } from '../core/errors.js';
import { MAX_INPUT_BYTES, readYaml, type YamlSource } from './yaml-source.js';

export const INPUT_TYPES = ['framework', 'evidence-library', 'profile'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

export interface InputFile {
  /** Path as shown in messages (relative to the working directory when inside it). */
  file: string;
  absPath: string;
  sha256: string;
  source: YamlSource;
  value: unknown;
  type: InputType | undefined;
}

/** Path shown in messages: relative to the working directory when that is shorter. */
export function displayPath(absPath: string): string {
  const rel = relative(process.cwd(), absPath);
  return rel && !rel.startsWith('..') ? rel : absPath;
}

/** Read and parse a file. Never throws for bad content; problems come back as issues. */
export async function readInputFile(absPath: string): Promise<{ input?: InputFile; issues: InputIssue[] }> {
  const file = displayPath(absPath);
  const at = { file, line: 1, column: 1 };
  let size: number;
  try {
    size = (await stat(absPath)).size;
  } catch (err) {
    return {
      issues: [
        {
          location: at,
          field: '',
          message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? err}`,
        },
      ],
    };
  }
  if (size > MAX_INPUT_BYTES) {
    return {
      issues: [
        { location: at, field: '', message: `file is ${size} bytes; the limit is ${MAX_INPUT_BYTES} bytes` },
      ],
    };
  }
  const bytes = await readFile(absPath);
  const text = bytes.toString('utf8');
  if (text.includes('\u0000')) {
    return { issues: [{ location: at, field: '', message: 'file is binary, expected YAML text' }] };
  }
  const { source, value, issues } = readYaml(file, text, 50);
  if (issues.length) return { issues };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { issues: [{ location: at, field: '', message: 'expected a YAML mapping at the top level' }] };
  }
  const rawType = (value as Record<string, unknown>).type;
  const type = INPUT_TYPES.find((t) => t === rawType);
  const input: InputFile = { file, absPath, sha256: sha256Hex(bytes), source, value, type };
  if (!type) {
    return {
      input,
      issues: [
        {
          location: at,
          field: 'type',
          message: `expected type to be one of ${INPUT_TYPES.join(', ')}${rawType === undefined ? ' (missing)' : ` (got '${String(rawType)}')`}`,
        },
      ],
    };
  }
  return { input, issues: [] };
}
