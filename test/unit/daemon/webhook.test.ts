// Notifications: Slack and Teams JSON from one run notification, capped lists, and delivery retried with
// backoff against a real local HTTP server (429 with Retry-After, 5xx, then success; 4xx gives up).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../src/core/status.js';
import type { RunNotification } from '../../../src/daemon/notify/run-notification.js';
import { sendWebhook } from '../../../src/daemon/notify/send-webhook.js';
import { LIST_LIMIT, webhookPayload } from '../../../src/daemon/notify/webhook-payload.js';

const notification: RunNotification = {
  profileId: 'healthcare',
  profileName: 'Healthcare',
  organization: 'Example Health',
  runId: '20261129T020000Z-abcdef',
  status: 'completed',
  frameworks: [
    {
      id: 'hipaa-security',
      name: 'HIPAA Security Rule',
      metRatio: 0.42,
      counts: { ...emptyCounts(), PASS: 21, FAIL: 3 },
    },
  ],
  comparedWith: '20261128T020000Z-123456',
  newlyFailing: Array.from({ length: LIST_LIMIT + 2 }, (_, i) => ({
    frameworkId: 'hipaa-security',
    controlId: `164.312(a)(${i})`,
    title: `Control <${i}> & co`,
  })),
  expiring: [
    {
      frameworkId: 'hipaa-security',
      controlId: '164.308(a)(5)',
      title: 'Training',
      owner: 'hr@example.org',
      expiresAt: '2026-12-10T00:00:00.000Z',
    },
  ],
  awaiting: 4,
  url: 'https://evidentia.example.org/',
};

describe('webhookPayload', () => {
  it('writes a Slack message: text, header, framework counts, capped newly-failing list, expiring attestations', () => {
    const p = webhookPayload(notification, 'slack') as {
      text: string;
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(p.text).toBe(
      'Evidentia: Healthcare (Example Health), run 20261129T020000Z-abcdef completed, 12 control(s) newly failing',
    );
    const texts = p.blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(texts).toContain('• hipaa-security 164.312(a)(0): Control &lt;0&gt; &amp; co');
    expect(texts).toContain('• and 2 more');
    expect(texts).not.toContain(`164.312(a)(${LIST_LIMIT})`);
    expect(texts).toContain(
      'hipaa-security 164.308(a)(5): Training (owner hr@example.org, expires 2026-12-10)',
    );
    expect(JSON.stringify(p)).toContain('42% met · 3 failing');
  });

  it('writes a Teams message carrying an Adaptive Card with a link', () => {
    const p = webhookPayload(notification, 'teams') as {
      type: string;
      attachments: {
        contentType: string;
        content: { type: string; body: { text?: string }[]; actions: { url: string }[] };
      }[];
    };
    expect(p.type).toBe('message');
    const card = p.attachments[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    expect(card.content.actions[0]!.url).toBe('https://evidentia.example.org/');
    expect(card.content.body.map((b) => b.text ?? '').join('\n')).toContain('Attestations about to expire');
  });

  it('says why a run failed', () => {
    const p = webhookPayload(
      { ...notification, status: 'failed', error: 'AccessDenied', frameworks: [], newlyFailing: [] },
      'slack',
    );
    expect(p.text).toBe(
      'Evidentia: Healthcare (Example Health), run 20261129T020000Z-abcdef failed: AccessDenied',
    );
  });
});

describe('sendWebhook', () => {
  let server: Server;
  let url: string;
  let script: { status: number; headers?: Record<string, string> }[] = [];
  const received: unknown[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push(JSON.parse(body));
        const next = script.shift() ?? { status: 200 };
        res.writeHead(next.status, next.headers).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('retries throttling and server errors with growing delays, honouring Retry-After', async () => {
    script = [{ status: 429, headers: { 'retry-after': '2' } }, { status: 503 }, { status: 200 }];
    received.length = 0;
    const delays: number[] = [];
    const r = await sendWebhook(
      url,
      { text: 'hi' },
      { baseDelayMs: 100, sleep: async (ms) => void delays.push(ms) },
    );
    expect(r).toEqual({ ok: true, attempts: 3, status: 200 });
    expect(delays).toEqual([2000, 200]);
    expect(received).toEqual([{ text: 'hi' }, { text: 'hi' }, { text: 'hi' }]);
  });

  it('gives up after the attempts allowed, and at once on a client error', async () => {
    script = [{ status: 500 }, { status: 500 }, { status: 500 }];
    const r = await sendWebhook(url, {}, { attempts: 3, sleep: async () => undefined });
    expect(r).toMatchObject({ ok: false, attempts: 3, status: 500 });
    script = [{ status: 404 }];
    expect(await sendWebhook(url, {}, { sleep: async () => undefined })).toMatchObject({
      ok: false,
      attempts: 1,
      status: 404,
    });
  });

  it('never throws when nothing answers', async () => {
    const r = await sendWebhook(
      'http://127.0.0.1:9/nothing',
      {},
      { attempts: 2, sleep: async () => undefined, timeoutMs: 2000 },
    );
    expect(r.ok).toBe(false);
    expect(r.attempts).toBe(2);
    expect(r.error).toBeTruthy();
  });
});
