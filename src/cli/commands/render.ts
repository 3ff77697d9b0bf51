// `evidentia render <run-folder>`: re-render a finished run's reports from its results.json, with the
// catalogue and profile loaded the usual way (handy for template work).

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadCatalog, loadProfile } from '../../catalog/index.js';
import { InputError } from '../../core/errors.js';
import { parseFormats, REPORT_FORMATS, writeReports } from '../../render/index.js';
import { openRun } from '../../store/results-file.js';
import type { CliContext } from '../cli-context.js';

export interface RenderFlags {
  formats: string;
  out?: string;
  profile?: string;
  catalogRoot?: string;
}

/** Register `render`. */
export function registerRenderCommand(program: Command, ctx: CliContext): void {
  program
    .command('render')
    .description("re-render a finished run's reports (HTML, PDF, CSV, OSCAL) from its results.json")
    .argument('<run-folder>', 'a run folder, e.g. output/healthcare/20261129T020000Z-3f9a1c')
    .option(
      '-f, --formats <list>',
      `comma-separated formats (${REPORT_FORMATS.join(', ')})`,
      REPORT_FORMATS.join(','),
    )
    .option('-o, --out <dir>', 'where to write (default: <run-folder>/reports; required for a sealed bundle)')
    .option(
      '-p, --profile <file|name>',
      "profile to read titles and owners from (default: the run's own profile)",
    )
    .option(
      '--catalog-root <dir>',
      'folder holding frameworks/ and reference/ (default: the built-in catalogue)',
    )
    .action(async (runFolder: string, flags: RenderFlags) => {
      const { formats, unknown } = parseFormats(flags.formats);
      if (unknown.length || formats.length === 0) {
        throw InputError.forFile(
          '--formats',
          `expected some of ${REPORT_FORMATS.join(', ')}, got '${flags.formats}'`,
        );
      }
      if (!flags.out && existsSync(join(runFolder, 'manifest.json'))) {
        throw InputError.forFile(
          runFolder,
          'this run is a sealed, signed bundle: re-rendering into it would break its signature; pass --out <dir>',
          '--out',
        );
      }
      const resultsPath = join(runFolder, 'results.json');
      if (!existsSync(resultsPath))
        throw InputError.forFile(resultsPath, 'no results.json here: is this a finished run folder?');
      const results = await openRun(runFolder);
      const root = flags.catalogRoot ? resolve(flags.catalogRoot) : undefined;
      const catalog = await loadCatalog(root ? { root } : {});
      const profileRef =
        flags.profile ??
        (existsSync(results.run.profile.path) ? results.run.profile.path : results.run.profile.id);
      const profile = await loadProfile(profileRef, catalog, root);
      for (const f of results.run.frameworks) {
        const now =
          catalog.frameworks.get(f.id) ??
          (profile.industryFramework?.id === f.id ? profile.industryFramework : undefined);
        if (!now)
          ctx.stderr.write(
            `note: framework '${f.id}' is no longer in the catalogue; its controls are shown from results.json only\n`,
          );
        else if (now.source.sha256 !== f.sha256)
          ctx.stderr.write(
            `note: ${now.source.path} changed since the run; titles and remediation come from the current file\n`,
          );
      }
      const out = flags.out ?? join(runFolder, 'reports');
      const written = await writeReports({ results, catalog, profile }, out, { formats });
      for (const w of written) ctx.stdout.write(`${w.format.padEnd(6)} ${w.path}\n`);
    });
}
