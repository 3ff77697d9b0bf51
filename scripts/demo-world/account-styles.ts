// How each account of the demo organisation names, tags and addresses its generated estate. Accounts are
// matched by name; an account added to the demo later gets a derived style.

import type { AccountStyle } from './estate-context.js';

const KNOWN: Record<string, Omit<AccountStyle, 'accountId'>> = {
  security: { env: 'sec', team: 'security-team', octet: 11 },
  production: { env: 'prod', team: 'platform-team', octet: 21 },
  development: { env: 'dev', team: 'web-team', octet: 31 },
};

/** The style of an account (by name), or one derived from its position in the world. */
export function accountStyle(account: { id: string; name: string }, index: number): AccountStyle {
  const known = KNOWN[account.name];
  if (known) return { accountId: account.id, ...known };
  return {
    accountId: account.id,
    env: account.name.slice(0, 4).toLowerCase(),
    team: 'platform-team',
    octet: 41 + index * 2,
  };
}
