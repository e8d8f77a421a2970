// The exact visited set: every distinct packed state a search has found, stored inline in an
// open-addressing hash table. In: a packed state (model.ts: `packedWords` words at an offset). Out:
// whether it was new (and is now stored), already there, or could not be stored within the memory
// budget.
//
// Why this shape: the table IS the store. A slot holds the state's words themselves, so a lookup
// touches one place in memory (an id table over a separate store touches two, and on this machine
// a random access to a large table costs more than generating the successor). Ids, parent links and
// the breadth-first queue live elsewhere: level-log.ts keeps each level's states in order, which is
// all the queue and the counterexample search need. A slot costs `packedWords * 4` bytes when the
// last word has a spare top bit (marked there as occupied), one word more otherwise.
//
// The capacity is not a power of two: it grows by sqrt(2) once the table is three quarters full,
// so the load stays between 0.53 and 0.75 (a doubling table falls to 0.375, and a two-word state
// then costs 21 bytes instead of 15 at worst). A state's home slot is `hash * capacity / 2^32`,
// which keeps states in hash order, so growing walks the old table and writes the new one almost
// sequentially. Linear probing; no deletion.

import { hash1, hash2, hashWords } from "./state-hash.js";

/** The largest typed array V8 allows, in bytes of 32-bit words (2^32 elements). */
export const MAX_ARRAY_BYTES = 4 * 2 ** 32;
/** A slot whose last word is 0 is empty; an occupied slot's last word has the MARK bit set. */
export const EMPTY = 0;
export const MARK = 0x80000000;
/** Grow (or refuse new states) once this share of the slots is used. */
export const MAX_LOAD = 0.75;
const GROWTH = Math.SQRT2;
const DEFAULT_CAPACITY = 1024;
/** A table's buffer is allocated with room for it to grow by GROWTH four times: two uses of it. */
const RESERVE = 16;

/** How a packed state sits in a slot. */
export interface TableLayout {
  packedWords: number;
  /** Words per slot: packedWords, or one more when the occupied mark needs a word of its own. */
  stride: number;
  /** Whether the mark is the top bit of the state's last word (which the state never uses). */
  markInline: boolean;
}

/** The slot layout for states of `packedWords` words of which `packedBits` bits are used. */
export function tableLayout(packedWords: number, packedBits: number): TableLayout {
  const markInline = packedWords > 0 && packedBits <= 32 * packedWords - 1;
  return { packedWords, stride: markInline ? packedWords : packedWords + 1, markInline };
}

/** The hash of the state at `offset`, specialised for one and two words. */
export function hashKey(key: Uint32Array, offset: number, packedWords: number): number {
  if (packedWords === 2) return hash2(key[offset], key[offset + 1]);
  if (packedWords === 1) return hash1(key[offset]);
  return hashWords(key, offset, packedWords);
}

/**
 * Words to allocate for a table of `words` words: room for it to grow into the same buffer
 * twice more (see SlotBuffers). Only the pages a table touches take memory, so the room is free
 * until used; capped at what a typed array can hold.
 */
export function reservedWords(words: number): number {
  return Math.max(words, Math.min(words * RESERVE, MAX_ARRAY_BYTES / 4));
}

/** A zeroed Uint32Array of `reservedWords(words)` words, or of `words` if that cannot be had. */
function allocateWords(words: number): Uint32Array {
  try {
    return new Uint32Array(reservedWords(words));
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return new Uint32Array(words);
  }
}

/**
 * The two buffers a table lives in, in turn: a grow rehashes from the one holding the table into
 * the other. Why: on the benchmark machine a page of fresh memory costs about 10 µs on first touch
 * (2.5 ns a byte, more than the rehash itself), and a table that allocates anew at every grow
 * touches 3.4 times its final size; reusing the older buffer, allocated with room to spare,
 * touches about twice the final size, and most grows touch no fresh page at all.
 */
export class SlotBuffers {
  private spare: Uint32Array | null = null;
  /** Words at the start of `spare` that a table used (the rest was never written: still zero). */
  private spareDirty = 0;
  private current: Uint32Array;

  constructor(words: number) {
    this.current = allocateWords(words);
  }

  /** The table's words: the first `words` of the current buffer. */
  view(words: number): Uint32Array {
    return this.current.subarray(0, words);
  }

  /** Zeroed room for a table of `words` words: the spare buffer if it is large enough. */
  take(words: number): Uint32Array {
    const reuse = this.spare !== null && this.spare.length >= words;
    const target = reuse ? this.spare! : allocateWords(words);
    if (reuse) target.fill(0, 0, this.spareDirty);
    return target.subarray(0, words);
  }

  /** The table moved into `to` (from `take`); the buffer it left, of which it used `used` words, is spare. */
  switchTo(to: Uint32Array, used: number): void {
    this.spare = this.current;
    this.spareDirty = used;
    this.current = new Uint32Array(to.buffer);
  }
}

/** The slot count after `capacity` when the table grows. */
function grownCapacity(capacity: number): number {
  return Math.ceil(capacity * GROWTH);
}

