// docs/catalog.md gives, per framework, how its controls are proven (decisive and supporting automated
// references, attestations, inherited and shared controls, distinct managed rules). The table is counted
// here from the shipped files and must match the document, so the figures cannot drift from the catalogue.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Framework } from '../../../src/catalog/index.js';
import { loadCatalog, yamlFilesIn } from '../../../src/catalog/index.js';
import { packagePaths } from '../../../src/core/paths.js';

const AUTOMATED = new Set(['config-rule', 'config-query', 'conformance-pack', 'audit-manager']);

/** One row of the table: the counts an auditor asks for first. */
function row(fw: Framework): string {
  const refs = fw.controls.flatMap((c) => c.evidence);
  const automated = refs.filter((e) => AUTOMATED.has(e.kind));
  const decisive = automated.filter((e) => e.role !== 'supporting');
  const rules = new Set(refs.flatMap((e) => (e.kind === 'config-rule' ? [e.rule] : [])));
  const decisiveRules = new Set(decisive.flatMap((e) => (e.kind === 'config-rule' ? [e.rule] : [])));
  const cells = [
    `\`${fw.id}\``,
    fw.controls.length,
    decisive.length,
    automated.length - decisive.length,
    refs.filter((e) => e.kind === 'manual').length,
    fw.controls.filter((c) => c.responsibility === 'aws').length,
    fw.controls.filter((c) => c.responsibility === 'shared').length,
    `${rules.size} (${decisiveRules.size} decisive)`,
  ];
  return `| ${cells.join(' | ')} |`;
}

function countsTable(frameworks: Framework[]): string {
  return [
    '| framework | controls | decisive automated refs | supporting automated refs | manual attestations | inherited (aws) | shared | distinct managed rules |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...[...frameworks].sort((a, b) => a.id.localeCompare(b.id)).map(row),
  ].join('\n');
}

describe('docs/catalog.md counts', () => {
  it('matches the framework files (copy the expected table from this failure after changing a framework)', async () => {
    const paths = packagePaths();
    const files = [...(await yamlFilesIn(paths.frameworks)), ...(await yamlFilesIn(paths.evidenceLibrary))];
    const catalog = await loadCatalog({ defaults: false, files });
    const doc = await readFile(join(paths.root, 'docs', 'catalog.md'), 'utf8');
    const table = countsTable([...catalog.frameworks.values()]);
    const start = doc.indexOf('| framework | controls | decisive automated refs');
    const committed = start < 0 ? '(no counts table)' : doc.slice(start, start + table.length);
    expect(committed).toBe(table);
  });
});
