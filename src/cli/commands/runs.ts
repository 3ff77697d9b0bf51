// `evidentia runs list|show|diff`: the run history the daemon (or any run given a store) recorded in
// `<state>/evidentia.db`.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, NotFoundError } from '../../core/errors.js';
import type { RunStatus } from '../../core/run-result.js';
import { STATUSES } from '../../core/status.js';
import type { RunDiff } from '../../store/run-diff.js';
import type { RunRecord, RunStore } from '../../store/run-store.js';
import { RUN_DB_FILE, SqliteRunStore } from '../../store/sqlite-run-store.js';
import type { CliContext } from '../cli-context.js';
import { cliStoreUrl, openCliStore, stateOption } from '../run-history.js';
import { table } from './frameworks.js';

interface StoreFlags {
  state: string;
  json?: boolean;
}

const RUN_STATUSES: readonly RunStatus[] = ['running', 'completed', 'failed', 'aborted'];

/** Register `runs` and its subcommands. */
export function registerRunsCommand(program: Command, ctx: CliContext): void {
  const runs = program.command('runs').description('the recorded run history: list, show, diff');

  runs
    .command('list')
    .description('recorded runs, newest first')
    .option(...stateOption())
    .option('-p, --profile <id>', 'only this profile')
    .option('--status <status>', `only runs with this status (${RUN_STATUSES.join(', ')})`)
    .option('-n, --limit <n>', 'at most this many', '20')
    .option('--json', 'print JSON')
    .action(async (flags: StoreFlags & { profile?: string; status?: string; limit: string }) => {
      if (flags.status !== undefined && !(RUN_STATUSES as readonly string[]).includes(flags.status)) {
        throw InputError.forFile(
          '--status',
          `expected one of ${RUN_STATUSES.join(', ')}, got '${flags.status}'`,
        );
      }
      const limit = Number(flags.limit);
      if (!/^\d+$/.test(flags.limit) || limit < 1) {
        throw InputError.forFile('--limit', `expected a positive number, got '${flags.limit}'`);
      }
      await withStore(flags.state, async (store) => {
        const records = await store.list({
          ...(flags.profile ? { profileId: flags.profile } : {}),
          ...(flags.status ? { status: flags.status as RunStatus } : {}),
          limit,
        });
        if (flags.json) {
          ctx.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
          return;
        }
        if (!records.length) {
          ctx.stdout.write('No runs recorded.\n');
          return;
        }
        ctx.stdout.write(
          table(
            ['RUN', 'PROFILE', 'STATUS', 'STARTED', 'DURATION', 'MET'],
            records.map((r) => [
              r.runId,
              r.profileId,
              r.prunedAt ? `${r.status} (files deleted)` : r.status,
              r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
              duration(r),
              (r.frameworks ?? []).map((f) => `${f.frameworkId} ${pct(f.metRatio)}`).join(' · '),
            ]),
          ),
        );
      });
    });

  runs
    .command('show')
    .description('one run: status, per-framework counts, files')
    .argument('<run-id>')
    .option(...stateOption())
    .option('--json', 'print JSON')
    .action(async (runId: string, flags: StoreFlags) => {
      await withStore(flags.state, async (store) => {
        const r = await store.get(runId);
        if (!r) throw new NotFoundError('run', runId);
        ctx.stdout.write(flags.json ? `${JSON.stringify(r, null, 2)}\n` : showText(r));
      });
    });

  runs
    .command('diff')
    .description('what changed between two completed runs (default: a run and the one before it)')
    .argument('[runs...]', 'one run id (compared with its predecessor) or two (from, to)')
    .option(...stateOption())
    .option('-p, --profile <id>', 'without run ids: the latest two completed runs of this profile')
    .option('--json', 'print JSON')
    .action(async (ids: string[], flags: StoreFlags & { profile?: string }) => {
      if (ids.length > 2) throw InputError.forFile('runs diff', 'expected at most two run ids');
      if (!ids.length && !flags.profile) {
        throw InputError.forFile('runs diff', 'give one or two run ids, or --profile <id>');
      }
      await withStore(flags.state, async (store) => {
        let from: string;
        let to: string;
        if (ids.length === 2) [from, to] = [ids[0]!, ids[1]!];
        else {
          const target = ids.length
            ? await store.get(ids[0]!)
            : await store.previousCompleted(flags.profile!);
          if (!target) {
            if (ids.length) throw new NotFoundError('run', ids[0]!);
            throw InputError.forFile(
              '--profile',
              `no completed run of profile '${flags.profile}' is recorded`,
            );
          }
          const before = await store.previousCompleted(target.profileId, target.runId);
          if (!before) {
            ctx.stdout.write(
              `Run ${target.runId} is the first completed run of ${target.profileId}; nothing to compare.\n`,
            );
            return;
          }
          [from, to] = [before.runId, target.runId];
        }
        const diff = await store.diff(from, to);
        ctx.stdout.write(flags.json ? `${JSON.stringify(diff, null, 2)}\n` : diffText(diff));
      });
    });
}

