// Read the daemon's configuration file: YAML with positions, schema, then cross-checks — every profile
// loads, every cron expression and time zone is valid, token hashes are present — each problem reported as
// file:line:column. Anything wrong throws InputError (exit 2) before the daemon starts anything.

import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import nodeCron from 'node-cron';
import { readTrustAnchors } from '../../bundle/index.js';
import { type Catalog, loadCatalog, loadProfile, type Profile } from '../../catalog/index.js';
import { displayPath } from '../../catalog/input-file.js';
import {
  formatPath,
  locate,
  MAX_INPUT_BYTES,
  type PathSegment,
  readYaml,
  type YamlSource,
} from '../../catalog/yaml-source.js';
import { validateWith } from '../../catalog/zod-issues.js';
import { EvidentiaError, InputError, type InputIssue } from '../../core/errors.js';
import { folderProblem } from '../../core/output-folder.js';
import { resolveS3Delivery } from '../../deliver/delivery-schema.js';
import { resolveCluster, resolveStore } from './cluster-config.js';
import { type DaemonConfigFile, daemonConfigSchema } from './daemon-config-schema.js';
import type { DaemonSettings, ProfileSchedule, ScheduledProfile, TokenEntry } from './daemon-settings.js';

export interface LoadDaemonConfigOptions {
  /** Environment for `sha256Env`; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The catalogue; default the built-in one. */
  catalog?: Catalog;
}

/** Load, validate and resolve a daemon configuration file. */
export async function loadDaemonConfig(
  path: string,
  opts: LoadDaemonConfigOptions = {},
): Promise<DaemonSettings> {
  const absPath = resolve(path);
  const file = displayPath(absPath);
  const size = await stat(absPath).then(
    (s) => s.size,
    (err: NodeJS.ErrnoException) => {
      throw InputError.forFile(file, `cannot read the configuration file: ${err.code ?? err.message}`);
    },
  );
  if (size > MAX_INPUT_BYTES) {
    throw InputError.forFile(file, `file is ${size} bytes; the limit is ${MAX_INPUT_BYTES} bytes`);
  }
  return parseDaemonConfig(file, await readFile(absPath, 'utf8'), dirname(absPath), opts);
}

/** Validate configuration text; `baseDir` anchors relative paths. */
export async function parseDaemonConfig(
  file: string,
  text: string,
  baseDir: string,
  opts: LoadDaemonConfigOptions = {},
): Promise<DaemonSettings> {
  // readYaml turns an alias bomb into a located issue, as for catalogue files (it used to throw: exit 3).
  const { source, value, issues: syntax } = readYaml(file, text, 50);
  if (syntax.length) throw new InputError(syntax, summary(file, syntax));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw InputError.forFile(file, 'expected a YAML mapping at the top level');
  }
  const checked = validateWith(daemonConfigSchema, value, source);
  if (!checked.ok) throw new InputError(checked.issues, summary(file, checked.issues));
  const config = checked.data;
  const issues: InputIssue[] = [];
  const issue = (path: PathSegment[], message: string) =>
    issues.push({ location: locate(source, path), field: formatPath(path), message });

  // The folders the daemon writes: a file in the way or no write permission is bad input now, not a failed run.
  for (const field of ['output', 'state'] as const) {
    const problem = await folderProblem(resolve(baseDir, config[field]));
    if (problem) issue([field], `${displayPath(problem.at)} ${problem.message}`);
  }
  const catalog = opts.catalog ?? (await loadCatalog());
  const profiles = await resolveProfiles(config, source, baseDir, catalog, issues, issue);
  const tokens = resolveTokens(config, opts.env ?? process.env, issue);
  if (config.http.enabled && config.http.tokens.length === 0) {
    issue(
      ['http'],
      'http.tokens: expected at least one token, or http.enabled: false (make one with `evidentia daemon --new-token officer`)',
    );
  }
  const trust = await resolveTrust(config, baseDir, issue);
  const store = resolveStore(config.store, opts.env ?? process.env, issue);
  const cluster = resolveCluster(config.cluster, store, opts.env ?? process.env, issue);
  if (issues.length) throw new InputError(issues, summary(file, issues));
  return {
    source: file,
    outDir: resolve(baseDir, config.output),
    stateDir: resolve(baseDir, config.state),
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    catalog,
    profiles,
    retention: {
      ...(config.retention.keepLast !== undefined ? { keepLast: config.retention.keepLast } : {}),
      ...(config.retention.maxAgeDays !== undefined ? { maxAgeDays: config.retention.maxAgeDays } : {}),
    },
    graceMs: Math.round(config.shutdown.graceSeconds * 1000),
    http: {
      enabled: config.http.enabled,
      host: config.http.host,
      port: config.http.port,
      ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}),
      bodyLimitBytes: config.http.bodyLimitBytes,
      tokens,
      expensivePerMinute: config.http.expensivePerMinute,
    },
    notify: {
      ...(config.notify.webhook ? { webhook: config.notify.webhook } : {}),
      expiringWithinDays: config.notify.expiringWithinDays,
      attempts: config.notify.attempts,
    },
    trust,
    store,
    ...(cluster ? { cluster } : {}),
  };
}

