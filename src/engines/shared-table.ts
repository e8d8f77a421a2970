// The exact visited set shared by the threads of the parallel checker. In: packed states from any
// thread. Out: ADDED for exactly one thread per new state, PRESENT for the others, LIMIT at
// `maxStates`, FULL once the memory budget refused to let the table grow.
//
// Same slot layout and home slots as state-table.ts, in a SharedArrayBuffer, without locks: a
// thread claims an empty slot by compare-and-swapping its last word from EMPTY to BUSY, writes the
// state, and publishes it by storing the marked last word (an atomic store, so the other words are
// visible first). A thread that meets a BUSY slot reads it again until it is published.
//
// Growing cannot happen under running threads, so it is a rendezvous, driven by the control words
// of parallel-protocol.ts: the thread whose add crosses three quarters of the capacity raises GROW;
// every thread parks at its next add (or next state) until the coordinator has built the larger
// table and handed it over. A thread parks only between adds, so no slot is BUSY meanwhile.

import {
  ADDED,
  BUSY,
  EMPTY,
  FULL,
  LIMIT,
  MARK,
  MAX_LOAD,
  PRESENT,
  checkMarkBit,
  hashKey,
  markBitError,
  markedLast,
  type TableLayout,
  type VisitedSet,
} from "./state-table.js";
import { C_COUNT, C_GROW, C_STOP } from "./parallel-protocol.js";

/** A table's buffer and slot count, as handed between threads. */
export interface SharedTableHandle {
  buffer: SharedArrayBuffer;
  capacity: number;
}

/** A new shared table of `capacity` slots for `layout`. */
export function sharedTable(layout: TableLayout, capacity: number): SharedTableHandle {
  return { buffer: new SharedArrayBuffer(capacity * layout.stride * 4), capacity };
}

/** One thread's view of the shared table. */
export class SharedStateTable implements VisitedSet {
  private words!: Uint32Array;
  private capacity = 0;
  private scale = 0;
  private growAt = 0;
  /** Whether states take two words with the mark inline (the common case, specialised). */
  private readonly two: boolean;

  constructor(
    readonly layout: TableLayout,
    handle: SharedTableHandle,
    private readonly control: Int32Array,
    private readonly maxStates: number,
    /** Called by the thread whose add raised GROW. */
    private readonly onGrowRequest: () => void,
    /** Waits until the table has grown (or growing was refused) and `attach`es the new one. */
    private readonly park: () => void,
  ) {
    this.two = layout.markInline && layout.packedWords === 2;
    this.attach(handle);
  }

  /** Switches to a (grown) table. */
  attach(handle: SharedTableHandle): void {
    this.words = new Uint32Array(handle.buffer);
    this.capacity = handle.capacity;
    this.scale = handle.capacity / 4294967296;
    this.growAt = Math.floor(handle.capacity * MAX_LOAD);
  }

  get bytes(): number {
    return this.words.byteLength;
  }

  /** Whether growing was asked for: the caller should `park` before its next add. */
  get growing(): boolean {
    return Atomics.load(this.control, C_GROW) !== 0;
  }

  add(key: Uint32Array, offset: number): number {
    return this.addHashed(key, offset, hashKey(key, offset, this.layout.packedWords));
  }

  prefetch(hash: number): number {
    const stride = this.layout.stride;
    return this.words[Math.floor(hash * this.scale) * stride + stride - 1];
  }

  addHashed(key: Uint32Array, offset: number, hash: number): number {
    // Plain loads of the control words: an atomic one per add costs more than the add; a flag
    // seen one add late does no harm (the table has a quarter of its slots free when GROW rises).
    const control = this.control;
    while (control[C_GROW] !== 0) this.park();
    if (control[C_STOP] !== 0) return FULL;
    if (this.two) return this.tryAdd2(key[offset], key[offset + 1], hash);
    checkMarkBit(this.layout, key, offset);
    return this.tryAddN(key, offset, hash);
  }

  // Probing reads slots with plain loads, which cost a third of an atomic one here. That is safe
  // because a slot's words are written once, from 0: a plain load that sees a state's word that is
  // not 0 sees the final value. Only a word read as 0, or one that differs, may be stale; then an
  // atomic load of the slot's last word (which the writer published with an atomic store) makes
  // the writer's words visible, and the comparison is made again.

  private tryAdd2(a: number, b: number, hash: number): number {
    if ((b & MARK) !== 0) markBitError();
    const words = this.words;
    const marked = (b | MARK) >>> 0;
    let slot = Math.floor(hash * this.scale);
    for (;;) {
      const i = slot << 1;
      const last = words[i + 1];
      if (last === marked) {
        if (a !== 0 && words[i] === a) return PRESENT;
        Atomics.load(words, i + 1);
        if (words[i] === a) return PRESENT;
      } else if (last === EMPTY) {
        if (Atomics.compareExchange(words, i + 1, EMPTY, BUSY) !== EMPTY) continue;
        if (!this.reserve()) {
          Atomics.store(words, i + 1, EMPTY);
          return LIMIT;
        }
        words[i] = a;
        Atomics.store(words, i + 1, marked);
        return ADDED;
      } else if (last === BUSY) {
        Atomics.load(words, i + 1); // another thread is writing the slot: read it again
        continue;
      }
      if (++slot === this.capacity) slot = 0;
    }
  }

  private tryAddN(key: Uint32Array, offset: number, hash: number): number {
    const { stride, packedWords, markInline } = this.layout;
    const words = this.words;
    const marked = markedLast(this.layout, key, offset);
    const compared = markInline ? packedWords - 1 : packedWords;
    let slot = Math.floor(hash * this.scale);
    for (;;) {
      const base = slot * stride;
      const lastIndex = base + stride - 1;
      const last = words[lastIndex];
      if (last === marked) {
        if (this.sameKey(base, key, offset, compared, true)) return PRESENT;
        Atomics.load(words, lastIndex);
        if (this.sameKey(base, key, offset, compared, false)) return PRESENT;
      } else if (last === EMPTY) {
        if (Atomics.compareExchange(words, lastIndex, EMPTY, BUSY) !== EMPTY) continue;
        if (!this.reserve()) {
          Atomics.store(words, lastIndex, EMPTY);
          return LIMIT;
        }
        for (let i = 0; i < compared; i++) words[base + i] = key[offset + i];
        Atomics.store(words, lastIndex, marked);
        return ADDED;
      } else if (last === BUSY) {
        Atomics.load(words, lastIndex);
        continue;
      }
      if (++slot === this.capacity) slot = 0;
    }
  }

  /** Whether the slot at `base` holds the key; `unsure` refuses a match that rests on a word read as 0. */
  private sameKey(base: number, key: Uint32Array, offset: number, compared: number, unsure: boolean): boolean {
    const words = this.words;
    for (let i = 0; i < compared; i++) {
      const w = words[base + i];
      if (w !== key[offset + i] || (unsure && w === 0)) return false;
    }
    return true;
  }

  /** Counts one more state, unless that would pass `maxStates`; raises GROW at the load limit. */
  private reserve(): boolean {
    const control = this.control;
    let count: number;
    if (this.maxStates === Infinity) {
      count = Atomics.add(control, C_COUNT, 1) + 1;
    } else {
      for (;;) {
        const seen = Atomics.load(control, C_COUNT);
        if (seen >= this.maxStates) return false;
        if (Atomics.compareExchange(control, C_COUNT, seen, seen + 1) === seen) {
          count = seen + 1;
          break;
        }
      }
    }
    if (count >= this.growAt && Atomics.compareExchange(control, C_GROW, 0, 1) === 0) this.onGrowRequest();
    return true;
  }
}
