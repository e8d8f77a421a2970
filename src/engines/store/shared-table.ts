// The exact visited set of the parallel checker: one hash table of packed states in shared memory,
// which every worker thread looks states up in and adds states to. In: a packed state and its
// hashKey. Out: ADDED, PRESENT, FULL or LIMIT, as state-table.ts's StateTable answers; the two
// tables lay out their slots the same way (tableLayout) and place a state at the same home slot.
//
// Why one shared table: with a table per worker (each owning the states whose hash falls to it),
// about half of all successors had to be copied to their owner through rings and looked up there,
// and a state's lookup came long after its worker had generated it; two workers were no faster
// than one. Here a worker looks up what it generates, at once. Looking up costs what it costs on
// one thread: a present state is recognised with plain reads after one atomic read of its slot's
// last word. Only adding costs more: a compare-and-swap claims the empty slot (its last word goes
// from EMPTY to BUSY), the state's other words are written, then an atomic store of the marked
// last word publishes it. A reader that meets a BUSY slot waits the few instructions until it is
// published. Neither EMPTY nor BUSY has the MARK bit every published last word has.
//
// Growing stops the world: the worker whose count of adds crosses the load limit asks for it, and
// every worker joins at its next safe point (between two states it expands, at its next batch of
// adds, or while it waits for the others at the end of a level). Then, all of them in the same
// barrier, the one that asked decides (and, when the spare buffer is too small, allocates and
// broadcasts a new one), each moves its share of the old slots into the new table, and all switch.
// A worker never holds a claimed slot at a safe point, so the old table is complete when it is
// copied. The table doubles (the serial one grows by sqrt(2)): each grow stops every worker, and
// fewer grows were worth the up to 21 bytes a two-word state may then take instead of 15.

import { BroadcastChannel, receiveMessageOnPort } from "node:worker_threads";
import {
  ADDED,
  EMPTY,
  FULL,
  LIMIT,
  MARK,
  MAX_ARRAY_BYTES,
  MAX_LOAD,
  PRESENT,
  hashKey,
  markBitError,
  tableLayout,
  type TableLayout,
  type VisitedSet,
} from "./state-table.js";
import { allocateTable, storedHash } from "./table-growth.js";

/** A claimed slot's last word while its state is being written (no MARK bit: never a state's). */
const BUSY = 1;
/** Adds a worker counts before it adds them to the shared count (and checks for a grow). */
const SYNC_ADDS = 64;
const GROWTH = 2;

/** Control words, each on a cache line of its own (16 words apart). */
const LINE = 16;
const T_COUNT = 0 * LINE; // states added, up to each worker's last SYNC_ADDS
const T_GROW = 1 * LINE; // 1 while a grow is asked for
const T_BARRIER = 2 * LINE; // workers arrived at the barrier
const T_GENERATION = 3 * LINE; // barriers passed: the waiters' signal
const T_FULL = 4 * LINE; // 1 once the memory budget refused a grow
const T_BYTES = 5 * LINE; // bytes of the current table
const T_CAPACITY = 6 * LINE; // slots of the current table
const T_NEW_BUFFER = 7 * LINE; // 1 when the grow under way broadcast a new buffer
const CONTROL_WORDS = 8 * LINE;

/** What the coordinator hands each worker so that all of them open the same table. */
export interface SharedTableHandle {
  control: SharedArrayBuffer;
  /** The table as it starts; later ones are broadcast on `channel` when it grows. */
  words: SharedArrayBuffer;
  /** Name of the BroadcastChannel of this table's grows (unique to one search). */
  channel: string;
  packedWords: number;
  packedBits: number;
  workers: number;
  /** Bytes the old and the new table may take together while it grows. */
  budget: number;
}

let channels = 0;

/** A new, empty shared table for `workers` workers. */
export function createSharedTable(
  packedWords: number,
  packedBits: number,
  workers: number,
  budget: number,
): SharedTableHandle {
  const layout = tableLayout(packedWords, packedBits);
  // Workers may add up to 2 * SYNC_ADDS states each after the load limit is crossed (until they
  // see the grow), so the first table leaves room for that.
  const capacity = Math.max(1 << 14, workers * 16 * SYNC_ADDS);
  const control = new SharedArrayBuffer(CONTROL_WORDS * 4);
  const words = allocateTable(capacity * layout.stride, true);
  const c = new Int32Array(control);
  c[T_BYTES] = capacity * layout.stride * 4;
  c[T_CAPACITY] = capacity;
  const channel = `vmaspec-table-${process.pid}-${++channels}-${Math.random().toString(36).slice(2)}`;
  return { control, words, channel, packedWords, packedBits, workers, budget };
}

