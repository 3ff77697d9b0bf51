// The accounts of a whole Organizations listing, each once. AWS documents ListAccounts as eventually
// consistent, and an organisation that changes while it is listed can name an account on two pages, even in
// two states. The emulator's listing never does, so the pages are written here as AWS would send them.

import type { ListAccountsCommandOutput } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { accountsOfPages } from '../../../src/collect/discover-accounts.js';

type Account = NonNullable<ListAccountsCommandOutput['Accounts']>[number];

const page = (...accounts: Account[]): ListAccountsCommandOutput => ({ Accounts: accounts, $metadata: {} });
const active = (id: string, name = `acct-${id}`): Account => ({ Id: id, Name: name, State: 'ACTIVE' });

describe('accounts of a listing', () => {
  it('lists an account named on two pages once, sorted', () => {
    const got = accountsOfPages(
      [page(active('333333333333'), active('111111111111')), page(active('111111111111'))],
      new Set(),
    );
    expect(got.accounts).toEqual(['111111111111', '333333333333']);
    expect(got.outOfScope).toEqual([]);
  });

  it('keeps out of scope an account that is suspended on one page and active on another, in either order', () => {
    for (const pages of [
      [page(active('222222222222')), page({ Id: '222222222222', State: 'SUSPENDED' })],
      [page({ Id: '222222222222', State: 'SUSPENDED' }), page(active('222222222222'))],
    ]) {
      const got = accountsOfPages(pages, new Set());
      expect(got.accounts).toEqual([]);
      expect(got.outOfScope).toHaveLength(1);
      expect(got.outOfScope[0]).toMatchObject({ accountId: '222222222222', state: 'SUSPENDED' });
    }
  });

  it('names an excluded account once, however often it is listed', () => {
    const got = accountsOfPages(
      [page(active('444444444444'), active('555555555555')), page(active('444444444444'))],
      new Set(['444444444444']),
    );
    expect(got.accounts).toEqual(['555555555555']);
    expect(got.outOfScope.map((o) => o.accountId)).toEqual(['444444444444']);
  });
});
