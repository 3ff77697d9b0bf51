// Load a profile by name (from frameworks/profiles/) or by path, validate it and cross-check it against
// the catalogue: frameworks that exist, a valid schedule, consistent regions, well-formed industry controls.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import nodeCron from 'node-cron';
import { InputError, type InputIssue, NotFoundError } from '../core/errors.js';
import { packagePaths } from '../core/paths.js';
import { resolveS3Delivery } from '../deliver/delivery-schema.js';
import { checkControls } from './check-controls.js';
import { type InputFile, readInputFile } from './input-file.js';
import { yamlFilesIn } from './load-catalog.js';
import { type FrameworkEntry, profileSchema } from './schema/profile-schema.js';
import type { Catalog, Framework, Profile, ProfileApplicability } from './types.js';
import { formatPath, locate, type PathSegment } from './yaml-source.js';
import { validateWith } from './zod-issues.js';

/** Names of the built-in profiles (file stems under frameworks/profiles/). */
export async function builtInProfileNames(root?: string): Promise<string[]> {
  const files = await yamlFilesIn(packagePaths(root).profiles);
  return files.map((f) => f.replace(/^.*\//, '').replace(/\.ya?ml$/, ''));
}

/** Resolve a profile argument: an existing path, or the name of a built-in profile. */
export async function resolveProfilePath(nameOrPath: string, root?: string): Promise<string> {
  if (existsSync(nameOrPath) || /[/\\]|\.ya?ml$/.test(nameOrPath)) return resolve(nameOrPath);
  const candidate = join(packagePaths(root).profiles, `${nameOrPath}.yaml`);
  if (existsSync(candidate)) return candidate;
  throw new NotFoundError('profile', nameOrPath, await builtInProfileNames(root));
}

/** Validate an already-read profile file against the catalogue; returns the profile or the issues. */
export function checkProfile(
  input: InputFile,
  catalog: Catalog,
): { profile?: Profile; issues: InputIssue[] } {
  if (input.type !== 'profile') {
    return {
      issues: [
        {
          location: { file: input.file, line: 1, column: 1 },
          field: 'type',
          message: "expected type 'profile'",
        },
      ],
    };
  }
  const r = validateWith(profileSchema, input.value, input.source);
  if (!r.ok) return { issues: r.issues };
  const p = r.data;
  const issues: InputIssue[] = [];
  const issue = (path: PathSegment[], message: string) =>
    issues.push({ location: locate(input.source, path), field: formatPath(path), message });

  const frameworkIds = p.frameworks.map((e) => (typeof e === 'string' ? e : e.id));
  frameworkIds.forEach((id, i) => {
    const at: PathSegment[] =
      typeof p.frameworks[i] === 'string' ? ['frameworks', i] : ['frameworks', i, 'id'];
    if (!catalog.frameworks.has(id)) {
      issue(at, `unknown framework '${id}' (known: ${[...catalog.frameworks.keys()].join(', ')})`);
    }
  });
  const dupFramework = frameworkIds.findIndex((f, i) => frameworkIds.indexOf(f) !== i);
  if (dupFramework >= 0)
    issue(['frameworks', dupFramework], `framework '${frameworkIds[dupFramework]}' is listed twice`);
  const applicability = checkApplicability(
    p.frameworks,
    catalog,
    issue,
    (path) => locate(input.source, path).line,
  );

  const dupRegion = p.scope.regions.findIndex((r, i) => p.scope.regions.indexOf(r) !== i);
  if (dupRegion >= 0)
    issue(['scope', 'regions', dupRegion], `region '${p.scope.regions[dupRegion]}' is listed twice`);
  if (p.scope.homeRegion && !p.scope.regions.includes(p.scope.homeRegion)) {
    issue(['scope', 'homeRegion'], `homeRegion '${p.scope.homeRegion}' must be one of scope.regions`);
  }
  if (Array.isArray(p.scope.accounts)) {
    const dup = p.scope.accounts.findIndex((a, i) => (p.scope.accounts as string[]).indexOf(a) !== i);
    if (dup >= 0) issue(['scope', 'accounts', dup], `account '${p.scope.accounts[dup]}' is listed twice`);
  }
  if (p.schedule) {
    if (!nodeCron.validate(p.schedule.cron)) {
      issue(
        ['schedule', 'cron'],
        `'${p.schedule.cron}' is not a valid cron expression (expected e.g. "0 2 * * *")`,
      );
    }
    if (!isValidTimeZone(p.schedule.timezone)) {
      issue(
        ['schedule', 'timezone'],
        `'${p.schedule.timezone}' is not an IANA time zone (expected e.g. Europe/Berlin)`,
      );
    }
  }

  if (p.delivery) {
    const delivery = resolveS3Delivery(p.delivery.s3, frameworkIds);
    if (!delivery.ok) issue(delivery.field, delivery.message);
  }

  const industryId = `${p.id}-industry`;
  let industryFramework: Framework | undefined;
  if (p.controls.length) {
    issues.push(
      ...checkControls(p.controls, ['controls'], {
        source: input.source,
        frameworkId: industryId,
        groups: null,
        library: catalog.queries,
      }),
    );
    industryFramework = {
      type: 'framework',
      id: industryId,
      name: `${p.name} industry controls`,
      version: p.id,
      description: `Controls the ${p.name} profile adds for its industry.`,
      groups: [],
      controls: p.controls.map((c) => ({ ...c, frameworkId: industryId })),
      source: { path: input.file, sha256: input.sha256 },
    };
  }
  if (issues.length) return { issues };
  const { controls: _controls, frameworks: _entries, ...rest } = p;
  const profile: Profile = {
    ...rest,
    frameworks: frameworkIds,
    ...(applicability ? { applicability } : {}),
    source: { path: input.file, sha256: input.sha256 },
    dir: dirname(input.absPath),
  };
  if (industryFramework) profile.industryFramework = industryFramework;
  return { profile, issues };
}

/** Load a profile by name or path, or throw an InputError (exit code 2). */
export async function loadProfile(nameOrPath: string, catalog: Catalog, root?: string): Promise<Profile> {
  const path = await resolveProfilePath(nameOrPath, root);
  const { input, issues: readIssues } = await readInputFile(path);
  if (!input || readIssues.length) throw new InputError(readIssues);
  const { profile, issues } = checkProfile(input, catalog);
  if (!profile)
    throw new InputError(
      issues,
      issues.length > 1 ? `${issues.length} problems in ${input.file}` : undefined,
    );
  return profile;
}

/**
 * The entity and the declared exclusions of each `{ id, entity?, notApplicable? }` entry, checked against the
 * framework: an entity it declares, controls it has, each excluded once. Undefined when no entry uses them.
 */
function checkApplicability(
  entries: readonly FrameworkEntry[],
  catalog: Catalog,
  issue: (path: PathSegment[], message: string) => void,
  lineOf: (path: PathSegment[]) => number,
): ProfileApplicability | undefined {
  const app: ProfileApplicability = { entities: {}, notApplicable: [] };
  let used = false;
  entries.forEach((e, i) => {
    if (typeof e === 'string') return;
    const fw = catalog.frameworks.get(e.id);
    if (!fw) return; // already reported
    if (e.entity !== undefined) {
      used = true;
      if (!fw.entityKinds) {
        issue(
          ['frameworks', i, 'entity'],
          `framework '${fw.id}' distinguishes no kinds of entity, so 'entity' does not apply to it`,
        );
      } else if (!fw.entityKinds.includes(e.entity)) {
        issue(
          ['frameworks', i, 'entity'],
          `unknown entity '${e.entity}' for ${fw.id} (expected one of ${fw.entityKinds.join(', ')})`,
        );
      } else {
        app.entities[fw.id] = e.entity;
      }
    }
    const seen = new Map<string, number>();
    e.notApplicable.forEach((d, j) => {
      used = true;
      const at: PathSegment[] = ['frameworks', i, 'notApplicable', j];
      if (!fw.controls.some((c) => c.id === d.control)) {
        issue(
          [...at, 'control'],
          `unknown control '${d.control}' in ${fw.id} (control ids are listed by \`evidentia frameworks show ${fw.id}\`)`,
        );
        return;
      }
      const first = seen.get(d.control);
      if (first !== undefined) {
        issue(
          [...at, 'control'],
          `control '${d.control}' is declared not applicable twice (first on line ${lineOf(['frameworks', i, 'notApplicable', first, 'control'])})`,
        );
        return;
      }
      seen.set(d.control, j);
      app.notApplicable.push({ ...d, frameworkId: fw.id });
    });
  });
  return used ? app : undefined;
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Frameworks a profile runs, in order, with its industry controls last. */
export function profileFrameworks(profile: Profile, catalog: Catalog): Framework[] {
  const out = profile.frameworks
    .map((id) => catalog.frameworks.get(id))
    .filter((f): f is Framework => f !== undefined);
  if (profile.industryFramework) out.push(profile.industryFramework);
  return out;
}
