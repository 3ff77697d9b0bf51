// Serves the documents behind Artifact's presigned URLs. A presigned URL is fetched without an Authorization
// header (its signature is in the query), which the emulator's SigV4 pipeline refuses by design, so the
// documents come from this small loopback server, started on first use and unreferenced (it never keeps a
// process alive; it closes itself once no URL it issued is still valid). URLs carry an HMAC and an expiry
// checked against the emulator's clock: a tampered or expired URL answers 403 with S3's error document.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Clock } from '../../../core/clock.js';

/** A document the server can hand out. */
export interface ServedDocument {
  body: Buffer;
  contentType: string;
  fileName: string;
}

export class DocumentServer {
  private readonly secret = randomBytes(32);
  private server: Promise<{ server: Server; base: string }> | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private lastExpiryMs = 0;
  /** Documents by key (`report/<id>/v<version>`), registered when a URL for them is issued. */
  private readonly documents = new Map<string, ServedDocument>();

  constructor(private readonly host = '127.0.0.1') {}

  /** A presigned URL for the document `key`, valid for `seconds` from `clock.now()`. */
  async presign(key: string, document: ServedDocument, clock: Clock, seconds: number): Promise<string> {
    this.documents.set(key, document);
    const fileName = document.fileName;
    const { base } = await this.start(clock);
    const now = clock.now();
    const amzDate = now
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
    const path = `/artifact-documents/${key}/${encodeURIComponent(fileName)}`;
    const expires = now.getTime() + seconds * 1000;
    this.keepOpenUntil(expires - now.getTime());
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `ASIAEMULATORDOCUMENTS/${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': amzDate,
      'X-Amz-Expires': String(seconds),
      'X-Amz-SignedHeaders': 'host',
    });
    query.set('X-Amz-Signature', this.sign(path, amzDate, seconds));
    return `${base}${path}?${query.toString()}`;
  }

  /** Stop serving now (tests). */
  async close(): Promise<void> {
    const running = this.server;
    this.server = undefined;
    this.lastExpiryMs = 0;
    if (this.closeTimer) clearTimeout(this.closeTimer);
    if (running) {
      const { server } = await running;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private start(clock: Clock): Promise<{ server: Server; base: string }> {
    this.server ??= new Promise((resolve, reject) => {
      const server = createServer((req, res) => {
        const answer = this.answer(req.method ?? 'GET', req.url ?? '/', clock);
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
        res.end(answer.body);
      });
      server.keepAliveTimeout = 1000;
      server.on('connection', (socket) => socket.unref());
      server.once('error', reject);
      server.listen(0, this.host, () => {
        server.unref();
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        resolve({ server, base: `http://${this.host}:${port}` });
      });
    });
    return this.server;
  }

  private answer(
    method: string,
    rawUrl: string,
    clock: Clock,
  ): { status: number; headers: Record<string, string>; body: Buffer } {
    const url = new URL(rawUrl, 'http://localhost');
    const match = /^\/artifact-documents\/(.+)\/([^/]+)$/.exec(url.pathname);
    if (method !== 'GET' || !match) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    const amzDate = url.searchParams.get('X-Amz-Date') ?? '';
    const seconds = Number(url.searchParams.get('X-Amz-Expires'));
    const signature = url.searchParams.get('X-Amz-Signature') ?? '';
    const expected = this.sign(url.pathname, amzDate, seconds);
    if (
      !/^\d{8}T\d{6}Z$/.test(amzDate) ||
      !Number.isInteger(seconds) ||
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ) {
      return s3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    const issued = Date.parse(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    if (clock.now().getTime() > issued + seconds * 1000) {
      return s3Error(403, 'AccessDenied', 'Request has expired');
    }
    const doc = this.documents.get(match[1] as string);
    if (!doc) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    return {
      status: 200,
      headers: {
        'content-type': doc.contentType,
        'content-disposition': `attachment; filename="${doc.fileName}"`,
        'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
      },
      body: doc.body,
    };
  }

  private sign(path: string, amzDate: string, seconds: number): string {
    return createHmac('sha256', this.secret).update(`GET\n${path}\n${amzDate}\n${seconds}`).digest('hex');
  }

  /** Close the server once the last URL it issued has expired (by wall time, with a margin). */
  private keepOpenUntil(ms: number): void {
    const until = Date.now() + ms + 60_000;
    if (until <= this.lastExpiryMs) return;
    this.lastExpiryMs = until;
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => void this.close(), until - Date.now());
    this.closeTimer.unref();
  }
}

function s3Error(status: number, code: string, message: string) {
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
  return { status, headers: { 'content-type': 'application/xml' }, body };
}
