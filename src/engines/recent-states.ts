// A small direct-mapped memory of the states a visited set was recently offered, in front of it.
// In: a packed state (model.ts) and its hashKey. Out: whether it was certainly offered before.
//
// Why: in breadth-first order most successors are states found before, and most of those were
// found just before: two steps that commute (a then b, b then a) reach the same state from two
// siblings, and siblings are expanded one after the other. Such a repeat is answered here, from a
// table small enough to stay in the processor's cache, instead of by a lookup in the visited set,
// which on a large space is a cache and TLB miss (about 60% of the lookups on the benchmark's
// vma_refcount models). The memory only ever answers "seen": a state it forgot goes to the visited
// set as before, and a state it remembers was added, found, or sent to the parallel worker that
// owns it. So the search stores the same states in the same order with or without it.

import { hashKey } from "./state-table.js";

/** Entries (a power of two): 2^15 two-word states take 384 KiB with their hashes, within a core's L2. */
const ENTRIES = 1 << 15;
const MASK = ENTRIES - 1;

export class RecentStates {
  private readonly words: Uint32Array;
  /** The hash of the state in each entry; an entry never written holds one no state there has. */
  private readonly hashes: Uint32Array;

  constructor(private readonly packedWords: number) {
    this.words = new Uint32Array(ENTRIES * Math.max(1, packedWords));
    // Unwritten entries hold all-zero words: give them a hash the all-zero state does not have.
    const vacant = (hashKey(new Uint32Array(Math.max(1, packedWords)), 0, packedWords) ^ 1) >>> 0;
    this.hashes = new Uint32Array(ENTRIES).fill(vacant);
  }

  /** Whether the state at `offset` of `key`, of hash `hash`, was offered before; remembers it if not. */
  seen(key: Uint32Array, offset: number, hash: number): boolean {
    const n = this.packedWords;
    // The high half: a parallel worker's states share their low bits (its owner, partition.ts).
    const entry = (hash >>> 16) & MASK;
    const base = entry * n;
    const words = this.words;
    if (this.hashes[entry] === hash) {
      let same = true;
      for (let i = 0; i < n; i++) if (words[base + i] !== key[offset + i]) same = false;
      if (same) return true;
    }
    this.hashes[entry] = hash;
    for (let i = 0; i < n; i++) words[base + i] = key[offset + i];
    return false;
  }
}
