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
// which keeps states in hash order, so a grow moves states in one sweep, in place, within a buffer
// allocated with room to grow (table-growth.ts). Linear probing; no deletion.

import {
  EMPTY,
  MARK,
  MAX_ARRAY_BYTES,
  allocateTable,
  hashKey,
  rehashInPlace,
  rehashInto,
  type TableLayout,
} from "./table-growth.js";

export { EMPTY, MARK, MAX_ARRAY_BYTES, hashKey, type TableLayout } from "./table-growth.js";

/** Grow (or refuse new states) once this share of the slots is used. */
export const MAX_LOAD = 0.75;
const GROWTH = Math.SQRT2;
const DEFAULT_CAPACITY = 1024;

/** The slot layout for states of `packedWords` words of which `packedBits` bits are used. */
export function tableLayout(packedWords: number, packedBits: number): TableLayout {
  const markInline = packedWords > 0 && packedBits <= 32 * packedWords - 1;
  return { packedWords, stride: markInline ? packedWords : packedWords + 1, markInline };
}

/** The slot count after `capacity` when the table grows. */
function grownCapacity(capacity: number): number {
  return Math.ceil(capacity * GROWTH);
}

/**
 * The last word a slot holding `key` has: the state's last word with the mark, or the mark alone;
 * signed, and compared with slots' words read as signed (`| 0`), so that it is never boxed.
 */
function markedLast(layout: TableLayout, key: Uint32Array, offset: number): number {
  return layout.markInline ? key[offset + layout.packedWords - 1] | MARK : MARK | 0;
}

/** Throws when a state uses the top bit the layout reserved for the mark (a packer bug). */
function checkMarkBit(layout: TableLayout, key: Uint32Array, offset: number): void {
  if (layout.markInline && (key[offset + layout.packedWords - 1] & MARK) !== 0) markBitError();
}

/** The error for a state whose last word uses the bit the layout reserved. */
export function markBitError(): never {
  throw new Error("a packed state uses more bits than the model's packedBits: the packer is wrong");
}

/** What the breadth-first search needs of a visited set: the exact table or the Bloom filter. */
export interface VisitedSet {
  /** Stores the state at `offset` of `key` unless present: ADDED, PRESENT, or FULL. */
  add(key: Uint32Array, offset: number): number;
  /**
   * `add` for a state whose `hashKey` is `hash`, which may be passed as a signed 32-bit integer
   * (`hash | 0`): V8 passes those between functions as they are, but boxes an unsigned value of
   * 2^31 or more in a new heap object, which on the hot path made garbage at every other call.
   */
  addHashed(key: Uint32Array, offset: number, hash: number): number;
  /**
   * Reads the memory the state at `offset` of `key`, of hash `hash`, would be looked up in, and
   * returns what it read. Called for a batch of states before adding them, in the order they will
   * be added, so that the processor fetches their slots from memory in parallel instead of one
   * after another (JavaScript has no prefetch). The hash and the result are signed, as in addHashed.
   */
  prefetch(key: Uint32Array, offset: number, hash: number): number;
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
  /** The buffer the table lives in: its first `capacity` slots are the table, the rest room to grow. */
  private buffer: Uint32Array;
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
    this.buffer = new Uint32Array(allocateTable(this.capacity * this.layout.stride, false));
    this.words = this.buffer.subarray(0, this.capacity * this.layout.stride);
    this.scale = this.capacity / 4294967296;
    this.growAt = Math.floor(this.capacity * MAX_LOAD);
  }

  /** Number of states stored. */
  get size(): number {
    return this.count;
  }

  /** Bytes of the table's slots (not the room its buffer keeps for growing, which is not touched). */
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

  prefetch(_key: Uint32Array, _offset: number, hash: number): number {
    const stride = this.layout.stride;
    return this.words[Math.floor((hash >>> 0) * this.scale) * stride + stride - 1] | 0;
  }

  /** Every state stored, one after another (in slot order, not the order added). */
  states(): Uint32Array {
    const { packedWords, stride, markInline } = this.layout;
    const out = new Uint32Array(this.count * packedWords);
    let k = 0;
    for (let base = 0; base < this.words.length; base += stride) {
      if (this.words[base + stride - 1] === EMPTY) continue;
      for (let i = 0; i < packedWords; i++) out[k + i] = this.words[base + i];
      if (markInline) out[k + packedWords - 1] &= ~MARK;
      k += packedWords;
    }
    return out;
  }

  /** Whether the state at `offset` of `key` is stored. */
  has(key: Uint32Array, offset: number): boolean {
    const { packedWords, stride } = this.layout;
    const words = this.words;
    const last = markedLast(this.layout, key, offset);
    let slot = Math.floor(hashKey(key, offset, packedWords) * this.scale);
    for (;;) {
      const base = slot * stride;
      const w = words[base + stride - 1] | 0;
      if (w === EMPTY) return false;
      if (w === last && this.keyAt(base, key, offset)) return true;
      if (++slot === this.capacity) slot = 0;
    }
  }

  private add1(a: number, hash: number): number {
    if ((a & MARK) !== 0) markBitError();
    const words = this.words;
    const marked = (a | MARK) >>> 0;
    let slot = Math.floor((hash >>> 0) * this.scale);
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
    let slot = Math.floor((hash >>> 0) * this.scale);
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
    let slot = Math.floor((hash >>> 0) * this.scale);
    let base: number;
    for (;;) {
      base = slot * stride;
      const w = words[base + stride - 1] | 0;
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

  /**
   * Grows by sqrt(2) if the budget allows: in place while the buffer has room (table-growth.ts says
   * why), else into a new buffer (old and new table exist together meanwhile).
   */
  private grown(): boolean {
    const capacity = grownCapacity(this.capacity);
    const words = capacity * this.layout.stride;
    if (words * 4 > MAX_ARRAY_BYTES || !this.mayGrow(words * 4)) return false;
    if (words <= this.buffer.length) {
      rehashInPlace(this.layout, this.buffer, this.capacity, capacity);
    } else {
      const buffer = new Uint32Array(allocateTable(words, false));
      rehashInto(this.layout, this.words, buffer.subarray(0, words));
      this.buffer = buffer;
    }
    this.words = this.buffer.subarray(0, words);
    this.capacity = capacity;
    this.scale = capacity / 4294967296;
    this.growAt = Math.floor(capacity * MAX_LOAD);
    return true;
  }
}
