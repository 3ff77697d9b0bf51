// Opaque, tamper-evident next tokens: the offset of the next page, bound by an HMAC to the request that
// produced it (operation, account, region and filters), so a token is only valid for the same query.

import { createHmac, randomBytes } from 'node:crypto';

export class PageTokens {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  /** A token for `offset` within the listing identified by `scope`. */
  issue(scope: string, offset: number): string {
    const body = Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
    return `${body}.${this.mac(scope, body)}`;
  }

  /** The offset a token carries, or undefined when it is malformed, forged or from another listing. */
  read(scope: string, token: string): number | undefined {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined || this.mac(scope, body) !== mac) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { o?: unknown };
      return typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0
        ? parsed.o
        : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(scope: string, body: string): string {
    return createHmac('sha256', this.key).update(`${scope}\n${body}`).digest('base64url').slice(0, 22);
  }
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * Cut one page out of `all`. `pageSize` is already resolved (limit or default); `invalid` builds the service's
 * error for a bad token.
 */
export function pageOf<T>(
  all: readonly T[],
  opts: { tokens: PageTokens; scope: string; nextToken?: unknown; pageSize: number; invalid: () => Error },
): Page<T> {
  let offset = 0;
  if (typeof opts.nextToken === 'string' && opts.nextToken.length > 0) {
    const read = opts.tokens.read(opts.scope, opts.nextToken);
    if (read === undefined || read > all.length) throw opts.invalid();
    offset = read;
  }
  const end = offset + Math.max(1, opts.pageSize);
  const page: Page<T> = { items: all.slice(offset, end) };
  if (end < all.length) page.nextToken = opts.tokens.issue(opts.scope, end);
  return page;
}