/** Bytes the table takes now (read by the coordinator for its statistics). */
export function sharedTableBytes(handle: SharedTableHandle): number {
  return Atomics.load(new Int32Array(handle.control), T_BYTES) >>> 0;
}

/** One worker's view of the shared table. */
export class SharedStateTable implements VisitedSet {
  readonly layout: TableLayout;
  private readonly control: Int32Array;
  private readonly channel: BroadcastChannel;
  private readonly workers: number;
  private readonly budget: number;
  private words: Uint32Array;
  /** Int32 view of the same words, for the atomic operations (Atomics needs a signed view to wait). */
  private atomic: Int32Array;
  /**
   * The two buffers the table lives in, in turn (table-growth.ts says why); `turn` holds the
   * table. `used[b]`: words of the last table buffer b held (the rest is still zero).
   */
  private readonly buffers: (SharedArrayBuffer | null)[];
  private readonly used = [0, 0];
  private turn = 0;
  private capacity: number;
  private scale: number;
  private growAt: number;
  /** Adds not yet in the shared count. */
  private unsynced = 0;
  /** Whether the memory budget refused a grow: no state can be added any more. */
  private full = false;
  /** Scratch for a state's words while it is rehashed. */
  private readonly rehashKey: Uint32Array;

  constructor(
    handle: SharedTableHandle,
    private readonly me: number,
    private readonly reserve: () => boolean = () => true,
  ) {
    this.layout = tableLayout(handle.packedWords, handle.packedBits);
    this.control = new Int32Array(handle.control);
    this.channel = new BroadcastChannel(handle.channel);
    this.workers = handle.workers;
    this.budget = handle.budget;
    this.capacity = Atomics.load(this.control, T_CAPACITY);
    this.buffers = [handle.words, null];
    this.used[0] = this.capacity * this.layout.stride;
    this.words = new Uint32Array(handle.words, 0, this.used[0]);
    this.atomic = new Int32Array(handle.words, 0, this.used[0]);
    this.scale = this.capacity / 4294967296;
    this.growAt = Math.floor(this.capacity * MAX_LOAD);
    this.rehashKey = new Uint32Array(Math.max(1, handle.packedWords));
  }

  /** Bytes of the table's slots (not the room its buffers keep for growing, which is not touched). */
  get bytes(): number {
    return this.words.byteLength;
  }

  /** Stops listening for grows (the worker is done). */
  close(): void {
    this.channel.close();
  }

  add(key: Uint32Array, offset: number): number {
    return this.addHashed(key, offset, hashKey(key, offset, this.layout.packedWords));
  }

  prefetch(_key: Uint32Array, _offset: number, hash: number): number {
    const stride = this.layout.stride;
    return this.words[Math.floor((hash >>> 0) * this.scale) * stride + stride - 1] | 0;
  }

  /** A safe point: joins the grow another worker asked for, if one did. */
  poll(): void {
    // A plain read, once per state expanded: a grow asked for is seen a little later at worst.
    if (this.control[T_GROW] !== 0) this.grow(false);
  }

  addHashed(key: Uint32Array, offset: number, hash: number): number {
    const { packedWords, markInline } = this.layout;
    if (markInline && packedWords === 2) return this.add2(key, offset, hash);
    return this.addN(key, offset, hash);
  }

  /** addHashed for the common two-word state with the mark inline (the benchmark's layout). */
  private add2(key: Uint32Array, offset: number, hash: number): number {
    const a = key[offset];
    const b = key[offset + 1];
    if ((b & MARK) !== 0) markBitError();
    const marked = b | MARK; // signed, as the last words are read: see addN
    const words = this.words;
    const atomic = this.atomic;
    let slot = Math.floor((hash >>> 0) * this.scale);
    for (;;) {
      const i = slot << 1;
      // Plain reads, as in addN (which says why).
      let w = atomic[i + 1];
      if (w === marked && words[i] === a) return PRESENT;
      if (w === EMPTY) {
        if (this.full) return FULL;
        w = Atomics.compareExchange(atomic, i + 1, EMPTY, BUSY);
        if (w === EMPTY) return this.publish(key, offset, i, marked);
      }
      while (w === BUSY) w = Atomics.load(atomic, i + 1);
      if (w === marked && words[i] === a) return PRESENT;
      if (++slot === this.capacity) slot = 0;
    }
  }