/** The last word a slot holding `key` has: the state's last word with the mark, or the mark alone. */
function markedLast(layout: TableLayout, key: Uint32Array, offset: number): number {
  return layout.markInline ? (key[offset + layout.packedWords - 1] | MARK) >>> 0 : MARK;
}

/** Throws when a state uses the top bit the layout reserved for the mark (a packer bug). */
function checkMarkBit(layout: TableLayout, key: Uint32Array, offset: number): void {
  if (layout.markInline && (key[offset + layout.packedWords - 1] & MARK) !== 0) markBitError();
}

/** The error for a state whose last word uses the bit the layout reserved. */
export function markBitError(): never {
  throw new Error("a packed state uses more bits than the model's packedBits: the packer is wrong");
}

/**
 * Inserts every occupied slot of `from` into the empty table `to` (same layout). Walking `from` in
 * slot order visits states in about hash order, so `to` is written almost sequentially.
 */
function rehashInto(layout: TableLayout, from: Uint32Array, to: Uint32Array): void {
  const { stride, packedWords, markInline } = layout;
  const capacity = to.length / stride;
  const scale = capacity / 4294967296;
  if (markInline && packedWords <= 2) {
    for (let base = 0; base < from.length; base += stride) {
      const w = from[base + stride - 1];
      if (w === EMPTY) continue;
      const h = packedWords === 1 ? hash1((w & ~MARK) >>> 0) : hash2(from[base], (w & ~MARK) >>> 0);
      let slot = Math.floor(h * scale);
      while (to[slot * stride + stride - 1] !== EMPTY) if (++slot === capacity) slot = 0;
      if (stride === 2) to[slot * 2] = from[base];
      to[slot * stride + stride - 1] = w;
    }
    return;
  }
  const key = new Uint32Array(Math.max(1, packedWords));
  for (let base = 0; base < from.length; base += stride) {
    if (from[base + stride - 1] === EMPTY) continue;
    for (let i = 0; i < packedWords; i++) key[i] = from[base + i];
    if (markInline) key[packedWords - 1] &= ~MARK;
    let slot = Math.floor(hashKey(key, 0, packedWords) * scale);
    while (to[slot * stride + stride - 1] !== EMPTY) if (++slot === capacity) slot = 0;
    for (let i = 0; i < stride; i++) to[slot * stride + i] = from[base + i];
  }
}

/** What the breadth-first search needs of a visited set: the exact table or the Bloom filter. */
export interface VisitedSet {
  /** Stores the state at `offset` of `key` unless present: ADDED, PRESENT, or FULL. */
  add(key: Uint32Array, offset: number): number;
  /** `add` for a state whose `hashKey` is `hash`. */
  addHashed(key: Uint32Array, offset: number, hash: number): number;
  /**
   * Reads the memory a state of hash `hash` would be looked up in, and returns what it read.
   * Called for a batch of states before adding them, so that the processor fetches their slots
   * from memory in parallel instead of one after another (JavaScript has no prefetch).
   */
  prefetch(hash: number): number;
  /** Bytes allocated. */
  readonly bytes: number;
}

/** Result of `VisitedSet.add`. */
export const ADDED = 1;
export const PRESENT = 0;
/** The state is new but the table would have to grow beyond its byte budget to hold it. */
export const FULL = -1;
/** The state is new but the set already holds `maxStates` states. */
export const LIMIT = -2;

/** Bounds of a StateTable. */
export interface TableOptions {
  /** Asked before the table grows to `bytes` (the old table is freed only after): may it? */
  mayGrow?: (bytes: number) => boolean;
  /** Refuse (LIMIT) a new state once this many are stored. */
  maxStates?: number;
  /** Instead of maxStates: asked before each new state is stored; false refuses it (LIMIT). */
  reserve?: () => boolean;
  initialCapacity?: number;
}

/** A growing hash set of packed states, stored inline. */
export class StateTable implements VisitedSet {
  readonly layout: TableLayout;
  private readonly buffers: SlotBuffers;
  private words: Uint32Array;
  private capacity: number;
  private scale: number;
  private growAt: number;
  private count = 0;
  private readonly mayGrow: (bytes: number) => boolean;
  private readonly maxStates: number;
  private readonly reserve: (() => boolean) | null;

  constructor(packedWords: number, packedBits: number, options: TableOptions = {}) {
    this.layout = tableLayout(packedWords, packedBits);
    this.mayGrow = options.mayGrow ?? (() => true);
    this.maxStates = options.maxStates ?? Infinity;
    this.reserve = options.reserve ?? null;
    this.capacity = Math.max(16, options.initialCapacity ?? DEFAULT_CAPACITY);
    this.buffers = new SlotBuffers(this.capacity * this.layout.stride);
    this.words = this.buffers.view(this.capacity * this.layout.stride);
    this.scale = this.capacity / 4294967296;
    this.growAt = Math.floor(this.capacity * MAX_LOAD);
  }

