// Growing a table of packed states (state-table.ts, shared-table.ts): the buffers it lives in and
// moving its states when it grows. In: a table's slots (a TableLayout's stride words a slot, the
// last word EMPTY or marked) and the capacities before and after. Out: the same states, each at
// or after its home slot in the larger table (`hash * capacity / 2^32`), as linear probing needs.
//
// Why a file of its own: on the benchmark machine a page of memory costs about 10 µs the first
// time it is touched (2.5 ns a byte, more than moving the states in it), so how a table grows is
// mostly a question of how much fresh memory it touches. A table that allocates a new buffer at
// each grow by sqrt(2) touches 3.4 times its final size. Here a buffer is allocated with room to
// grow into (untouched pages cost nothing) and the serial table grows in place, touching its
// final size once; the parallel table, whose workers move states at the same time, moves them
// between two such buffers used in turn.

import { hash1, hash2, hashWords } from "./state-hash.js";

/** The largest typed array V8 allows, in bytes of 32-bit words (2^32 elements). */
export const MAX_ARRAY_BYTES = 4 * 2 ** 32;
/** A slot whose last word is 0 is empty; an occupied slot's last word has the MARK bit set. */
export const EMPTY = 0;
export const MARK = 0x80000000;
/** A buffer is allocated with room for its table to grow to RESERVE times its size. */
const RESERVE = 16;

/** How a packed state sits in a slot. */
export interface TableLayout {
  packedWords: number;
  /** Words per slot: packedWords, or one more when the occupied mark needs a word of its own. */
  stride: number;
  /** Whether the mark is the top bit of the state's last word (which the state never uses). */
  markInline: boolean;
}

/** The hash of the state at `offset`, specialised for one and two words. */
export function hashKey(key: Uint32Array, offset: number, packedWords: number): number {
  if (packedWords === 2) return hash2(key[offset], key[offset + 1]);
  if (packedWords === 1) return hash1(key[offset]);
  return hashWords(key, offset, packedWords);
}

/** Words to allocate for a table of `words` words: room to grow RESERVE times, within a typed array. */
export function reservedWords(words: number): number {
  return Math.max(words, Math.min(words * RESERVE, MAX_ARRAY_BYTES / 4));
}

/** A zeroed buffer of `reservedWords(words)` words, or of `words` if the room cannot be had. */
export function allocateTable(words: number, shared: true): SharedArrayBuffer;
export function allocateTable(words: number, shared: false): ArrayBuffer;
export function allocateTable(words: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  const make = (n: number) => (shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
  try {
    return make(reservedWords(words));
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return make(words);
  }
}

/**
 * The hashKey of the state in the slot at `base` of `words`, whose last word is `last`; `scratch`
 * holds packedWords words for the states of more than two words.
 */
export function storedHash(
  layout: TableLayout,
  words: ArrayLike<number>,
  base: number,
  last: number,
  scratch: Uint32Array,
): number {
  const { packedWords, markInline } = layout;
  const unmarked = markInline ? (last & ~MARK) >>> 0 : last;
  if (markInline && packedWords === 2) return hash2(words[base] >>> 0, unmarked);
  if (markInline && packedWords === 1) return hash1(unmarked);
  for (let i = 0; i < packedWords; i++) scratch[i] = words[base + i];
  if (markInline) scratch[packedWords - 1] = unmarked;
  return hashKey(scratch, 0, packedWords);
}

/**
 * Inserts every occupied slot of `from` into the empty table `to` (same layout). Walking `from` in
 * slot order visits states in about hash order, so `to` is written almost sequentially.
 */
export function rehashInto(layout: TableLayout, from: Uint32Array, to: Uint32Array): void {
  const { stride } = layout;
  const capacity = to.length / stride;
  const scale = capacity / 4294967296;
  const last = stride - 1;
  const scratch = new Uint32Array(Math.max(1, layout.packedWords));
  for (let base = 0; base < from.length; base += stride) {
    const w = from[base + last];
    if (w === EMPTY) continue;
    let slot = Math.floor(storedHash(layout, from, base, w, scratch) * scale);
    while (to[slot * stride + last] !== EMPTY) if (++slot === capacity) slot = 0;
    for (let i = 0; i < stride; i++) to[slot * stride + i] = from[base + i];
  }
}

/**
 * Grows the table in the first `oldCapacity` slots of `words` to `newCapacity` slots of the same
 * buffer, whose slots past `oldCapacity` are zero. A state's new home is about GROWTH times its
 * old one, so walking the old slots from the last down, each state moves up into slots that hold
 * only states already moved: it is cleared, then placed at the first free slot from its new home.
 * A state whose new home is not above its old slot (near the start of the table) or whose probe
 * would wrap past the end is kept aside and placed once all others are.
 */
export function rehashInPlace(
  layout: TableLayout,
  words: Uint32Array,
  oldCapacity: number,
  newCapacity: number,
): void {
  if (layout.markInline && layout.packedWords === 2)
    return rehashPairsInPlace(words, oldCapacity, newCapacity);
  const { stride } = layout;
  const scale = newCapacity / 4294967296;
  const last = stride - 1;
  const scratch = new Uint32Array(Math.max(1, layout.packedWords));
  const aside: number[] = [];
  for (let s = oldCapacity - 1; s >= 0; s--) {
    const base = s * stride;
    const w = words[base + last];
    if (w === EMPTY) continue;
    const home = Math.floor(storedHash(layout, words, base, w, scratch) * scale);
    let slot = home;
    if (home > s) while (slot < newCapacity && words[slot * stride + last] !== EMPTY) slot++;
    if (home <= s || slot === newCapacity) {
      for (let i = 0; i < stride; i++) aside.push(words[base + i] | 0); // signed: no boxing
    } else {
      for (let i = 0; i < stride; i++) words[slot * stride + i] = words[base + i];
    }
    for (let i = 0; i < stride; i++) words[base + i] = 0;
  }
  for (let k = 0; k < aside.length; k += stride) {
    let slot = Math.floor(storedHash(layout, aside, k, aside[k + last], scratch) * scale);
    while (words[slot * stride + last] !== EMPTY) if (++slot === newCapacity) slot = 0;
    for (let i = 0; i < stride; i++) words[slot * stride + i] = aside[k + i];
  }
}

/** rehashInPlace for two-word states with the mark inline (most specs): a third faster. */
function rehashPairsInPlace(words: Uint32Array, oldCapacity: number, newCapacity: number): void {
  const scale = newCapacity / 4294967296;
  const aside: number[] = [];
  for (let s = oldCapacity - 1; s >= 0; s--) {
    const b = words[2 * s + 1];
    if (b === EMPTY) continue;
    const a = words[2 * s];
    words[2 * s] = 0;
    words[2 * s + 1] = 0;
    const home = Math.floor(hash2(a, (b & ~MARK) >>> 0) * scale);
    let slot = home;
    if (home > s) while (slot < newCapacity && words[2 * slot + 1] !== EMPTY) slot++;
    if (home <= s || slot === newCapacity) {
      aside.push(a | 0, b | 0);
      continue;
    }
    words[2 * slot] = a;
    words[2 * slot + 1] = b;
  }
  for (let k = 0; k < aside.length; k += 2) {
    let slot = Math.floor(hash2(aside[k], (aside[k + 1] & ~MARK) >>> 0) * scale);
    while (words[2 * slot + 1] !== EMPTY) if (++slot === newCapacity) slot = 0;
    words[2 * slot] = aside[k];
    words[2 * slot + 1] = aside[k + 1];
  }
}
