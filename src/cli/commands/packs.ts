// `evidentia packs generate|deploy`: compliance as code. `generate` writes the AWS Config conformance packs that
// deploy the managed rules a profile's decisive evidence needs (only those a run found missing, with
// --missing-from); `deploy` shows what putting them would change and, with --apply only, puts them.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { AwsClients } from '../../aws/aws-clients.js';
import { loadCatalog, loadProfile, type Profile } from '../../catalog/index.js';
import { EvidentiaError, EXIT, InputError } from '../../core/errors.js';
import { type DeployChange, deployPacks } from '../../packs/deploy-packs.js';
import { manifestScopeIssues, outsideScope } from '../../packs/manifest-scope.js';
import { missingRules } from '../../packs/missing-rules.js';
import { type PackVariant, readPacks, writePacks } from '../../packs/pack-manifest.js';
import { planPacks } from '../../packs/plan-packs.js';
import { openRun } from '../../store/results-file.js';
import type { CliContext } from '../cli-context.js';

interface GenerateFlags {
  profile: string;
  missingFrom?: string;
  out?: string;
  organization?: boolean;
}

interface DeployFlags {
  profile: string;
  dir?: string;
  apply?: boolean;
  endpoint?: string;
  role?: string;
}

/** Where `generate` writes and `deploy` reads by default. */
export function defaultPacksDir(profileId: string): string {
  return join('output', 'packs', profileId);
}

/** Register `packs`. */
export function registerPacksCommand(program: Command, ctx: CliContext): void {
  const packs = program
    .command('packs')
    .description('AWS Config conformance packs for the managed rules a profile needs (compliance as code)');

  packs
    .command('generate')
    .description(
      "write conformance-pack templates holding the managed rules the profile's decisive evidence needs",
    )
    .requiredOption('-p, --profile <file|name>', 'profile file, or the name of a built-in profile')
    .option('--missing-from <run-folder>', 'only the rules this finished run found not deployed')
    .option(
      '-o, --out <dir>',
      'where to write the templates and packs.json (default: output/packs/<profile>)',
    )
    .option('--organization', 'deploy as organisation conformance packs (PutOrganizationConformancePack)')
    .action(async (flags: GenerateFlags) => {
      const catalog = await loadCatalog();
      const profile = await loadProfile(flags.profile, catalog);
      const fromRun = flags.missingFrom ? await readMissing(flags.missingFrom, profile) : undefined;
      const planned = planPacks({
        profile,
        catalog,
        ...(fromRun ? { missing: new Set(fromRun.keys()) } : {}),
      });
      const dir = flags.out ?? defaultPacksDir(profile.id);
      const variant: PackVariant = flags.organization ? 'organization' : 'account';
      const { scope } = profile;
      await writePacks(
        dir,
        planned,
        {
          profile: profile.id,
          variant,
          homeRegion: scope.homeRegion ?? scope.regions[0]!,
          regions: [...scope.regions],
          ...(flags.missingFrom ? { missingFrom: flags.missingFrom } : {}),
          ...(scope.accounts !== 'organization' ? { accounts: [...scope.accounts] } : {}),
          excludeAccounts: [...scope.excludeAccounts],
        },
        fromRun
          ? (p) => [...new Set(p.rules.flatMap((r) => [...(fromRun.get(r.identifier)?.scopes ?? [])]))].sort()
          : undefined,
      );
      if (planned.length === 0) {
        ctx.stdout.write(
          fromRun
            ? `nothing to deploy: the run found every managed rule ${profile.id} needs deployed (${dir}/packs.json lists no pack)\n`
            : `nothing to deploy: ${profile.id} names no managed rule as decisive evidence\n`,
        );
        return;
      }
      for (const p of planned) {
        ctx.stdout.write(
          `${p.name}  ${p.rules.length} rules, ${p.controls.length} controls, ${p.templateBytes} bytes, ${p.reach === 'home' ? 'home region' : 'every region'}  ${join(dir, `${p.name}.yaml`)}\n`,
        );
      }
      ctx.stdout.write(
        `${planned.length} ${variant === 'organization' ? 'organisation ' : ''}pack(s) in ${dir}; next: evidentia packs deploy --profile ${flags.profile} --dir ${dir}\n`,
      );
    });

  packs
    .command('deploy')
    .description('show what deploying the generated packs would change; put them only with --apply')
    .requiredOption('-p, --profile <file|name>', 'the profile the packs were generated for')
    .option('-d, --dir <dir>', 'folder written by packs generate (default: output/packs/<profile>)')
    .option(
      '--apply',
      'put the packs (PutConformancePack / PutOrganizationConformancePack); default: dry run',
    )
    .option('--endpoint <url>', 'send every AWS call to this endpoint (e.g. the emulator)')
    .option(
      '--role <name>',
      "role to assume in each account (default: the profile's role); it needs write access",
    )
    .action(async (flags: DeployFlags) => {
      if (flags.endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(flags.endpoint)) {
        throw InputError.forFile('--endpoint', `expected an http(s) URL, got '${flags.endpoint}'`);
      }
      if (flags.role !== undefined && !/^[\w+=,.@/-]{1,64}$/.test(flags.role)) {
        throw InputError.forFile('--role', `expected an IAM role name, got '${flags.role}'`);
      }
      const catalog = await loadCatalog();
      const profile = await loadProfile(flags.profile, catalog);
      const dir = flags.dir ?? defaultPacksDir(profile.id);
      const loaded = await readPacks(dir);
      if (loaded.manifest.profile !== profile.id) {
        throw InputError.forFile(
          join(dir, 'packs.json'),
          `generated for profile '${loaded.manifest.profile}', not '${profile.id}'`,
          'profile',
        );
      }
      const outside = manifestScopeIssues(loaded.manifest, profile);
      if (outside.length) {
        const file = join(dir, 'packs.json');
        throw new InputError(
          outside.map((o) => ({
            location: { file, line: 1, column: 1 },
            field: o.field,
            message: o.message,
          })),
        );
      }
      if (loaded.manifest.packs.length === 0) {
        ctx.stdout.write('nothing to deploy: packs.json lists no pack\n');
        return;
      }
      const clients = awsClients(profile, flags, ctx);
      try {
        await clients.callerAccountId().catch((err: unknown) => {
          throw new EvidentiaError(
            'AWS_CREDENTIALS',
            `Cannot identify the caller (sts:GetCallerIdentity): ${err instanceof Error ? err.message : String(err)}`,
          );
        });
        const changes = await deployPacks({
          loaded,
          clients,
          apply: flags.apply === true,
          concurrency: profile.collection.concurrency.global,
          onChange: (c) => ctx.stdout.write(`${describeChange(c, flags.apply === true)}\n`),
        });
        const failed = changes.filter((c) => c.action === 'error').length;
        const skipped = changes.filter((c) => c.action === 'skipped').length;
        const changing = changes.filter((c) => c.action === 'create' || c.action === 'update').length;
        ctx.stdout.write(
          flags.apply
            ? `${changes.filter((c) => c.applied).length} put, ${changes.filter((c) => c.action === 'unchanged').length} unchanged, ${skipped} skipped (AWS Config not recording), ${failed} failed\n`
            : `dry run: ${changing} deployment(s) would change, ${skipped} skipped (AWS Config not recording), ${failed} could not be checked; nothing was changed (add --apply to deploy)\n`,
        );
        if (failed) ctx.exitCode = EXIT.INCOMPLETE;
      } finally {
        clients.destroy();
      }
    });
}