async function withStore(state: string, fn: (store: RunStore) => Promise<void>): Promise<void> {
  const file = join(resolve(state), RUN_DB_FILE);
  if (cliStoreUrl()) {
    const shared = await openCliStore(state);
    try {
      await fn(shared);
    } finally {
      await shared.close();
    }
    return;
  }
  if (!existsSync(file)) {
    throw InputError.forFile(
      file,
      'no run history here (the daemon records runs in <state>/evidentia.db; pass --state <dir>)',
    );
  }
  const store = SqliteRunStore.open(file);
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

function pct(ratio: number): string {
  return `${Math.floor(ratio * 100 + 1e-9)}%`;
}

function duration(r: RunRecord): string {
  if (!r.finishedAt) return '';
  return `${((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s`;
}

function showText(r: RunRecord): string {
  const lines = [
    `Run ${r.runId} · ${r.profileName} (${r.profileId}) · ${r.status}${r.prunedAt ? ` · files deleted by retention ${r.prunedAt}` : ''}`,
    `Started ${r.startedAt}${r.finishedAt ? ` · finished ${r.finishedAt} (${duration(r)})` : ''}${r.trigger ? ` · by ${r.requestedBy ?? r.trigger}` : ''}`,
  ];
  if (r.error) lines.push(`Error: ${r.error}`);
  if (r.frameworks?.length) {
    lines.push(
      table(
        ['FRAMEWORK', 'MET', ...STATUSES],
        r.frameworks.map((f) => [
          f.frameworkId,
          pct(f.metRatio),
          ...STATUSES.map((s) => String(f.counts[s])),
        ]),
      ).trimEnd(),
    );
  }
  if (r.findings) lines.push(`Findings: ${STATUSES.map((s) => `${s} ${r.findings![s]}`).join(', ')}`);
  if (r.stats) {
    const s = r.stats;
    lines.push(`${s.apiCalls} API calls, ${s.retries} retries, ${s.throttles} throttled, ${s.errors} failed`);
  }
  if (r.dir) lines.push(`Folder: ${r.dir}`);
  if (r.archive) lines.push(`Bundle: ${r.archive}`);
  if (r.manifestSha256) lines.push(`Manifest SHA-256: ${r.manifestSha256}`);
  return `${lines.join('\n')}\n`;
}

function diffText(d: RunDiff): string {
  const lines = [`From ${d.from} to ${d.to}`];
  lines.push(
    table(
      ['FRAMEWORK', 'BEFORE', 'AFTER', 'CHANGE'],
      d.frameworks.map((f) => [
        f.id,
        f.before === undefined ? '-' : pct(f.before),
        f.after === undefined ? '-' : pct(f.after),
        f.before === undefined || f.after === undefined
          ? ''
          : `${Math.floor(f.after * 100 + 1e-9) - Math.floor(f.before * 100 + 1e-9) >= 0 ? '+' : ''}${Math.floor(f.after * 100 + 1e-9) - Math.floor(f.before * 100 + 1e-9)} pts`,
      ]),
    ).trimEnd(),
  );
  const list = (title: string, items: string[]) => {
    lines.push(`${title} (${items.length})`);
    for (const i of items) lines.push(`  ${i}`);
  };
  list(
    'Newly failing',
    d.newlyFailing.map((c) => `${c.frameworkId} ${c.controlId}`),
  );
  list(
    'Newly passing',
    d.newlyPassing.map((c) => `${c.frameworkId} ${c.controlId}`),
  );
  const res = (r: RunDiff['newResources'][number]) =>
    `${r.accountId} ${r.region} ${r.resourceType} ${r.resourceId}`;
  list('Resources newly failing', d.newResources.map(res));
  list('Resources no longer failing', d.resolvedResources.map(res));
  return `${lines.join('\n')}\n`;
}