  /** Number of states stored. */
  get size(): number {
    return this.count;
  }

  /** Bytes of the table's slots (not the room its buffers keep for growing, which is not touched). */
  get bytes(): number {
    return this.words.byteLength;
  }

  /** Stores the state at `offset` of `key` unless present: ADDED, PRESENT, or FULL. */
  add(key: Uint32Array, offset: number): number {
    return this.addHashed(key, offset, hashKey(key, offset, this.layout.packedWords));
  }

  addHashed(key: Uint32Array, offset: number, hash: number): number {
    const n = this.layout.packedWords;
    if (this.layout.markInline) {
      if (n === 2) return this.add2(key[offset], key[offset + 1], hash);
      if (n === 1) return this.add1(key[offset], hash);
    }
    return this.addN(key, offset, hash);
  }

  prefetch(hash: number): number {
    const stride = this.layout.stride;
    return this.words[Math.floor(hash * this.scale) * stride + stride - 1];
  }

  /** Whether the state at `offset` of `key` is stored. */
  has(key: Uint32Array, offset: number): boolean {
    const { packedWords, stride } = this.layout;
    const words = this.words;
    const last = markedLast(this.layout, key, offset);
    let slot = Math.floor(hashKey(key, offset, packedWords) * this.scale);
    for (;;) {
      const base = slot * stride;
      const w = words[base + stride - 1];
      if (w === EMPTY) return false;
      if (w === last && this.keyAt(base, key, offset)) return true;
      if (++slot === this.capacity) slot = 0;
    }
  }

  private add1(a: number, hash: number): number {
    if ((a & MARK) !== 0) markBitError();
    const words = this.words;
    const marked = (a | MARK) >>> 0;
    let slot = Math.floor(hash * this.scale);
    for (;;) {
      const w = words[slot];
      if (w === marked) return PRESENT;
      if (w === EMPTY) break;
      if (++slot === this.capacity) slot = 0;
    }
    if (this.reserve !== null ? !this.reserve() : this.count >= this.maxStates) return LIMIT;
    if (this.count >= this.growAt) return this.grown() ? this.add1(a, hash) : FULL;
    words[slot] = marked;
    this.count++;
    return ADDED;
  }

  private add2(a: number, b: number, hash: number): number {
    if ((b & MARK) !== 0) markBitError();
    const words = this.words;
    const marked = (b | MARK) >>> 0;
    let slot = Math.floor(hash * this.scale);
    for (;;) {
      const i = slot << 1;
      const w = words[i + 1];
      if (w === marked && words[i] === a) return PRESENT;
      if (w === EMPTY) break;
      if (++slot === this.capacity) slot = 0;
    }
    if (this.reserve !== null ? !this.reserve() : this.count >= this.maxStates) return LIMIT;
    if (this.count >= this.growAt) return this.grown() ? this.add2(a, b, hash) : FULL;
    words[slot << 1] = a;
    words[(slot << 1) + 1] = marked;
    this.count++;
    return ADDED;
  }

  private addN(key: Uint32Array, offset: number, hash: number): number {
    const { packedWords, stride } = this.layout;
    checkMarkBit(this.layout, key, offset);
    const words = this.words;
    const last = markedLast(this.layout, key, offset);
    let slot = Math.floor(hash * this.scale);
    let base: number;
    for (;;) {
      base = slot * stride;
      const w = words[base + stride - 1];
      if (w === EMPTY) break;
      if (w === last && this.keyAt(base, key, offset)) return PRESENT;
      if (++slot === this.capacity) slot = 0;
    }
    if (this.reserve !== null ? !this.reserve() : this.count >= this.maxStates) return LIMIT;
    if (this.count >= this.growAt) return this.grown() ? this.addN(key, offset, hash) : FULL;
    for (let i = 0; i < packedWords; i++) words[base + i] = key[offset + i];
    words[base + stride - 1] = last;
    this.count++;
    return ADDED;
  }

  /** Whether the slot at `base` holds the state at `offset` of `key`, its last word aside. */
  private keyAt(base: number, key: Uint32Array, offset: number): boolean {
    const words = this.words;
    const n = this.layout.markInline ? this.layout.packedWords - 1 : this.layout.packedWords;
    for (let i = 0; i < n; i++) if (words[base + i] !== key[offset + i]) return false;
    return true;
  }

  /** Grows by sqrt(2) if the budget allows (old and new table exist together meanwhile). */
  private grown(): boolean {
    const capacity = grownCapacity(this.capacity);
    const bytes = capacity * this.layout.stride * 4;
    if (bytes > MAX_ARRAY_BYTES || !this.mayGrow(bytes)) return false;
    const words = this.buffers.take(capacity * this.layout.stride);
    rehashInto(this.layout, this.words, words);
    this.buffers.switchTo(words, this.words.length);
    this.words = words;
    this.capacity = capacity;
    this.scale = capacity / 4294967296;
    this.growAt = Math.floor(capacity * MAX_LOAD);
    return true;
  }
}