/** The missing rules of a finished run of this profile; a folder that is not one is bad input. */
async function readMissing(runDir: string, profile: Profile) {
  if (!existsSync(join(runDir, 'results.json'))) {
    throw InputError.forFile(
      join(runDir, 'results.json'),
      'no results.json here: is this a finished run folder?',
      '--missing-from',
    );
  }
  try {
    const run = await openRun(runDir);
    if (run.run.profile.id !== profile.id) {
      throw InputError.forFile(
        join(runDir, 'results.json'),
        `this run is of profile '${run.run.profile.id}', not '${profile.id}'`,
        'run.profile.id',
      );
    }
    const missing = await missingRules(run.findings);
    // The scopes become packs.json's `neededIn`, where deploy writes: a run naming an account or region the
    // profile does not cover is not this profile's run.
    for (const m of missing.values()) {
      for (const where of m.scopes) {
        const why = outsideScope(profile, where);
        if (why) {
          throw InputError.forFile(
            join(runDir, 'findings.jsonl'),
            `a finding of ${m.identifier} is outside the profile: ${why}`,
            'accountId/region',
          );
        }
      }
    }
    return missing;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw InputError.forFile(
      join(runDir, 'results.json'),
      `cannot read the run: ${err instanceof Error ? err.message : String(err)}`,
      '--missing-from',
    );
  }
}

function awsClients(profile: Profile, flags: DeployFlags, ctx: CliContext): AwsClients {
  const { scope, collection } = profile;
  return new AwsClients({
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
    homeRegion: scope.homeRegion ?? scope.regions[0]!,
    role: flags.role ? { ...scope.role, name: flags.role } : scope.role,
    limits: collection.concurrency,
    maxAttempts: collection.maxAttempts,
    callTimeoutMs: collection.callTimeoutMs,
    clock: ctx.clock,
  });
}

const MAX_LISTED = 8;

function list(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).join(', ');
  return names.length > MAX_LISTED ? `${shown}, … ${names.length - MAX_LISTED} more` : shown;
}

/** One line per pack and target: what it would do (dry run) or did (--apply). */
export function describeChange(c: DeployChange, apply: boolean): string {
  const where = `${c.pack} in ${c.target}`;
  switch (c.action) {
    case 'error':
      return `error     ${where}: ${c.error}`;
    case 'unchanged':
      return `unchanged ${where}: every rule already deployed by it`;
    case 'skipped':
      return `skipped   ${where}: ${c.error}; a pack cannot deploy there`;
    default: {
      const verb = apply ? (c.action === 'create' ? 'created' : 'updated') : `would ${c.action}`;
      const adds = c.adds.length ? ` adds ${c.adds.length} rule(s): ${list(c.adds)}` : '';
      const removes = c.removes.length ? `; removes ${c.removes.length}: ${list(c.removes)}` : '';
      return `${verb.padEnd(9)} ${where}:${adds || ' rules as in the template'}${removes}`;
    }
  }
}
