// Every waiting AWS attempt of a run in one queue. An attempt starts once its gate key (an account, or the
// caller) has a free slot, the global limit has one (unless its key is outside it) and its account's pace
// allows; of those that may start, the highest priority goes first, arrival order within a priority.
//
// One queue rather than a per-account limit in front of a global one: there, an account's slots are held by
// calls that wait for a global slot, so the account's next chain call (one whose answer decides the next
// calls) cannot even reach the global queue to pass them, and every account gets the same share of the
// global slots whatever its backlog — the accounts with the most calls left then run alone at the end, a
// few slots busy out of many.

/** When an account's next call may start, and telling it one did (account-pacer.ts). */
export interface Pace {
  /** Earliest time the next call may start, on the queue's clock (now or earlier: at once). */
  readyAt(): number;
  /** A call starts now. */
  started(): void;
}

/** The queue's clock, and a way to come back later (injected so tests run on a fake clock). */
export interface QueueTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** One gate key's calls: its own limit, its pace, and whether the global limit counts them. */
export interface Lane {
  readonly limit: number;
  readonly global: boolean;
  pace: Pace;
  running: number;
  /** Waiting calls, highest priority first, arrival order within a priority. */
  readonly waiting: Waiter[];
}

interface Waiter {
  priority: number;
  seq: number;
  start: () => void;
}

/** A concurrency limit, refused unless it is a whole number of 1 or more. */
function wholeLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError(`concurrency must be a whole number of 1 or more, not ${limit}`);
  return limit;
}

/** A lane with nothing running or waiting yet. */
export function newLane(limit: number, global: boolean, pace: Pace): Lane {
  return { limit: wholeLimit(limit), global, pace, running: 0, waiting: [] };
}

export class CallQueue {
  private globalRunning = 0;
  private seq = 0;
  private readonly busy = new Set<Lane>();
  /** When a sleep is already set to look again for a call its pace held back. */
  private wakeAt = Number.POSITIVE_INFINITY;

  private readonly globalLimit: number;

  constructor(
    globalLimit: number,
    private readonly time: QueueTime,
  ) {
    this.globalLimit = wholeLimit(globalLimit);
  }

  /** Run `fn` once `lane` may start a call (see the top of this file); the slots are freed when it settles. */
  run<T>(lane: Lane, fn: () => Promise<T>, priority = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        // Started on its own microtask, as p-limit does, so a caller's synchronous code runs first.
        Promise.resolve()
          .then(fn)
          .then(resolve, reject)
          .finally(() => {
            lane.running -= 1;
            if (lane.global) this.globalRunning -= 1;
            this.dispatch();
          });
      };
      const waiter: Waiter = { priority, seq: this.seq++, start };
      // After the last waiting call of the same or a higher priority.
      const at = lane.waiting.findIndex((w) => w.priority < priority);
      if (at < 0) lane.waiting.push(waiter);
      else lane.waiting.splice(at, 0, waiter);
      this.busy.add(lane);
      this.dispatch();
    });
  }

  /** Start every call that may start now, best first; come back when a pace next allows one. */
  private dispatch(): void {
    for (;;) {
      const now = this.time.now();
      let best: Lane | undefined;
      let nextReady = Number.POSITIVE_INFINITY;
      for (const lane of this.busy) {
        const head = lane.waiting[0];
        if (!head) {
          this.busy.delete(lane);
          continue;
        }
        if (lane.running >= lane.limit || (lane.global && this.globalRunning >= this.globalLimit)) continue;
        const ready = lane.pace.readyAt();
        if (ready > now) {
          nextReady = Math.min(nextReady, ready);
          continue;
        }
        const bestHead = best?.waiting[0];
        if (
          !bestHead ||
          head.priority > bestHead.priority ||
          (head.priority === bestHead.priority && head.seq < bestHead.seq)
        )
          best = lane;
      }
      if (!best) {
        if (nextReady < this.wakeAt) {
          this.wakeAt = nextReady;
          // Whole milliseconds, rounded up: a timer that fires a fraction early would only set another.
          void this.time.sleep(Math.max(1, Math.ceil(nextReady - now))).then(() => {
            if (this.wakeAt === nextReady) this.wakeAt = Number.POSITIVE_INFINITY;
            this.dispatch();
          });
        }
        return;
      }
      const waiter = best.waiting.shift() as Waiter;
      best.running += 1;
      if (best.global) this.globalRunning += 1;
      best.pace.started();
      waiter.start();
    }
  }
}
