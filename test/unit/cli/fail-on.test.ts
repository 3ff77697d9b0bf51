// `collect --fail-on`: which control verdicts each level treats as failing the pipeline.

import { describe, expect, it } from 'vitest';
import { failsAt } from '../../../src/cli/commands/collect.js';
import { emptyCounts, type Status } from '../../../src/core/status.js';

const only = (status: Status) => [{ counts: { ...emptyCounts(), PASS: 3, [status]: 1 } }];

describe('--fail-on levels', () => {
  it.each([
    ['FAIL', [true, true, true]],
    ['ERROR', [false, true, true]],
    ['NOT_EVALUATED', [false, false, true]],
    ['MANUAL', [false, false, true]],
    ['INHERITED', [false, false, false]],
    ['NOT_APPLICABLE', [false, false, false]],
    ['PASS', [false, false, false]],
  ] as const)('a %s control: fail/error/unproven → %j', (status, expected) => {
    expect([
      failsAt('fail', only(status)),
      failsAt('error', only(status)),
      failsAt('unproven', only(status)),
    ]).toEqual(expected);
  });
});
