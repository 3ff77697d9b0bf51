// The emulator's HTTP server (node:http): reads each request, runs the pipeline, waits out injected latency,
// then answers or destroys the socket (connection-reset fault). Tracks sockets so close() is immediate.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../core/logger.js';
import { handleRequest, type PipelineDeps } from './handle-request.js';
import type { EmulatorRequest } from './protocols/wire.js';
import type { RequestLogEntry } from './request-log.js';

/** Largest request body accepted (AWS's own limits are far lower for these APIs). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Listen on host:port (0 = any free port) and serve the pipeline. */
export async function listen(
  deps: PipelineDeps,
  record: (entry: RequestLogEntry) => void,
  host: string,
  port: number,
  logger: Logger,
): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    serve(req, res, deps, record).catch((err: unknown) => {
      logger.error({ err }, 'emulator failed to answer a request');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shownHost}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  deps: PipelineDeps,
  record: (entry: RequestLogEntry) => void,
): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) {
    res
      .writeHead(413, { 'content-type': 'text/plain', 'x-amzn-requestid': randomUUID() })
      .end('request body too large');
    return;
  }
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const request: EmulatorRequest = {
    method: req.method ?? 'GET',
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    headers: req.headers,
    body,
  };
  const result = await handleRequest(request, deps);
  record(result.entry);
  if (result.delayMs > 0) await sleep(result.delayMs);
  if (!result.response) {
    req.socket.destroy();
    return;
  }
  const { status, headers, body: out } = result.response;
  // The Date header carries the emulator's clock, as AWS's carries its own: SDKs correct their skew from it.
  res.writeHead(status, {
    ...headers,
    date: deps.clock.now().toUTCString(),
    // A HEAD answer (S3 HeadObject) declares the object's length without sending it.
    'content-length':
      request.method === 'HEAD' && headers['content-length'] !== undefined
        ? headers['content-length']
        : String(Buffer.byteLength(out)),
  });
  res.end(out);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
