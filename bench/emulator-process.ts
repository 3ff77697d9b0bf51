// Child process of the benchmark: serves one benchmark world (bench-world.ts) so its CPU and memory never
// count against the collector being measured. Talks to the parent over IPC: `ready` once listening, then
// answers `stats` with what it served; exits when the parent disconnects.

import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { benchWorld, type WorldParams } from './bench-world.js';

/** What the emulator served, as the parent reads it. */
export interface ServedStats {
  requests: number;
  /** Answered with a throttling error (rate limit or fault). */
  throttled: number;
  /** Answered with any other error (or reset). */
  failed: number;
  byOperation: Record<string, number>;
  /** Time the emulator spent answering, injected latency included, summed over every request (ms). */
  answerMs: number;
  /** Arrival of the first request, and end of the last member-account (AWS Config) call (epoch ms, its clock). */
  firstArrivalMs?: number;
  lastEndMs?: number;
}

const params = JSON.parse(process.argv[2] ?? '{}') as WorldParams;
const emulator: Emulator = await startEmulator({ world: benchWorld(params) });

process.on('message', (m: { type: string }) => {
  if (m.type !== 'stats') return;
  const byOperation: Record<string, number> = {};
  let throttled = 0;
  let failed = 0;
  let answerMs = 0;
  let firstArrivalMs: number | undefined;
  let lastEndMs: number | undefined;
  for (const r of emulator.requests) {
    answerMs += r.durationMs;
    const at = Date.parse(r.time);
    firstArrivalMs = Math.min(firstArrivalMs ?? at, at);
    if (r.service === 'config') lastEndMs = Math.max(lastEndMs ?? 0, at + r.durationMs);
    byOperation[r.operation] = (byOperation[r.operation] ?? 0) + 1;
    if (/Throttl|TooManyRequests/.test(r.errorCode ?? '')) throttled += 1;
    else if (r.status === 0 || r.status >= 400) failed += 1;
  }
  const stats: ServedStats = {
    requests: emulator.requests.length,
    throttled,
    failed,
    byOperation,
    answerMs,
    ...(firstArrivalMs !== undefined && lastEndMs !== undefined ? { firstArrivalMs, lastEndMs } : {}),
  };
  process.send?.({ type: 'stats', stats });
});
process.on('disconnect', () => {
  void emulator.close().then(() => process.exit(0));
});
process.send?.({
  type: 'ready',
  url: emulator.url,
  accessKeyId: emulator.credentials.accessKeyId,
  secretAccessKey: emulator.credentials.secretAccessKey,
});
