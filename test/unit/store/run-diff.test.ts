// The diff between two runs: controls that started or stopped failing, resources newly (no longer) failing.

import { beforeAll, describe, expect, it } from 'vitest';
import { diffRuns, type RunDiff, type RunSnapshot } from '../../../src/store/run-diff.js';
import { digestResults } from '../../../src/store/run-digest.js';
import { type FixtureRun, fixtureResults } from './run-fixture.js';

async function snapshot(run: FixtureRun): Promise<RunSnapshot> {
  const results = fixtureResults(run);
  const d = await digestResults(results);
  return {
    runId: run.runId,
    frameworks: results.frameworks.map((f) => ({ id: f.frameworkId, metRatio: f.metRatio })),
    controls: d.controls,
    failingResources: d.failingResources,
  };
}

describe('diffRuns', () => {
  let diff: RunDiff;
  beforeAll(async () => {
    diff = diffRuns(await before, await after);
  });
  const before = snapshot({
    runId: 'a',
    controls: { 'fw:1': 'PASS', 'fw:2': 'FAIL', 'fw:3': 'FAIL', 'fw:4': 'ERROR', 'fw:5': 'MANUAL' },
    failing: { 'fw:2': ['b-old', 'b-both'], 'fw:3': ['c-old'] },
  });
  const after = snapshot({
    runId: 'b',
    controls: {
      'fw:1': 'FAIL',
      'fw:2': 'PASS',
      'fw:3': 'ERROR',
      'fw:4': 'FAIL',
      'fw:5': 'MANUAL',
      'fw:6': 'FAIL',
    },
    failing: { 'fw:1': ['a-new', 'b-both'], 'fw:4': ['d-new'], 'fw:6': ['f-new'] },
  });

  it('lists controls that newly fail, including ones that were unproven before, but not new controls', () => {
    expect(diff.newlyFailing).toEqual([
      { frameworkId: 'fw', controlId: '1' },
      { frameworkId: 'fw', controlId: '4' },
    ]);
  });

  it('lists as newly passing only controls that failed and are now met, never FAIL → ERROR', () => {
    expect(diff.newlyPassing).toEqual([{ frameworkId: 'fw', controlId: '2' }]);
  });

  it('compares failing resources by account, region, type and id', () => {
    expect(diff.newResources.map((r) => r.resourceId)).toEqual(['a-new', 'd-new', 'f-new']);
    expect(diff.resolvedResources.map((r) => r.resourceId)).toEqual(['b-old', 'c-old']);
  });

  it('gives each framework before and after', () => {
    expect(diff.frameworks).toEqual([{ id: 'fw', before: 0.2, after: 1 / 6 }]);
  });
});

describe('digestResults', () => {
  it('counts findings per status and lists each failing resource once', async () => {
    const d = await digestResults(
      fixtureResults({
        runId: 'x',
        controls: { 'fw:1': 'FAIL', 'fw:2': 'FAIL', 'fw:3': 'PASS' },
        failing: { 'fw:1': ['r1', 'r2'], 'fw:2': ['r2'], 'fw:3': ['not-failing'] },
      }),
    );
    expect(d.findings).toMatchObject({ FAIL: 2, PASS: 1, ERROR: 0 });
    expect(d.failingResources.map((r) => r.resourceId)).toEqual(['r1', 'r2']);
  });
});