/** The trust anchor files, each read now so a bad one is bad input naming `trust[i]`. */
async function resolveTrust(
  config: DaemonConfigFile,
  baseDir: string,
  issue: (path: PathSegment[], message: string) => void,
): Promise<string[]> {
  const paths: string[] = [];
  for (const [i, entry] of config.trust.entries()) {
    const path = resolve(baseDir, entry);
    try {
      await readTrustAnchors([path]);
      paths.push(path);
    } catch (err) {
      const detail = err instanceof InputError ? (err.issues[0]?.message ?? err.message) : String(err);
      issue(['trust', i], `${path}: ${detail}`);
    }
  }
  return paths;
}

async function resolveProfiles(
  config: DaemonConfigFile,
  source: YamlSource,
  baseDir: string,
  catalog: Catalog,
  issues: InputIssue[],
  issue: (path: PathSegment[], message: string) => void,
): Promise<ScheduledProfile[]> {
  const out: ScheduledProfile[] = [];
  const seen = new Map<string, number>();
  for (const [i, entry] of config.profiles.entries()) {
    const looksLikePath = /[/\\]|\.ya?ml$/.test(entry.profile);
    let profile: Profile;
    try {
      profile = await loadProfile(looksLikePath ? resolve(baseDir, entry.profile) : entry.profile, catalog);
    } catch (err) {
      if (err instanceof InputError && err.issues.some((x) => x.location.file !== source.file)) {
        // Problems inside the profile file are reported where they are.
        issue(['profiles', i, 'profile'], `profile '${entry.profile}' is not valid (see below)`);
        issues.push(...err.issues);
      } else if (err instanceof EvidentiaError) {
        issue(['profiles', i, 'profile'], `${err.message}; or give the path of a profile file`);
      } else throw err;
      continue;
    }
    const dup = seen.get(profile.id);
    if (dup !== undefined) {
      issue(['profiles', i, 'profile'], `profile '${profile.id}' is already listed at profiles[${dup}]`);
      continue;
    }
    seen.set(profile.id, i);
    if (config.delivery && !profile.delivery) {
      // The daemon's delivery is the default for profiles that do not say; HIPAA ones keep six years.
      const delivery = resolveS3Delivery(config.delivery.s3, profile.frameworks);
      if (!delivery.ok) {
        issue(['delivery', 's3', 'objectLock'], `for profile '${profile.id}': ${delivery.message}`);
        continue;
      }
      profile = { ...profile, delivery: config.delivery };
    }
    const schedule = entry.schedule === false ? undefined : (entry.schedule ?? profile.schedule);
    if (schedule) {
      const at: PathSegment[] = entry.schedule ? ['profiles', i, 'schedule'] : ['profiles', i, 'profile'];
      const problem = scheduleProblem(schedule);
      if (problem) {
        issue(
          entry.schedule ? [...at, problem.field] : at,
          `${entry.schedule ? '' : `the schedule of profile '${profile.id}': `}${problem.message}`,
        );
        continue;
      }
    }
    out.push({
      profile,
      ...(schedule ? { schedule: { cron: schedule.cron, timezone: schedule.timezone } } : {}),
      ...(entry.toSecurityHub ? { toSecurityHub: true } : {}),
    });
  }
  return out;
}

/** What is wrong with a schedule, if anything. */
export function scheduleProblem(
  s: ProfileSchedule,
): { field: 'cron' | 'timezone'; message: string } | undefined {
  const v = nodeCron.validateDetailed(s.cron);
  if (!v.valid) {
    const why = v.errors.map((e) => (e.field === 'expression' ? e.message : `${e.field}: ${e.message}`));
    return {
      field: 'cron',
      message: `'${s.cron}' is not a valid cron expression (${why.join('; ')}); expected e.g. "0 2 * * *"`,
    };
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: s.timezone });
  } catch {
    return {
      field: 'timezone',
      message: `'${s.timezone}' is not an IANA time zone (expected e.g. Europe/Berlin)`,
    };
  }
  return undefined;
}

function resolveTokens(
  config: DaemonConfigFile,
  env: Readonly<Record<string, string | undefined>>,
  issue: (path: PathSegment[], message: string) => void,
): TokenEntry[] {
  const out: TokenEntry[] = [];
  const names = new Set<string>();
  const hashes = new Set<string>();
  config.http.tokens.forEach((t, i) => {
    if (names.has(t.name)) issue(['http', 'tokens', i, 'name'], `token name '${t.name}' is used twice`);
    names.add(t.name);
    let sha256 = t.sha256;
    if (t.sha256Env) {
      const v = env[t.sha256Env]?.trim().toLowerCase();
      if (!v) {
        issue(['http', 'tokens', i, 'sha256Env'], `environment variable ${t.sha256Env} is not set`);
        return;
      }
      if (!/^[0-9a-f]{64}$/.test(v)) {
        issue(
          ['http', 'tokens', i, 'sha256Env'],
          `environment variable ${t.sha256Env} must hold a SHA-256 as 64 hex digits (never the token itself)`,
        );
        return;
      }
      sha256 = v;
    }
    if (!sha256) return;
    if (hashes.has(sha256)) issue(['http', 'tokens', i], 'the same token is configured twice');
    hashes.add(sha256);
    out.push({ name: t.name, role: t.role, sha256 });
  });
  return out;
}

function summary(file: string, issues: readonly InputIssue[]): string | undefined {
  return issues.length > 1 ? `${issues.length} problems in ${file}` : undefined;
}
