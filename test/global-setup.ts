// Compile src/ to dist/ once before the suite (as `npm run build` does, with its YAML cache), so tests that
// spawn the real CLI run current code.
// Type errors do not stop the suite here (tsc still emits); `npm run typecheck` is the gate for those.

import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    encoding: 'utf8',
  });
  if (r.status !== 0)
    process.stderr.write(
      `global-setup: tsc reported problems (run npm run typecheck):\n${r.stdout.slice(0, 2000)}`,
    );
  const cache = spawnSync(process.execPath, ['dist/catalog/yaml-cache-build.js'], { encoding: 'utf8' });
  if (cache.status !== 0) process.stderr.write(`global-setup: YAML cache not built:\n${cache.stderr}`);
}
