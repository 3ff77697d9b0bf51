// Bearer tokens: only hashes are configured; missing, malformed and unknown tokens are told apart for the
// log, never for the caller.

import { describe, expect, it } from 'vitest';
import { hashToken, newToken, TokenAuth } from '../../../src/daemon/http/token-auth.js';

describe('TokenAuth', () => {
  const officer = newToken();
  const auditor = newToken();
  const auth = new TokenAuth([
    { name: 'ann', role: 'officer', sha256: hashToken(officer) },
    { name: 'bob', role: 'auditor', sha256: hashToken(auditor) },
  ]);

  it('finds the principal of a configured token', () => {
    expect(auth.authenticate(`Bearer ${officer}`)).toEqual({
      ok: true,
      principal: { name: 'ann', role: 'officer' },
    });
    expect(auth.authenticate(`bearer ${auditor}`)).toEqual({
      ok: true,
      principal: { name: 'bob', role: 'auditor' },
    });
  });

  it('refuses missing, malformed and unknown tokens', () => {
    expect(auth.authenticate(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(auth.authenticate(`Basic ${officer}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(auth.authenticate(`Bearer ${'x'.repeat(300)}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(auth.authenticate(`Bearer ${officer}x`)).toEqual({ ok: false, reason: 'unknown' });
    expect(auth.authenticate(`Bearer ${hashToken(officer)}`)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('makes tokens of 256 random bits', () => {
    expect(officer).toMatch(/^evd_[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(officer);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
