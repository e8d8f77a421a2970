// The visited set: which packed states a search has already seen. In: a packed state (words in a
// Uint32Array at an offset). Out: the id of a new state, appended to the PackedStore, or a sign
// that the state was already there.
//
// It is an open-addressing hash table over the store: an Int32Array of state ids (-1 = empty),
// power-of-two capacity, linear probing, grown by doubling before it is three quarters full. The
// table holds only ids (4 bytes a slot, about 5.3-10.7 bytes a state with the load between 3/8 and
// 3/4); keys are compared against the store's words, so a lookup allocates nothing. Growing
// rehashes every stored state from the store, so the table keeps no hashes of its own. The set
// owns appends to its store: a state appended any other way would be missing from the table.

import { hashWords, type PackedStore } from "./packed-store.js";

const EMPTY = -1;
/** Initial number of table slots (a power of two). */
const DEFAULT_CAPACITY = 1 << 12;

/** A hash set of packed states over a PackedStore, adding new states to the store. */
export class VisitedSet {
  private table: Int32Array;
  private mask: number;
  /** Grow once the store holds more states than this (3/4 of the table). */
  private limit: number;

  constructor(
    private readonly store: PackedStore,
    initialCapacity = DEFAULT_CAPACITY,
  ) {
    let capacity = 16;
    while (capacity < initialCapacity || capacity * 0.75 < store.size) capacity *= 2;
    this.table = tableOf(store, capacity);
    this.mask = capacity - 1;
    this.limit = capacity * 0.75;
  }

  /**
   * Adds the state in `words` at `offset` unless it is present. Returns the new state's id (>= 0),
   * or `~id` (negative) of the equal state already stored.
   */
  addOrFind(words: Uint32Array, offset: number, parent: number): number {
    const n = this.store.packedWords;
    const stored = this.store.words;
    const table = this.table;
    const mask = this.mask;
    let slot = hashWords(words, offset, n) & mask;
    for (;;) {
      const id = table[slot];
      if (id === EMPTY) break;
      const base = id * n;
      let i = 0;
      while (i < n && stored[base + i] === words[offset + i]) i++;
      if (i === n) return ~id;
      slot = (slot + 1) & mask;
    }
    const id = this.store.append(words, offset, parent);
    table[slot] = id;
    if (id + 1 > this.limit) this.rehash(table.length * 2);
    return id;
  }

  /** The id of the stored state equal to `words` at `offset`, or -1 if there is none. */
  find(words: Uint32Array, offset: number): number {
    const n = this.store.packedWords;
    const stored = this.store.words;
    const table = this.table;
    const mask = this.mask;
    let slot = hashWords(words, offset, n) & mask;
    for (;;) {
      const id = table[slot];
      if (id === EMPTY) return -1;
      const base = id * n;
      let i = 0;
      while (i < n && stored[base + i] === words[offset + i]) i++;
      if (i === n) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** Number of slots in the table (a power of two). */
  get capacity(): number {
    return this.table.length;
  }

  /** Bytes allocated for the table. */
  get bytes(): number {
    return this.table.byteLength;
  }

  /** Replaces the table by one of `capacity` slots. */
  private rehash(capacity: number): void {
    this.table = tableOf(this.store, capacity);
    this.mask = capacity - 1;
    this.limit = capacity * 0.75;
  }
}

/** A table of `capacity` slots (a power of two) holding the id of every state in `store`. */
function tableOf(store: PackedStore, capacity: number): Int32Array {
  const table = new Int32Array(capacity).fill(EMPTY);
  const mask = capacity - 1;
  for (let id = 0, size = store.size; id < size; id++) {
    let slot = store.hash(id) & mask;
    while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
    table[slot] = id;
  }
  return table;
}
