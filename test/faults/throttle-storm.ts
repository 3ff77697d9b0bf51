// A throttling storm that cannot hang a test: a service of the emulator wrapped so the first attempt of every
// third distinct call is answered with the service's throttling error. A retry is the same call (operation,
// account, region and input) and goes through, so every throttled call costs exactly one retry. The emulator's
// own `probability` and `every` faults can throttle one call many times in a row, and the SDK's throttle
// back-off doubles from one second each time: a test run could then last a minute.

import type { ServiceDefinition } from '../../src/emulator/index.js';
import { CommonServiceError } from '../../src/emulator/service-error.js';

/** `definition` with the first attempt of every `every`-th distinct call throttled. */
export function throttleEveryNthCall(definition: ServiceDefinition, every = 3): ServiceDefinition {
  const seen = new Set<string>();
  const handlers: ServiceDefinition['handlers'] = {};
  for (const [operation, handler] of Object.entries(definition.handlers)) {
    if (!handler) continue;
    handlers[operation] = (input, ctx) => {
      const call = `${operation}|${ctx.caller.accountId}|${ctx.region}|${JSON.stringify(input)}`;
      if (!seen.has(call)) {
        seen.add(call);
        if (seen.size % every === 0) throw new CommonServiceError('throttling', 'Rate exceeded');
      }
      return handler(input, ctx);
    };
  }
  return { ...definition, handlers };
}
