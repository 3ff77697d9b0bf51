// The folders a command will write, checked before anything is read from AWS or written: a path that is a
// file, lies below a file, or cannot be written is bad input (exit 2) naming the option, not a failed run.

import { displayPath } from '../catalog/input-file.js';
import { InputError, type InputIssue } from '../core/errors.js';
import { folderProblem } from '../core/output-folder.js';

/** Throw InputError for every `[option, path]` whose folder cannot be written, e.g. `['--out', 'output']`. */
export async function checkWritableFolders(
  folders: readonly [option: string, path: string][],
): Promise<void> {
  const issues: InputIssue[] = [];
  for (const [option, path] of folders) {
    const problem = await folderProblem(path);
    if (!problem) continue;
    const at = displayPath(problem.at);
    issues.push({ location: { file: at, line: 1, column: 1 }, field: option, message: problem.message });
  }
  if (issues.length)
    throw new InputError(
      issues,
      issues.length > 1 ? `${issues.length} problems with the folders` : undefined,
    );
}
