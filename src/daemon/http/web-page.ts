// The officers' web page: one self-contained HTML file (inline CSS and script, no external assets), read
// once from the package (src/daemon/web/index.html, also when running from dist/) and served with a strict
// Content-Security-Policy whose nonce changes with every answer.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { packageRoot } from '../../core/paths.js';

/** Where the page lives in the package. */
export function webPagePath(): string {
  return join(packageRoot(), 'src', 'daemon', 'web', 'index.html');
}

/** Register `GET /` (the page) and a silent favicon. */
export function registerWebPage(app: FastifyInstance, html = readFileSync(webPagePath(), 'utf8')): void {
  app.get('/', async (_req, reply) => {
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header(
        'content-security-policy',
        [
          "default-src 'none'",
          `script-src 'nonce-${nonce}'`,
          `style-src 'nonce-${nonce}'`,
          "connect-src 'self'",
          'img-src data: blob:',
          "form-action 'none'",
          "frame-ancestors 'none'",
          "base-uri 'none'",
        ].join('; '),
      )
      .send(html.replaceAll('__CSP_NONCE__', nonce));
  });
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
}
