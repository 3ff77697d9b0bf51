// renderHtml: the report view → one self-contained HTML page (inline CSS, inline SVG charts, one small
// inline script for filtering, no external fetch of any kind), from the handlebars templates in templates/.
// Every value is printed with {{ }} (escaped); the templates contain no triple-stash.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { packagePaths } from '../../core/paths.js';
import type { ReportView } from '../view-types.js';
import { CSP_SCRIPT_HASH_PLACEHOLDER, htmlModel } from './html-model.js';

export interface RenderHtmlOptions {
  /** Folder holding report.html.hbs and partials/*.hbs; default: the package's templates/. */
  templatesDir?: string;
}

type Template = (context: unknown) => string;
const compiled = new Map<string, Template>();

/** Compile the templates of a folder once (a fresh handlebars environment per folder). */
function loadTemplate(dir: string): Template {
  const cached = compiled.get(dir);
  if (cached) return cached;
  const hbs = Handlebars.create();
  const partials = join(dir, 'partials');
  for (const name of readdirSync(partials).sort()) {
    if (!name.endsWith('.hbs')) continue;
    hbs.registerPartial(name.slice(0, -4), readFileSync(join(partials, name), 'utf8'));
  }
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('lookupKey', (obj: unknown, key: unknown) =>
    obj !== null && typeof obj === 'object' && typeof key === 'string'
      ? (obj as Record<string, unknown>)[key]
      : undefined,
  );
  hbs.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.map(String).join(typeof sep === 'string' ? sep : ', ') : '',
  );
  hbs.registerHelper('lower', (s: unknown) => String(s ?? '').toLowerCase());
  const template = hbs.compile(readFileSync(join(dir, 'report.html.hbs'), 'utf8'), { strict: true });
  compiled.set(dir, template);
  return template;
}

/** Render the report as one HTML document. */
export function renderHtml(view: ReportView, opts: RenderHtmlOptions = {}): string {
  const template = loadTemplate(opts.templatesDir ?? packagePaths().templates);
  const html = template(htmlModel(view));
  // The Content-Security-Policy allows exactly the page's own inline script, by hash.
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
  const hashes = scripts.map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
  return html.replace(CSP_SCRIPT_HASH_PLACEHOLDER, hashes.join(' ') || "'none'");
}
