// Which of Evidentia's V8 flags a process still lacks: those named neither on its command line nor in
// NODE_OPTIONS (a value the user gave wins).

import { describe, expect, it } from 'vitest';
import { missingNodeFlags, NODE_FLAGS } from '../../../src/cli/node-flags.js';

describe('missingNodeFlags', () => {
  it('a plain `node` lacks every flag', () => {
    expect(missingNodeFlags([], undefined)).toEqual([...NODE_FLAGS]);
    expect(NODE_FLAGS).toContain('--max-semi-space-size=16');
  });

  it('a flag on the command line is in place', () => {
    expect(missingNodeFlags(['--max-semi-space-size=16'], '')).toEqual([]);
  });

  it("the user's own value wins, on the command line or in NODE_OPTIONS, with - or _", () => {
    expect(missingNodeFlags(['--max-semi-space-size=64'], '')).toEqual([]);
    expect(missingNodeFlags([], '--max-old-space-size=4096  --max-semi-space-size=8')).toEqual([]);
    expect(missingNodeFlags(['--max_semi_space_size=8'], '')).toEqual([]);
  });

  it('other flags do not count', () => {
    expect(missingNodeFlags(['--max-old-space-size=320', '--expose-gc'], '--enable-source-maps')).toEqual([
      '--max-semi-space-size=16',
    ]);
  });
});
