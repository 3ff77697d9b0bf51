// `evidentia frameworks list|show|validate`: browse and check the catalogue.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { frameworkCoverage } from '../../catalog/coverage.js';
import { crosswalk, resolveQueryKey } from '../../catalog/crosswalk.js';
import { frameworkDocs } from '../../catalog/framework-docs.js';
import { frameworkJson } from '../../catalog/framework-json.js';
import {
  builtInProfileNames,
  type Catalog,
  checkProfile,
  type Framework,
  loadCatalog,
  readInputFile,
  resolveProfilePath,
  validateCatalog,
} from '../../catalog/index.js';
import { EXIT, formatIssue, type InputIssue, NotFoundError } from '../../core/errors.js';
import { packagePaths } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';

/** Register the `frameworks` command group. */
export function registerFrameworksCommand(program: Command, ctx: CliContext): void {
  const fw = program.command('frameworks').description('browse and validate the framework catalogue');

  fw.command('list')
    .description('list the frameworks with their control counts')
    .action(async () => {
      const catalog = await loadCatalog();
      const rows = [...catalog.frameworks.values()].map((f) => {
        const c = frameworkCoverage(f, catalog);
        return [
          f.id,
          f.name,
          f.version,
          String(c.controls),
          String(c.automated),
          String(c.manualOnly),
          String(c.inherited),
        ];
      });
      ctx.stdout.write(
        table(['ID', 'NAME', 'VERSION', 'CONTROLS', 'AUTOMATED', 'MANUAL ONLY', 'INHERITED'], rows),
      );
    });

  fw.command('show')
    .description('show one framework; --json for machine-readable output')
    .argument('<id>', 'framework id, e.g. hipaa-security')
    .option('--json', 'print {id, name, version, controls: [...]} as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const catalog = await loadCatalog();
      const framework = catalog.frameworks.get(id);
      if (!framework) throw new NotFoundError('framework', id, [...catalog.frameworks.keys()]);
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify(frameworkJson(framework, catalog), null, 2)}\n`);
        return;
      }
      ctx.stdout.write(showText(framework, catalog));
    });

  fw.command('crosswalk')
    .description('show every control, across frameworks, that an evidence query or managed rule supports')
    .argument(
      '[query]',
      'a managed rule identifier, a query id or a full key such as config-rule:ENCRYPTED_VOLUMES',
    )
    .action(async (words: string | undefined) => {
      const catalog = await loadCatalog();
      const walk = crosswalk(catalog);
      if (words === undefined) {
        const rows = [...walk.entries()]
          .map(([key, refs]) => [
            key,
            String(new Set(refs.map((r) => r.frameworkId)).size),
            String(refs.length),
          ])
          .filter((r) => Number(r[1]) > 1)
          .sort((a, b) => Number(b[2]) - Number(a[2]) || (a[0] ?? '').localeCompare(b[0] ?? ''));
        ctx.stdout.write(table(['EVIDENCE', 'FRAMEWORKS', 'CONTROLS'], rows));
        return;
      }
      const key = resolveQueryKey(catalog, words);
      if (!key) throw new NotFoundError('evidence query', words);
      const refs = walk.get(key) ?? [];
      const q = catalog.queries.get(key);
      ctx.stdout.write(`${key}${q ? ` — ${q.title} (${q.severity})` : ''}\n`);
      ctx.stdout.write(
        table(
          ['FRAMEWORK', 'CONTROL', 'REFERENCE'],
          refs.map((r) => [r.frameworkId, r.controlId, r.ref]),
        ),
      );
    });

  fw.command('docs')
    .description('generate docs/frameworks/*.md from the framework files (--check: fail if they are stale)')
    .option('--out <dir>', 'where to write', join(packagePaths().root, 'docs', 'frameworks'))
    .option('--check', 'do not write; exit 1 if any generated file differs')
    .action(async (opts: { out: string; check?: boolean }) => {
      const catalog = await loadCatalog();
      const stale: string[] = [];
      await mkdir(opts.out, { recursive: true });
      for (const [name, content] of frameworkDocs(catalog)) {
        const path = join(opts.out, name);
        const current = await readFile(path, 'utf8').catch(() => undefined);
        if (current === content) continue;
        stale.push(path);
        if (!opts.check) await writeFile(path, content);
      }
      if (opts.check && stale.length) {
        ctx.stderr.write(
          `stale generated docs (run \`evidentia frameworks docs\`):\n${stale.map((s) => `  ${s}`).join('\n')}\n`,
        );
        ctx.exitCode = EXIT.FAILING;
        return;
      }
      ctx.stdout.write(
        opts.check ? 'generated docs are up to date\n' : `wrote ${stale.length} file(s) to ${opts.out}\n`,
      );
    });

  fw.command('validate')
    .description(
      'validate framework, evidence-library and profile files (default: the whole catalogue and built-in profiles)',
    )
    .argument('[files...]', 'files to validate alongside the catalogue')
    .action(async (files: string[]) => {
      const { catalog, issues, profiles } = await validateCatalog({ files });
      const all: InputIssue[] = [...issues];
      let checkedProfiles = 0;
      if (catalog) {
        const inputs = [...profiles];
        if (files.length === 0) {
          for (const name of await builtInProfileNames()) {
            const { input, issues: readIssues } = await readInputFile(await resolveProfilePath(name));
            all.push(...readIssues);
            if (input) inputs.push(input);
          }
        }
        for (const input of inputs) {
          all.push(...checkProfile(input, catalog).issues);
          checkedProfiles += 1;
        }
      }
      for (const issue of all) ctx.stderr.write(`${formatIssue(issue)}\n`);
      if (all.length) {
        ctx.stderr.write(`${all.length} problem(s) found\n`);
        ctx.exitCode = EXIT.BAD_INPUT;
        return;
      }
      const c = catalog as Catalog;
      ctx.stdout.write(
        `ok: ${c.frameworks.size} framework(s), ${c.queries.size} library queries, ${checkedProfiles} profile(s) valid\n`,
      );
    });
}

function showText(f: Framework, catalog: Catalog): string {
  const c = frameworkCoverage(f, catalog);
  const lines = [
    `${f.name} (${f.id}), ${f.version}`,
    `${c.controls} controls: ${c.automated} with automated evidence, ${c.manualOnly} manual only, ${c.inherited} inherited from AWS`,
    '',
  ];
  const rows = f.controls.map((ctl) => [
    ctl.id,
    ctl.responsibility,
    ctl.title,
    ctl.evidence.map((e) => e.kind).join(', '),
  ]);
  return `${lines.join('\n')}${table(['CONTROL', 'RESPONSIBILITY', 'TITLE', 'EVIDENCE'], rows)}`;
}

/** A plain text table with columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return line(header) + rows.map(line).join('');
}
