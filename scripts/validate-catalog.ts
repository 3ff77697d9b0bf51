// Developer shortcut: validate the catalogue (and any extra files given) without building the CLI.
// Usage: npx tsx scripts/validate-catalog.ts [files...]

import { validateCatalog } from '../src/catalog/index.js';
import { formatIssue } from '../src/core/errors.js';

const { catalog, issues } = await validateCatalog({ files: process.argv.slice(2) });
for (const issue of issues) console.error(formatIssue(issue));
if (!catalog) process.exit(2);
for (const fw of catalog.frameworks.values()) console.log(`${fw.id}: ${fw.controls.length} controls`);
console.log(`${catalog.queries.size} library queries`);
