// A writable stream that keeps what is written to it, for tests that read a command's output.

import { Writable } from 'node:stream';

export function capture(): Writable & { text: () => string } {
  let text = '';
  const w = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return Object.assign(w, { text: () => text });
}