  private addN(key: Uint32Array, offset: number, hash: number): number {
    const { packedWords, stride, markInline } = this.layout;
    // The marked last word, and the slots' last words, as signed integers: V8 passes those
    // between functions as they are, where an unsigned one of 2^31 or more is boxed.
    const last = markInline ? key[offset + packedWords - 1] | MARK : MARK | 0;
    if (markInline && (key[offset + packedWords - 1] & MARK) !== 0) markBitError();
    const words = this.words;
    const atomic = this.atomic;
    const lastWord = stride - 1;
    let slot = Math.floor((hash >>> 0) * this.scale);
    for (;;) {
      const base = slot * stride;
      // A plain read (an atomic one costs ten times as much here): a stale EMPTY only makes the
      // swap below fail, and a marked word was stored after the state's other words.
      let w = atomic[base + lastWord];
      if (w === EMPTY) {
        if (this.full) return FULL;
        w = Atomics.compareExchange(atomic, base + lastWord, EMPTY, BUSY);
        if (w === EMPTY) return this.publish(key, offset, base, last);
      }
      while (w === BUSY) w = Atomics.load(atomic, base + lastWord);
      if (w === last && this.keyAt(words, base, key, offset)) return PRESENT;
      if (++slot === this.capacity) slot = 0;
    }
  }

  /** Fills the slot at `base`, which this worker claimed; counts the add and may ask for a grow. */
  private publish(key: Uint32Array, offset: number, base: number, last: number): number {
    const lastWord = this.layout.stride - 1;
    if (!this.reserve()) {
      Atomics.store(this.atomic, base + lastWord, EMPTY);
      return LIMIT;
    }
    const n = this.layout.markInline ? this.layout.packedWords - 1 : this.layout.packedWords;
    for (let i = 0; i < n; i++) this.words[base + i] = key[offset + i];
    Atomics.store(this.atomic, base + lastWord, last | 0);
    if (++this.unsynced === SYNC_ADDS) this.sync();
    return ADDED;
  }

  /** Adds this worker's adds to the shared count; grows when the table is loaded or a grow is asked. */
  private sync(): void {
    const count = Atomics.add(this.control, T_COUNT, this.unsynced) + this.unsynced;
    this.unsynced = 0;
    if (count >= this.growAt && Atomics.compareExchange(this.control, T_GROW, 0, 1) === 0) this.grow(true);
    else this.poll();
  }

  /** Whether the slot at `base` holds the state at `offset` of `key`, its last word aside. */
  private keyAt(words: Uint32Array, base: number, key: Uint32Array, offset: number): boolean {
    const n = this.layout.markInline ? this.layout.packedWords - 1 : this.layout.packedWords;
    for (let i = 0; i < n; i++) if (words[base + i] !== key[offset + i]) return false;
    return true;
  }

