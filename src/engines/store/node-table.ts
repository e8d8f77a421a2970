// The inner nodes of the tree-compressed visited set (tree-table.ts): a hash set of pairs of
// 32-bit values, each numbered once, in the order first added. In: a pair (two words of a packed
// state, or two numbers of nodes below). Out: the pair's number, the same every time it is asked.
//
// Why a table of its own: a number must not change when the table grows, so it is stored beside the
// pair (a slot is the pair and its number, the number's top bit marking the slot occupied) instead
// of being the slot's position. Nothing reads a pair back from its number: counterexamples are
// rebuilt from the level log, so the set only has to tell states apart, never decode them.
// Open addressing with linear probing from the home slot `hash * capacity / 2^32`; the table
// doubles at three quarters full; no deletion.

import { hash2 } from "./state-hash.js";
import { EMPTY, MARK, MAX_ARRAY_BYTES } from "./table-growth.js";

/** Words a slot takes: the pair, then its number with the MARK bit. */
const STRIDE = 3;
const MAX_LOAD = 0.75;
/** The largest number a pair may get: numbers and the mark share a word. */
const MAX_NUMBER = MARK - 1;

/** A growing set of numbered pairs. */
export class NodeTable {
  private words: Uint32Array;
  private capacity: number;
  private scale: number;
  private growAt: number;
  private count = 0;

  constructor(
    /** Asked before the table grows to `bytes` (the old table is freed only after): may it? */
    private readonly mayGrow: (bytes: number) => boolean,
    initialCapacity = 1024,
  ) {
    this.capacity = Math.max(16, initialCapacity);
    this.words = new Uint32Array(this.capacity * STRIDE);
    this.scale = this.capacity / 4294967296;
    this.growAt = Math.floor(this.capacity * MAX_LOAD);
  }

  /** Pairs stored. */
  get size(): number {
    return this.count;
  }

  /** Bytes of the table's slots. */
  get bytes(): number {
    return this.words.byteLength;
  }

  /**
   * The number of the pair (a, b), which is added if new; -1 when it is new and the table cannot
   * grow. The words are passed signed (`| 0`), which V8 passes between functions unboxed.
   */
  numberOf(a: number, b: number): number {
    const words = this.words;
    let slot = Math.floor(hash2(a, b) * this.scale);
    for (;;) {
      const base = slot * STRIDE;
      const w = words[base + 2] | 0;
      if (w === EMPTY) break;
      if ((words[base] | 0) === a && (words[base + 1] | 0) === b) return w & ~MARK;
      if (++slot === this.capacity) slot = 0;
    }
    if (this.count >= this.growAt || this.count >= MAX_NUMBER) {
      return this.count < MAX_NUMBER && this.grown() ? this.numberOf(a, b) : -1;
    }
    const base = slot * STRIDE;
    words[base] = a;
    words[base + 1] = b;
    words[base + 2] = (this.count | MARK) >>> 0;
    return this.count++;
  }

  /** Doubles the table into a new buffer if the budget allows (old and new exist meanwhile). */
  private grown(): boolean {
    const capacity = this.capacity * 2;
    if (capacity * STRIDE * 4 > MAX_ARRAY_BYTES || !this.mayGrow(capacity * STRIDE * 4)) return false;
    const from = this.words;
    const to = new Uint32Array(capacity * STRIDE);
    const scale = capacity / 4294967296;
    for (let base = 0; base < from.length; base += STRIDE) {
      const w = from[base + 2];
      if (w === EMPTY) continue;
      const a = from[base] | 0;
      const b = from[base + 1] | 0;
      let slot = Math.floor(hash2(a, b) * scale);
      while (to[slot * STRIDE + 2] !== EMPTY) if (++slot === capacity) slot = 0;
      to[slot * STRIDE] = a;
      to[slot * STRIDE + 1] = b;
      to[slot * STRIDE + 2] = w;
    }
    this.words = to;
    this.capacity = capacity;
    this.scale = scale;
    this.growAt = Math.floor(capacity * MAX_LOAD);
    return true;
  }
}
