// `packs deploy`: compare the generated packs with what is deployed and, only when asked to apply, put them.
// Account packs: per account × region where a pack is needed (the run's scopes, or the profile's accounts and
// regions), DescribeConfigurationRecorderStatus says whether AWS Config records there (a pack cannot deploy where
// it does not: skipped, said), DescribeConformancePacks and DescribeConformancePackCompliance whether the pack
// exists and which rules it holds; PutConformancePack creates or updates it. Organisation packs: per region, from the caller's
// (management or delegated administrator) account, DescribeOrganizationConformancePacks, then
// PutOrganizationConformancePack. A failed call is reported for its target and makes the deploy incomplete.

import {
  type ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConformancePackComplianceCommand,
  type DescribeConformancePackComplianceCommandOutput,
  DescribeConformancePacksCommand,
  DescribeOrganizationConformancePacksCommand,
  PutConformancePackCommand,
  PutOrganizationConformancePackCommand,
} from '@aws-sdk/client-config-service';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import type { AwsClients } from '../aws/aws-clients.js';
import { scrub } from '../aws/aws-error.js';
import type { LoadedPacks, ManifestPack, PackManifest } from './pack-manifest.js';
import { ruleNameOf } from './pack-template.js';

/** `skipped`: AWS Config is not recording there, so a pack could not deploy (and nothing would be evaluated). */
export type DeployAction = 'create' | 'update' | 'unchanged' | 'skipped' | 'error';

/** What deploying one pack to one target does (or would do). */
export interface DeployChange {
  pack: string;
  /** `<account>/<region>` for account packs, `organization/<region>` for organisation packs. */
  target: string;
  action: DeployAction;
  /** Template rule names the deployment adds, and those it removes (account packs that exist already). */
  adds: string[];
  removes: string[];
  /** Whether the put was made (`--apply`) and succeeded. */
  applied: boolean;
  error?: string;
}

export interface DeployInput {
  loaded: LoadedPacks;
  clients: AwsClients;
  /** false: a dry run, describe calls only. */
  apply: boolean;
  /** Called with each change, in plan order, once it and every change before it are known. */
  onChange?: (c: DeployChange) => void;
  /** Targets deployed at once (default 8). */
  concurrency?: number;
}

/** AWS appends `-conformance-pack-<suffix>` to a rule deployed from a pack: the template's name is the rest. */
const PACK_RULE_SUFFIX = /-conformance-pack-[a-z0-9]+$/;

/** Deploy (or, by default, only compare) every pack of the folder. */
export async function deployPacks(input: DeployInput): Promise<DeployChange[]> {
  const { manifest } = input.loaded;
  const caller = await input.clients.callerAccountId();
  const jobs: (() => Promise<DeployChange>)[] = [];
  if (manifest.variant === 'organization') {
    for (const pack of manifest.packs) {
      for (const region of packRegions(manifest, pack))
        jobs.push(() => organizationPack(input, pack, caller, region));
    }
  } else {
    const accounts = manifest.packs.some((p) => !p.neededIn) ? await profileAccounts(input, manifest) : [];
    for (const pack of manifest.packs) {
      const targets =
        pack.neededIn ?? accounts.flatMap((a) => packRegions(manifest, pack).map((r) => `${a}/${r}`));
      for (const target of targets) {
        const [accountId, region] = target.split('/') as [string, string];
        jobs.push(() => accountPack(input, pack, accountId, region));
      }
    }
  }
  // Targets are independent: several at once (the clients' call gate still bounds each account), reported in
  // plan order, each as soon as it and every target before it are done, so the output reads the same every time.
  const limit = pLimit(Math.max(1, input.concurrency ?? 8));
  const running = jobs.map((job) => limit(job));
  const out: DeployChange[] = [];
  for (const r of running) {
    const c = await r;
    out.push(c);
    input.onChange?.(c);
  }
  return out;
}

function packRegions(manifest: PackManifest, pack: ManifestPack): string[] {
  if (pack.neededIn) return [...new Set(pack.neededIn.map((s) => s.split('/')[1]!))].sort();
  return pack.reach === 'home' ? [manifest.homeRegion] : manifest.regions;
}

