// plan.json is written task by task (never one string of the whole plan), and its bytes are still exactly
// those of JSON.stringify(plan, null, 2) and a newline.

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadProfile, profileFrameworks } from '../../../src/catalog/index.js';
import { PLAN_FILE, writePlanFile } from '../../../src/pipeline/plan-file.js';
import { planRun } from '../../../src/plan/plan-run.js';
import type { Plan } from '../../../src/plan/types.js';

describe('writePlanFile', () => {
  it('writes the bytes of JSON.stringify(plan, null, 2) for a real plan', async () => {
    const catalog = await loadCatalog();
    const profile = await loadProfile('healthcare', catalog);
    const plan = planRun({
      profile,
      frameworks: profileFrameworks(profile, catalog),
      catalog,
      accounts: ['222222222222', '111111111111', '333333333333'],
      callerAccountId: '111111111111',
    });
    expect(new Set(plan.tasks.map((t) => t.kind)).size).toBeGreaterThan(2);
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-plan-file-'));
    await writePlanFile(join(dir, PLAN_FILE), plan);
    expect(await readFile(join(dir, PLAN_FILE), 'utf8')).toBe(`${JSON.stringify(plan, null, 2)}\n`);
  });

  it('keeps what JSON.stringify does with odd values: no tasks, quotes, absent fields', async () => {
    const plan = {
      tasks: [],
      accounts: ['a"b', 'c\nd'],
      regions: [],
      homeRegion: 'us-east-1',
      callerAccountId: '111111111111',
      queryKeys: ['x'],
    } satisfies Plan;
    const odd = { ...plan, extra: undefined } as Plan;
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-plan-file-'));
    await writePlanFile(join(dir, PLAN_FILE), odd);
    expect(await readFile(join(dir, PLAN_FILE), 'utf8')).toBe(`${JSON.stringify(odd, null, 2)}\n`);
  });
});
