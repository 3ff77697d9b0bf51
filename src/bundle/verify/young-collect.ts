// A prompt young-generation collection while a bomb inflates. zlib hands out each 16 KiB of output in a new
// Buffer whose small JS object dies at once, but V8 frees the memory behind it only at the next scavenge,
// which external memory alone triggers late (and later still on a busy machine): a 1 GiB entry then peaked
// anywhere from 135 to 200 MiB RSS. A minor GC every 16 MiB inflated costs about a millisecond each and
// holds the peak near 125 MiB (docs/security.md). `gc` comes from V8's own flag, reached once, lazily.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (opts: { type: 'minor' }) => void;
let collect: Collect | null | undefined;

/** Run a minor (scavenge) GC; a no-op where V8 does not offer one. */
export function collectYoung(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as Collect;
    } catch {
      collect = null;
    }
  }
  collect?.({ type: 'minor' });
}
