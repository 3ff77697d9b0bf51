// A sink for the request log that outlives the emulator: each distinct call (service, operation, who signed
// it, which client) is appended once to a file of its own, so a whole test suite's AWS usage, across worker
// and CLI processes, can be checked against docs/iam-policy.json (test/security/).

import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestLogEntry } from './request-log.js';

/** Environment variable naming the folder the sink writes to; unset = no sink. */
export const REQUEST_LOG_ENV = 'EVIDENTIA_EMULATOR_REQUEST_LOG';

/** One distinct call, as written (one JSON object per line). */
export interface RecordedUsage {
  /** Service signing name (`config`, `sts`, `artifact`, ...). */
  service: string;
  operation: string;
  /** `evidentia`: sent by Evidentia's own clients (user agent `evidentia/<version>`); `other`: a test's client. */
  client: 'evidentia' | 'other';
  /** Who signed it: an assumed role (`ASIA…` keys), a long-term user (`AKIA…`), or nobody we know. */
  principal: 'assumed-role' | 'user' | 'unknown';
}

let files = 0;

/** A function that records each entry's distinct usage in a new file under `dir`. */
export function requestLogSink(dir: string): (entry: RequestLogEntry) => void {
  mkdirSync(dir, { recursive: true });
  files += 1;
  const file = join(dir, `requests-${process.pid}-${files}-${Date.now()}.jsonl`);
  const seen = new Set<string>();
  return (entry) => {
    if (!entry.operation) return;
    const usage = usageOf(entry);
    const key = `${usage.service}|${usage.operation}|${usage.client}|${usage.principal}`;
    if (seen.has(key)) return;
    seen.add(key);
    // Synchronous on purpose: a process killed mid-test keeps what it recorded (this runs once per new key).
    appendFileSync(file, `${JSON.stringify(usage)}\n`);
  };
}

/** Classify one request-log entry. */
export function usageOf(entry: RequestLogEntry): RecordedUsage {
  const key = entry.accessKeyId ?? '';
  return {
    service: entry.service,
    operation: entry.operation,
    client: /(^|\s)evidentia\//.test(entry.userAgent ?? '') ? 'evidentia' : 'other',
    principal: key.startsWith('ASIA') ? 'assumed-role' : key.startsWith('AKIA') ? 'user' : 'unknown',
  };
}
