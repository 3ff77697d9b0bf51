// plan.json: the tasks the planner made, written task by task. At 1,000 accounts the text is 87 MB; written
// as one JSON.stringify it was a string of that size on the heap just as collection starts.

import { StreamedArray, writeJsonFile } from '../core/streamed-json.js';
import type { Plan } from '../plan/types.js';

/** The plan's name in a run folder. */
export const PLAN_FILE = 'plan.json';

/** Write `plan` to `path`: the bytes of `JSON.stringify(plan, null, 2)` and a newline, never whole in memory. */
export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  await writeJsonFile(path, { ...plan, tasks: new StreamedArray(() => plan.tasks) });
}
