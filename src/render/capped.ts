// Lists that stop growing: the report shows the first N and says how many more there are.

/** A list cut at a limit; `total` is exact, `more` = total − items shown. */
export interface Capped<T> {
  items: T[];
  total: number;
  more: number;
}

/** Cut an (already ordered) list. */
export function capList<T>(all: readonly T[], limit: number): Capped<T> {
  const items = all.slice(0, Math.max(0, limit));
  return { items, total: all.length, more: all.length - items.length };
}

/** Distinct strings, remembering the first `limit` and counting the rest without storing them all. */
export class DistinctSample {
  private readonly kept: string[] = [];
  private readonly seen = new Set<string>();
  private overflow = 0;
  private readonly limit: number;
  /** Past this many distinct values, further ones are only counted (and may be counted twice). */
  private readonly trackLimit: number;

  constructor(limit: number, trackLimit = 200) {
    this.limit = limit;
    this.trackLimit = Math.max(limit, trackLimit);
  }

  add(value: string): void {
    if (this.seen.has(value)) return;
    if (this.seen.size >= this.trackLimit) {
      this.overflow += 1;
      return;
    }
    this.seen.add(value);
    if (this.kept.length < this.limit) this.kept.push(value);
  }

  /** The kept values and how many other distinct values there were. */
  result(): Capped<string> {
    const total = this.seen.size + this.overflow;
    return { items: [...this.kept], total, more: total - this.kept.length };
  }
}