async function profileAccounts(input: DeployInput, manifest: PackManifest): Promise<string[]> {
  const exclude = new Set(manifest.excludeAccounts);
  if (manifest.accounts) return manifest.accounts.filter((a) => !exclude.has(a));
  const client = input.clients.organizations();
  const accounts: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListAccountsCommand({ ...(NextToken ? { NextToken } : {}) }));
    for (const a of page.Accounts ?? []) {
      if (a.Id && (a.State ?? a.Status) === 'ACTIVE' && !exclude.has(a.Id)) accounts.push(a.Id);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return accounts.sort();
}

async function accountPack(
  input: DeployInput,
  pack: ManifestPack,
  accountId: string,
  region: string,
): Promise<DeployChange> {
  const target = `${accountId}/${region}`;
  const wanted = pack.rules.map(ruleNameOf);
  const change: DeployChange = {
    pack: pack.name,
    target,
    action: 'create',
    adds: wanted,
    removes: [],
    applied: false,
  };
  try {
    const client = input.clients.config(accountId, region);
    const recorders = await client.send(new DescribeConfigurationRecorderStatusCommand({}));
    if (!recorders.ConfigurationRecordersStatus?.some((r) => r.recording === true)) {
      return { ...change, action: 'skipped', adds: [], error: 'AWS Config is not recording here' };
    }
    const current = await deployedRulesOf(client, pack.name);
    if (current) {
      change.adds = wanted.filter((n) => !current.has(n));
      change.removes = [...current].filter((n) => !wanted.includes(n)).sort();
      change.action = change.adds.length || change.removes.length ? 'update' : 'unchanged';
    }
    if (input.apply && change.action !== 'unchanged') {
      await client.send(
        new PutConformancePackCommand({
          ConformancePackName: pack.name,
          TemplateBody: input.loaded.templates.get(pack.name),
        }),
      );
      change.applied = true;
    }
  } catch (err) {
    return { ...change, action: 'error', error: describe(err) };
  }
  return change;
}

/** The template names of the rules a deployed pack holds; undefined when the pack is not deployed. */
async function deployedRulesOf(client: ConfigServiceClient, name: string): Promise<Set<string> | undefined> {
  let found = false;
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeConformancePacksCommand({ ...(NextToken ? { NextToken } : {}) }),
    );
    if (page.ConformancePackDetails?.some((p) => p.ConformancePackName === name)) found = true;
    NextToken = found ? undefined : page.NextToken;
  } while (NextToken);
  if (!found) return undefined;
  const rules = new Set<string>();
  NextToken = undefined;
  do {
    const page: DescribeConformancePackComplianceCommandOutput = await client.send(
      new DescribeConformancePackComplianceCommand({
        ConformancePackName: name,
        ...(NextToken ? { NextToken } : {}),
      }),
    );
    for (const r of page.ConformancePackRuleComplianceList ?? []) {
      if (r.ConfigRuleName) rules.add(r.ConfigRuleName.replace(PACK_RULE_SUFFIX, ''));
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return rules;
}

async function organizationPack(
  input: DeployInput,
  pack: ManifestPack,
  caller: string,
  region: string,
): Promise<DeployChange> {
  const change: DeployChange = {
    pack: pack.name,
    target: `organization/${region}`,
    action: 'create',
    adds: pack.rules.map(ruleNameOf),
    removes: [],
    applied: false,
  };
  try {
    const client = input.clients.config(caller, region);
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new DescribeOrganizationConformancePacksCommand({ ...(NextToken ? { NextToken } : {}) }),
      );
      if (page.OrganizationConformancePacks?.some((p) => p.OrganizationConformancePackName === pack.name)) {
        // Which rules an organisation pack holds is not visible from the management account: the template wins.
        change.action = 'update';
      }
      NextToken = change.action === 'update' ? undefined : page.NextToken;
    } while (NextToken);
    if (input.apply) {
      await client.send(
        new PutOrganizationConformancePackCommand({
          OrganizationConformancePackName: pack.name,
          TemplateBody: input.loaded.templates.get(pack.name),
          ...(input.loaded.manifest.excludeAccounts.length
            ? { ExcludedAccounts: input.loaded.manifest.excludeAccounts }
            : {}),
        }),
      );
      change.applied = true;
    }
  } catch (err) {
    return { ...change, action: 'error', error: describe(err) };
  }
  return change;
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string };
  // Printed and possibly logged: nothing that looks like a credential passes (aws/aws-error.ts).
  return scrub(`${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`);
}
