// A small direct-mapped memory of the states a visited set was recently offered, in front of it.
// In: a packed state (model.ts) and its hashKey. Out: whether it was certainly offered before.
//
// Why: in breadth-first order most successors are states found before, and most of those were
// found just before: two steps that commute (a then b, b then a) reach the same state from two
// siblings, and siblings are expanded one after the other. Such a repeat is answered here, from a
// table small enough to stay in the processor's cache, instead of by a lookup in the visited set,
// which on a large space is a cache and TLB miss (about 60% of the lookups on the benchmark's
// vma_refcount models). The memory only ever answers "seen": a state it forgot goes to the visited
// set as before, and a state it remembers was added or found there. So the search stores the same states in the same order with or without it.

import { hashKey } from "./state-table.js";

/** Entries (a power of two): 2^15 two-word states take 384 KiB with their hashes, within a core's L2. */
const ENTRIES = 1 << 15;
const MASK = ENTRIES - 1;

export class RecentStates {
  /** Per entry, the state's hash then its words: one cache line holds a whole entry. */
  private readonly entries: Uint32Array;
  private readonly stride: number;

  constructor(private readonly packedWords: number) {
    this.stride = packedWords + 1;
    this.entries = new Uint32Array(ENTRIES * this.stride);
    // Unwritten entries hold all-zero words: give them a hash the all-zero state does not have.
    const vacant = (hashKey(new Uint32Array(Math.max(1, packedWords)), 0, packedWords) ^ 1) >>> 0;
    for (let e = 0; e < ENTRIES; e++) this.entries[e * this.stride] = vacant;
  }

  /** Whether the state at `offset` of `key`, of hash `hash`, was offered before; remembers it if not. */
  seen(key: Uint32Array, offset: number, hash: number): boolean {
    const n = this.packedWords;
    // The high half of the hash; the visited set's home slot is its high bits, so these are mixed.
    const base = ((hash >>> 16) & MASK) * this.stride;
    const entries = this.entries;
    if (entries[base] === hash >>> 0) {
      let same = true;
      for (let i = 0; i < n; i++) if (entries[base + 1 + i] !== key[offset + i]) same = false;
      if (same) return true;
    }
    entries[base] = hash;
    for (let i = 0; i < n; i++) entries[base + 1 + i] = key[offset + i];
    return false;
  }
}
