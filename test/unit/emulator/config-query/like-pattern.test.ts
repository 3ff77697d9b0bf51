import { describe, expect, it } from 'vitest';
import { compileLikePattern, matchesLike } from '../../../../src/emulator/config-query/like-pattern.js';

function compiled(text: string) {
  const pattern = compileLikePattern(text);
  if (typeof pattern === 'string') throw new Error(pattern);
  return pattern;
}

describe('LIKE patterns', () => {
  it('splits a pattern into prefix, single-character and open wildcards', () => {
    expect(compiled('AWS::EC2::%')).toEqual({
      text: 'AWS::EC2::%',
      prefix: 'AWS::EC2::',
      singles: 0,
      open: true,
    });
    expect(compiled('abc_%_')).toMatchObject({ prefix: 'abc', singles: 2, open: true });
    expect(compiled('abcd')).toMatchObject({ prefix: 'abcd', singles: 0, open: false });
  });

  it('matches by prefix and the count of remaining characters', () => {
    expect(matchesLike('abcxyz', compiled('abc%'))).toBe(true);
    expect(matchesLike('abc', compiled('abc%'))).toBe(true);
    expect(matchesLike('ab', compiled('abc%'))).toBe(false);
    expect(matchesLike('ABCx', compiled('abc%'))).toBe(false);
    expect(matchesLike('abcx', compiled('abc_'))).toBe(true);
    expect(matchesLike('abcxy', compiled('abc_'))).toBe(false);
    expect(matchesLike('abc', compiled('abc_%'))).toBe(false);
    expect(matchesLike('abc😀', compiled('abc_'))).toBe(true);
  });

  it('explains each rejected shape', () => {
    expect(compileLikePattern('%abc')).toContain('leading wildcard');
    expect(compileLikePattern('ab%')).toContain('at least 3 literal characters');
    expect(compileLikePattern('abc%d')).toContain('only a trailing wildcard');
  });
});