  /** Takes part in a grow; `asked`: this worker asked for it and decides. */
  private grow(asked: boolean): void {
    const control = this.control;
    const { stride } = this.layout;
    const target = 1 - this.turn;
    this.barrier(); // every worker is here: no slot is claimed, no state is half written
    if (asked) {
      Atomics.store(control, T_GROW, 0); // nobody polls again before the last barrier
      const capacity = Math.ceil(this.capacity * GROWTH);
      const bytes = capacity * stride * 4;
      if (bytes > MAX_ARRAY_BYTES || bytes + this.bytes > this.budget) Atomics.store(control, T_FULL, 1);
      else {
        const spare = this.buffers[target];
        const fresh = spare === null || spare.byteLength < bytes;
        if (fresh) {
          this.buffers[target] = allocateTable(capacity * stride, true);
          this.used[target] = 0;
          this.channel.postMessage(this.buffers[target]);
        }
        Atomics.store(control, T_NEW_BUFFER, fresh ? 1 : 0);
        Atomics.store(control, T_CAPACITY, capacity);
        Atomics.store(control, T_BYTES, bytes);
      }
    }
    this.barrier(); // the decision and any new buffer are out
    if (Atomics.load(control, T_FULL) !== 0) {
      this.full = true;
      return;
    }
    if (!asked && Atomics.load(control, T_NEW_BUFFER) !== 0) {
      this.buffers[target] = this.receiveTable();
      this.used[target] = 0;
    }
    const capacity = Atomics.load(control, T_CAPACITY);
    const words = capacity * stride;
    const to = new Int32Array(this.buffers[target]!, 0, words);
    // Each worker clears what an older table left in its own share of the new one (the rest of the
    // buffer was never written), which only it writes before rehashShare's barrier.
    const low = Math.floor((capacity * this.me) / this.workers) * stride;
    const high = Math.floor((capacity * (this.me + 1)) / this.workers) * stride;
    if (low < this.used[target]) to.fill(0, low, Math.min(high, this.used[target]));
    this.rehashShare(to, capacity);
    this.barrier(); // every share is in the new table
    this.used[target] = words;
    this.turn = target;
    this.words = new Uint32Array(this.buffers[target]!, 0, words);
    this.atomic = to;
    this.capacity = capacity;
    this.scale = capacity / 4294967296;
    this.growAt = Math.floor(capacity * MAX_LOAD);
  }

  /** The new table the worker that asked for the grow broadcast. */
  private receiveTable(): SharedArrayBuffer {
    for (;;) {
      const received = receiveMessageOnPort(this.channel as never);
      if (received) return received.message as SharedArrayBuffer;
    }
  }

  /**
   * Moves this worker's share of the old table's slots into `to`, of `capacity` slots, between two
   * barriers of its own. Why two phases: a compare-and-swap per moved state made growing a third
   * of each worker's time. Home slots keep hash order, so the states of the worker's share of the
   * old table land, nearly all, in the same share of the new one, which no other worker writes:
   * there plain reads and writes are safe. Only the few states whose home or probe leaves that
   * share (at its edges) wait for the second phase, where every worker claims slots with a swap.
   */
  private rehashShare(to: Int32Array, capacity: number): void {
    const { stride } = this.layout;
    const from = this.words;
    const slots = this.capacity;
    const first = Math.floor((slots * this.me) / this.workers);
    const end = Math.floor((slots * (this.me + 1)) / this.workers);
    const low = Math.floor((capacity * this.me) / this.workers);
    const high = Math.floor((capacity * (this.me + 1)) / this.workers);
    const scale = capacity / 4294967296;
    const lastWord = stride - 1;
    const deferred: number[] = [];
    for (let s = first; s < end; s++) {
      const base = s * stride;
      const w = from[base + lastWord];
      if (w === EMPTY) continue;
      let slot = Math.floor(storedHash(this.layout, from, base, w, this.rehashKey) * scale);
      if (slot >= low) while (slot < high && to[slot * stride + lastWord] !== EMPTY) slot++;
      if (slot < low || slot >= high) {
        deferred.push(base);
        continue;
      }
      for (let i = 0; i < lastWord; i++) to[slot * stride + i] = from[base + i] | 0;
      to[slot * stride + lastWord] = w | 0;
    }
    this.barrier(); // every share's inside is written: the edges may now be probed
    for (const base of deferred) {
      const w = from[base + lastWord];
      let slot = Math.floor(storedHash(this.layout, from, base, w, this.rehashKey) * scale);
      // Another worker may claim a slot at the same time: the last word is taken with a swap.
      while (Atomics.compareExchange(to, slot * stride + lastWord, EMPTY, w | 0) !== EMPTY)
        if (++slot === capacity) slot = 0;
      for (let i = 0; i < lastWord; i++) to[slot * stride + i] = from[base + i] | 0;
    }
  }

  /** Waits until every worker has called it (a barrier that can be used again at once). */
  private barrier(): void {
    const control = this.control;
    const generation = Atomics.load(control, T_GENERATION);
    if (Atomics.add(control, T_BARRIER, 1) === this.workers - 1) {
      Atomics.store(control, T_BARRIER, 0);
      Atomics.add(control, T_GENERATION, 1);
      Atomics.notify(control, T_GENERATION);
      return;
    }
    while (Atomics.load(control, T_GENERATION) === generation)
      Atomics.wait(control, T_GENERATION, generation, 10);
  }
}
