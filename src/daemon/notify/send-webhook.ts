// POST a JSON body to a webhook, retried with exponential backoff on network errors, 429 and 5xx (honouring
// Retry-After). Never throws: the result says how it went, so a notification can never fail a run.

export interface SendWebhookOptions {
  /** Attempts in all, including the first; default 5. */
  attempts?: number;
  /** Delay before the second attempt; doubles each time, capped at `maxDelayMs`. Default 1 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

export interface WebhookResult {
  ok: boolean;
  attempts: number;
  /** Last HTTP status, when there was an answer. */
  status?: number;
  error?: string;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Send `body` to `url`; resolves once delivered or given up. */
export async function sendWebhook(
  url: string,
  body: unknown,
  opts: SendWebhookOptions = {},
): Promise<WebhookResult> {
  const attempts = opts.attempts ?? 5;
  const base = opts.baseDelayMs ?? 1000;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  const sleep = opts.sleep ?? defaultSleep;
  const doFetch = opts.fetch ?? fetch;
  const payload = JSON.stringify(body);
  let last: WebhookResult = { ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let retryAfterMs: number | undefined;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'evidentia-daemon' },
        body: payload,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        redirect: 'error',
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, attempts: attempt, status: res.status };
      last = { ok: false, attempts: attempt, status: res.status, error: `HTTP ${res.status}` };
      if (res.status !== 429 && res.status < 500) return last;
      const ra = Number(res.headers.get('retry-after'));
      if (Number.isFinite(ra) && ra > 0) retryAfterMs = ra * 1000;
    } catch (err) {
      last = { ok: false, attempts: attempt, error: err instanceof Error ? err.message : String(err) };
    }
    if (attempt < attempts) await sleep(Math.min(maxDelay, retryAfterMs ?? base * 2 ** (attempt - 1)));
  }
  return last;
}
