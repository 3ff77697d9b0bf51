// Which accounts a run could read, from its evidence index.

import { describe, expect, it } from 'vitest';
import { accountReach, noAccountRead } from '../../../src/evaluate/account-reach.js';

const e = (accountId: string, service: string, errorCode?: string) => ({
  source: 'aws' as const,
  service,
  accountId,
  ...(errorCode ? { errorCode } : {}),
});

describe('account reach', () => {
  it('an account whose role could not be assumed, or whose every call failed, is unreadable', () => {
    const reach = accountReach(
      ['111111111111', '222222222222', '333333333333'],
      [
        e('111111111111', 'sts'),
        e('111111111111', 'config'),
        e('222222222222', 'sts', 'AccessDenied'),
        e('333333333333', 'sts'),
        e('333333333333', 'config', 'AccessDeniedException'),
        e('999999999999', 'config'),
      ],
    );
    expect(reach).toEqual({
      asked: ['111111111111', '222222222222', '333333333333'],
      unreadable: ['222222222222', '333333333333'],
    });
    expect(noAccountRead(reach)).toBe(false);
  });

  it('no account read at all is noticed; a run that asked no account anything is not', () => {
    expect(noAccountRead(accountReach(['111111111111'], [e('111111111111', 'sts', 'AccessDenied')]))).toBe(
      true,
    );
    // Organizations answers prove nothing about a member account.
    expect(noAccountRead(accountReach(['111111111111'], [e('111111111111', 'organizations')]))).toBe(false);
    expect(noAccountRead(accountReach(['111111111111'], []))).toBe(false);
  });
});
