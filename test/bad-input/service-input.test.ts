// The bad-input corpus against the daemon's HTTP API: malformed and hostile requests are answered 400 naming
// the field at fault (or 413/415 for the body as a whole), and none of them starts a run or writes anything.

import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../integration/daemon/daemon-fixture.js';

let t: TestDaemon;

beforeAll(async () => {
  t = await startTestDaemon();
}, 60_000);
afterAll(() => t?.close());

async function send(
  path: string,
  init: { method?: string; body?: string; type?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${t.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${t.officer}`,
      ...(init.body !== undefined ? { 'content-type': init.type ?? 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await r.text();
  return { status: r.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Request bodies for POST /api/reports, and the field the 400 must name. */
const bodies: [body: string, field: string][] = [
  ['{"profile":null}', 'profile'],
  ['{"profile":["svc"]}', 'profile'],
  ['{"profile":{"id":"svc"}}', 'profile'],
  ['{"profile":"SVC"}', 'profile'],
  ['{"profile":"svc\\u0000"}', 'profile'],
  [`{"profile":"${'a'.repeat(300)}"}`, 'profile'],
  // Refused by the JSON parser itself (prototype poisoning), so the body as a whole is at fault.
  ['{"profile":"svc","__proto__":{"admin":true}}', 'body'],
  ['{"profile":"svc","constructor":{"prototype":{}}}', 'body'],
  ['{"profile":"svc","extra":{"deep":[[[[[[[[1]]]]]]]]}}', 'extra'],
  ['"svc"', 'body'],
  ['null', 'body'],
  ['{"profile":"svc",}', 'body'],
];

/** Queries for GET /api/runs, and the field the 400 must name. */
const queries: [query: string, field: string][] = [
  ['limit=-1', 'query.limit'],
  ['limit=1.5', 'query.limit'],
  ['limit=abc', 'query.limit'],
  ['limit=1&limit=2', 'query.limit'],
  ['status=done', 'query.status'],
  ['profile=..%2F..%2Fetc', 'query.profile'],
  ['profile=svc&status=completed&order=desc', 'query.order'],
];

describe('malformed requests to the HTTP API', () => {
  it('POST /api/reports: 400 naming the field, for every malformed body', async () => {
    for (const [body, field] of bodies) {
      const r = await send('/api/reports', { method: 'POST', body });
      expect(`${body} → ${r.status} ${String(r.json.field)}`).toBe(`${body} → 400 ${field}`);
      expect(r.json.error).toBe('bad_request');
      expect(String(r.json.message)).toMatch(
        new RegExp(`^${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
      );
    }
  });

  it('GET /api/runs: 400 naming the query parameter, for every malformed query', async () => {
    for (const [query, field] of queries) {
      const r = await send(`/api/runs?${query}`);
      expect(`${query} → ${r.status} ${String(r.json.field)}`).toBe(`${query} → 400 ${field}`);
    }
  });

  it('a body that is not a JSON object is 400, and one over the limit is 413', async () => {
    const text = await send('/api/reports', { method: 'POST', body: 'profile=svc', type: 'text/plain' });
    expect([text.status, text.json.field]).toEqual([400, 'body']);
    expect(
      (await send('/api/reports', { method: 'POST', body: JSON.stringify({ profile: 'x'.repeat(5000) }) }))
        .status,
    ).toBe(413);
  });

  it('a URL the router cannot decode gets the documented error shape, with or without a token', async () => {
    const urls: [path: string, status: number][] = [
      ['/api/runs/%', 400],
      ['/api/runs/%E0%A4%A', 400],
      ['/api/runs/%/bundle', 400],
      ['/%', 400],
      [`/api/runs/${'a'.repeat(201)}`, 414],
    ];
    for (const [path, status] of urls) {
      for (const headers of [{ authorization: `Bearer ${t.officer}` }, {}]) {
        const r = await fetch(`${t.url}${path}`, { headers });
        const body = (await r.json()) as Record<string, unknown>;
        expect(`${path} → ${r.status}`).toBe(`${path} → ${status}`);
        expect(Object.keys(body).sort()).toEqual(['error', 'field', 'message']);
        expect(body).toMatchObject({
          error: status === 400 ? 'bad_request' : 'uri_too_long',
          field: 'url',
          message: expect.stringMatching(/^url: /),
        });
        expect(r.headers.get('x-content-type-options')).toBe('nosniff');
        expect(r.headers.get('cache-control')).toBe('no-store');
      }
    }
  });

  it('none of them started a run or wrote anything', async () => {
    expect(await t.daemon.store.list()).toEqual([]);
    expect(t.daemon.manager.runningFor('svc')).toBeUndefined();
    const written = existsSync(t.outDir) ? await readdir(t.outDir) : [];
    expect(written).toEqual([]);
    expect(t.emulator.requests).toEqual([]);
  });
});
