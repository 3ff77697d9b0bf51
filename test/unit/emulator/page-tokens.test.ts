// Next tokens are opaque, bound to the listing that issued them, and refused when forged.

import { describe, expect, it } from 'vitest';
import { PageTokens, pageOf } from '../../../src/emulator/page-tokens.js';

describe('page tokens', () => {
  const tokens = new PageTokens(Buffer.alloc(32, 7));
  const items = Array.from({ length: 7 }, (_, i) => i);
  const invalid = () => new Error('invalid token');

  it('pages through a listing and only accepts its own tokens', () => {
    const first = pageOf(items, { tokens, scope: 'a', pageSize: 3, invalid });
    expect(first.items).toEqual([0, 1, 2]);
    const second = pageOf(items, { tokens, scope: 'a', pageSize: 3, nextToken: first.nextToken, invalid });
    expect(second.items).toEqual([3, 4, 5]);
    const last = pageOf(items, { tokens, scope: 'a', pageSize: 3, nextToken: second.nextToken, invalid });
    expect(last).toEqual({ items: [6] });
    expect(() =>
      pageOf(items, { tokens, scope: 'b', pageSize: 3, nextToken: first.nextToken, invalid }),
    ).toThrow('invalid');
    const forged = `${Buffer.from('{"o":6}').toString('base64url')}.${String(first.nextToken).split('.')[1]}`;
    expect(() => pageOf(items, { tokens, scope: 'a', pageSize: 3, nextToken: forged, invalid })).toThrow(
      'invalid',
    );
    expect(() => pageOf(items, { tokens, scope: 'a', pageSize: 3, nextToken: 'garbage', invalid })).toThrow(
      'invalid',
    );
  });
});
