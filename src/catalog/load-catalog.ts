// Load the framework catalogue: read every framework and evidence-library file, validate each against its
// schema, cross-check them together, and either return a Catalog or throw one InputError listing every issue.

import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError, type InputIssue } from '../core/errors.js';
import { packagePaths } from '../core/paths.js';
import { checkControls } from './check-controls.js';
import { checkLibraries, type LibraryFile } from './check-library.js';
import { type InputFile, readInputFile } from './input-file.js';
import { loadManagedRules } from './managed-rules.js';
import { evidenceLibrarySchema } from './schema/evidence-library-schema.js';
import { type FrameworkFile, frameworkSchema } from './schema/framework-schema.js';
import type { Catalog, Framework } from './types.js';
import { validateWith } from './zod-issues.js';

export interface LoadCatalogOptions {
  /** Package root holding `frameworks/` and `reference/`; default: this package. */
  root?: string;
  /** Extra framework or library files; a framework here replaces a default one with the same id. */
  files?: readonly string[];
  /** Load the default files under `frameworks/` (default true). */
  defaults?: boolean;
}

/** List the YAML files directly inside a folder (none if it does not exist). */
export async function yamlFilesIn(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .map((n) => join(dir, n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The result of validating inputs: a catalogue when there were no issues, and the issues either way. */
export interface CatalogValidation {
  catalog?: Catalog;
  issues: InputIssue[];
  /** Profile files given explicitly (validated later, against the catalogue). */
  profiles: InputFile[];
}

/** Validate without throwing: used by `frameworks validate` to report every problem at once. */
export async function validateCatalog(opts: LoadCatalogOptions = {}): Promise<CatalogValidation> {
  const paths = packagePaths(opts.root);
  const defaults =
    opts.defaults === false
      ? []
      : [...(await yamlFilesIn(paths.frameworks)), ...(await yamlFilesIn(paths.evidenceLibrary))];
  const explicit = (opts.files ?? []).map((f) => resolve(f));
  const issues: InputIssue[] = [];
  const inputs: { input: InputFile; explicit: boolean }[] = [];
  const seenPaths = new Set<string>();
  for (const [list, isExplicit] of [
    [explicit, true],
    [defaults, false],
  ] as const) {
    for (const abs of list) {
      if (seenPaths.has(abs)) continue;
      seenPaths.add(abs);
      const { input, issues: fileIssues } = await readInputFile(abs);
      issues.push(...fileIssues);
      if (input?.type && fileIssues.length === 0) inputs.push({ input, explicit: isExplicit });
    }
  }

  const managedRules = await loadManagedRules(paths.managedRules, paths.managedRuleExtensions);
  const libraries: LibraryFile[] = [];
  const frameworks: { input: InputFile; data: FrameworkFile; explicit: boolean }[] = [];
  const profiles: InputFile[] = [];
  for (const { input, explicit: isExplicit } of inputs) {
    if (input.type === 'evidence-library') {
      const r = validateWith(evidenceLibrarySchema, input.value, input.source);
      if (r.ok) libraries.push({ source: input.source, queries: r.data.queries });
      else issues.push(...r.issues);
    } else if (input.type === 'framework') {
      const r = validateWith(frameworkSchema, input.value, input.source);
      if (r.ok) frameworks.push({ input, data: r.data, explicit: isExplicit });
      else issues.push(...r.issues);
    } else if (input.type === 'profile') {
      if (isExplicit) profiles.push(input);
    }
  }

  const { library, issues: libIssues } = checkLibraries(libraries, managedRules);
  issues.push(...libIssues);

  const byId = new Map<string, Framework>();
  const explicitIds = new Set(frameworks.filter((f) => f.explicit).map((f) => f.data.id));
  for (const { input, data, explicit: isExplicit } of frameworks) {
    if (!isExplicit && explicitIds.has(data.id)) continue; // replaced by a file given on the command line
    if (byId.has(data.id)) {
      issues.push({
        location: { file: input.file, line: 1, column: 1 },
        field: 'id',
        message: `duplicate framework id '${data.id}' (also in ${byId.get(data.id)?.source.path})`,
      });
      continue;
    }
    const groups = data.groups.length ? new Set(data.groups.map((g) => g.id)) : null;
    issues.push(
      ...checkControls(data.controls, ['controls'], {
        source: input.source,
        frameworkId: data.id,
        groups,
        library,
        entityKinds: data.entityKinds,
      }),
    );
    byId.set(data.id, {
      ...data,
      controls: data.controls.map((c) => ({ ...c, frameworkId: data.id })),
      source: { path: input.file, sha256: input.sha256 },
    });
  }

  issues.sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line);
  if (issues.length) return { issues, profiles };
  const sources = [...inputs.map((i) => ({ path: i.input.file, sha256: i.input.sha256 }))].filter(
    (s) => !profiles.some((p) => p.file === s.path),
  );
  return { catalog: { frameworks: byId, queries: library, managedRules, sources }, issues, profiles };
}

/** Load the catalogue or throw an InputError naming every problem (exit code 2). */
export async function loadCatalog(opts: LoadCatalogOptions = {}): Promise<Catalog> {
  const { catalog, issues } = await validateCatalog(opts);
  if (!catalog) throw new InputError(issues, `${issues.length} problem(s) in the framework catalogue`);
  return catalog;
}
