// Sets of account ids (and region names) for the finding scan, as bits over a numbering shared by the scan.
// The scan adds an account to several sets for each of millions of findings; as JavaScript Sets of strings,
// 1,000 checks × 1,000 accounts were a million-entry hash table spread over memory, and every add a cache
// miss. As bits, a set of 1,000 accounts is 125 bytes and an add is one word update.

/** Numbers the distinct strings it is given, in the order first seen; the same text gets the same number. */
export class Numbering {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private lastName = '';
  private lastId = -1;

  /** The number of `name` (consecutive findings mostly repeat the last one: checked before the map). */
  id(name: string): number {
    if (this.lastId >= 0 && name === this.lastName) return this.lastId;
    let id = this.index.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.index.set(name, id);
      this.names.push(name);
    }
    this.lastName = name;
    this.lastId = id;
    return id;
  }
}

/** A set of numbered strings: `size`, and iteration yields the strings (in numbering order). */
export class IdSet implements Iterable<string> {
  private bits = new Uint32Array(1);
  private count = 0;

  constructor(private readonly numbering: Numbering) {}

  /** A set holding just `id`. */
  static of(numbering: Numbering, id: number): IdSet {
    const set = new IdSet(numbering);
    set.add(id);
    return set;
  }

  add(id: number): void {
    const word = id >>> 5;
    if (word >= this.bits.length) this.grow(word);
    const mask = 1 << (id & 31);
    const bits = this.bits[word]!;
    if ((bits & mask) !== 0) return;
    this.bits[word] = bits | mask;
    this.count += 1;
  }

  get size(): number {
    return this.count;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let word = 0; word < this.bits.length; word += 1) {
      let b = this.bits[word]!;
      while (b !== 0) {
        const low = b & -b;
        yield this.numbering.names[(word << 5) + 31 - Math.clz32(low)]!;
        b ^= low;
      }
    }
  }

  private grow(word: number): void {
    const next = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
    next.set(this.bits);
    this.bits = next;
  }
}
