// The visited set of one parallel worker: its share of the states, and the mail to the others. In:
// packed successors with the level index of the state they came from. Out: a state this worker
// owns is added to its own table (state-table.ts) at once; one another worker owns is sent to it
// through a ring buffer, and that worker adds it when it reads its mail (drain).
//
// Why partitions: with one table shared by all threads, every new state costs a compare-and-swap
// and an atomic store, each a full memory barrier, and growing the table stops every thread. Here
// each table has one writer, so adds are plain and each table grows on its own; what crosses
// threads is batches of states in single-producer single-consumer rings, one atomic store per
// batch. A state's owner comes from the low bits of its hash (ownerOf); the table's home slot
// uses the high ones.

import { StateTable, type VisitedSet } from "./state-table.js";

/** A state sent to its owner; the owner adds it, appends it and checks it. */
export const ROUTED = 2;

/** States in a ring (a power of two); states sent at a time. */
const RING_STATES = 1 << 14;
const RING_MASK = RING_STATES - 1;
const SEND_STATES = 256;
/** Words of a ring's header: where the reader is, and (a cache line on) where the writer is. */
const HEADER = 32;
const HEAD = 0;
const TAIL = 16;

/** The worker that owns a state of hash `hash`: by its low 16 bits (integer arithmetic throughout). */
export function ownerOf(hash: number, workers: number): number {
  return ((hash & 0xffff) * workers) >>> 16;
}

/** The shared buffer of every ring between `workers` workers for states of `packedWords` words. */
export function ringBuffer(workers: number, packedWords: number): SharedArrayBuffer {
  const ringWords = HEADER + RING_STATES * (packedWords + 2);
  return new SharedArrayBuffer(workers * workers * ringWords * 4);
}

/** Receives the states other workers send: the worker's expander. */
export interface Mailbox {
  /** Takes a state this worker owns, of hash `hash`, reached from state `parent` of the level. */
  receive(words: Uint32Array, offset: number, parent: number, hash: number): void;
  /** Called after a run of receives. */
  received(): void;
}

/** One worker's table plus its rings to and from the others. */
export class PartitionedSet implements VisitedSet {
  readonly table: StateTable;
  private readonly entry: number;
  /** outgoing[w]: the ring this worker writes for worker w; incoming[w]: the one w writes for it. */
  private readonly outgoing: Uint32Array[] = [];
  private readonly incoming: Uint32Array[] = [];
  /** The outgoing rings' heads as Int32Arrays, to wait on while a ring is full. */
  private readonly heads: Int32Array[] = [];
  private readonly staged: Uint32Array[] = [];
  private readonly stagedCount: Int32Array;
  private mailbox: Mailbox | null = null;

  constructor(
    packedWords: number,
    packedBits: number,
    private readonly me: number,
    private readonly workers: number,
    rings: SharedArrayBuffer,
    options: { mayGrow: (bytes: number) => boolean; reserve: () => boolean },
  ) {
    this.table = new StateTable(packedWords, packedBits, {
      mayGrow: options.mayGrow,
      reserve: options.reserve,
    });
    this.entry = packedWords + 2; // the state, its parent, its hash
    const ringWords = HEADER + RING_STATES * this.entry;
    const ring = (from: number, to: number) =>
      new Uint32Array(rings, (from * workers + to) * ringWords * 4, ringWords);
    for (let w = 0; w < workers; w++) {
      this.outgoing.push(ring(me, w));
      this.heads.push(new Int32Array(rings, (me * workers + w) * ringWords * 4, 1));
      this.incoming.push(ring(w, me));
      this.staged.push(new Uint32Array(SEND_STATES * this.entry));
    }
    this.stagedCount = new Int32Array(workers);
  }

  /** Where received states go (the expander, made after this set). */
  deliverTo(mailbox: Mailbox): void {
    this.mailbox = mailbox;
  }

  get bytes(): number {
    return this.table.bytes;
  }

  add(): number {
    throw new Error("PartitionedSet: states come with their hash and parent (addHashed)");
  }

  prefetch(hash: number): number {
    return ownerOf(hash, this.workers) === this.me ? this.table.prefetch(hash) : 0;
  }

  addHashed(key: Uint32Array, offset: number, hash: number, parent: number): number {
    const owner = ownerOf(hash, this.workers);
    if (owner === this.me) return this.table.addHashed(key, offset, hash);
    const staged = this.staged[owner];
    const base = this.stagedCount[owner]++ * this.entry;
    const n = this.entry - 2;
    for (let i = 0; i < n; i++) staged[base + i] = key[offset + i];
    staged[base + n] = parent;
    staged[base + n + 1] = hash;
    if (this.stagedCount[owner] === SEND_STATES) this.send(owner);
    return ROUTED;
  }

  /** Sends every staged state (at the end of a level). */
  sendAll(): void {
    for (let w = 0; w < this.workers; w++) if (this.stagedCount[w] > 0) this.send(w);
  }

  /** Whether every ring to this worker is empty. */
  get idle(): boolean {
    for (let w = 0; w < this.workers; w++) {
      const ring = this.incoming[w];
      if (w !== this.me && Atomics.load(ring, TAIL) !== ring[HEAD]) return false;
    }
    return true;
  }

  /** Hands every state waiting in the rings to this worker to its mailbox. */
  drain(): void {
    const mailbox = this.mailbox!;
    const e = this.entry;
    let any = false;
    for (let w = 0; w < this.workers; w++) {
      if (w === this.me) continue;
      const ring = this.incoming[w];
      const tail = Atomics.load(ring, TAIL);
      let head = ring[HEAD];
      if (tail === head) continue;
      for (; head !== tail; head = (head + 1) >>> 0) {
        const at = HEADER + (head & RING_MASK) * e;
        mailbox.receive(ring, at, ring[at + e - 2] | 0, ring[at + e - 1]);
      }
      Atomics.store(ring, HEAD, head);
      any = true;
    }
    if (any) mailbox.received();
  }

  /** Copies the states staged for `owner` into its ring, reading this worker's mail while it is full. */
  private send(owner: number): void {
    const ring = this.outgoing[owner];
    const count = this.stagedCount[owner];
    const tail = ring[TAIL];
    for (;;) {
      const head = Atomics.load(ring, HEAD);
      if (((tail - head) >>> 0) + count <= RING_STATES) break;
      this.drain();
      Atomics.wait(this.heads[owner], 0, head | 0, 1);
    }
    const e = this.entry;
    const staged = this.staged[owner];
    for (let i = 0; i < count; i++) {
      const at = HEADER + ((tail + i) & RING_MASK) * e;
      for (let k = 0; k < e; k++) ring[at + k] = staged[i * e + k];
    }
    Atomics.store(ring, TAIL, (tail + count) >>> 0);
    this.stagedCount[owner] = 0;
  }
}
