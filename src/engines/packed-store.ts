// The packed-state store: every distinct state a search has found, packed (`packedWords` 32-bit
// words each, see model.ts) in one growing Uint32Array, with a parallel Int32Array of parent links.
// A state's id is its insertion index, and its words start at `id * packedWords`.
//
// Why this shape: a state costs packedWords*4 + 4 bytes here and no JS object at all, and the
// parent links are all a counterexample needs (trace.ts rebuilds the steps by replay). Because a
// breadth-first search expands states in insertion order, the ids not yet expanded are the
// frontier queue, so no separate queue exists. The hash of a packed state lives here too, next
// to the layout it reads.

/** Initial number of states a store has room for before it first grows. */
const DEFAULT_CAPACITY = 1024;

/** An append-only store of packed states with parent links; a state's id is its insertion index. */
export class PackedStore {
  private data: Uint32Array;
  private parents: Int32Array;
  private count = 0;
  private capacity: number;

  constructor(
    readonly packedWords: number,
    initialCapacity = DEFAULT_CAPACITY,
  ) {
    this.capacity = Math.max(1, initialCapacity);
    this.data = new Uint32Array(this.capacity * packedWords);
    this.parents = new Int32Array(this.capacity);
  }

  /** Number of states stored; the next state appended gets this id. */
  get size(): number {
    return this.count;
  }

  /** The words of every state. The array is replaced when the store grows: read it again after `append`. */
  get words(): Uint32Array {
    return this.data;
  }

  /** Index in `words` of the first word of state `id`. */
  offsetOf(id: number): number {
    return id * this.packedWords;
  }

  /** The id of the state `id` was first reached from, or -1 for an initial state. */
  parentOf(id: number): number {
    return this.parents[id];
  }

  /** Copies `packedWords` words from `src` at `srcOffset` as a new state; returns its id. */
  append(src: Uint32Array, srcOffset: number, parent: number): number {
    if (this.count === this.capacity) this.grow();
    const id = this.count;
    const n = this.packedWords;
    const data = this.data;
    const base = id * n;
    for (let i = 0; i < n; i++) data[base + i] = src[srcOffset + i];
    this.parents[id] = parent;
    this.count = id + 1;
    return id;
  }

  /** Whether state `id` holds the same words as `src` at `srcOffset`. */
  equals(id: number, src: Uint32Array, srcOffset: number): boolean {
    return wordsEqual(this.data, id * this.packedWords, src, srcOffset, this.packedWords);
  }

  /** The hash of state `id`, equal to `hashWords` of the words it was appended from. */
  hash(id: number): number {
    return hashWords(this.data, id * this.packedWords, this.packedWords);
  }

  /** Bytes allocated for states and parent links (including room not yet used). */
  get bytes(): number {
    return this.data.byteLength + this.parents.byteLength;
  }

  private grow(): void {
    this.capacity *= 2;
    const data = new Uint32Array(this.capacity * this.packedWords);
    data.set(this.data);
    this.data = data;
    const parents = new Int32Array(this.capacity);
    parents.set(this.parents);
    this.parents = parents;
  }
}

/** Whether `count` words of `a` from `aOffset` equal those of `b` from `bOffset`. */
export function wordsEqual(
  a: Uint32Array,
  aOffset: number,
  b: Uint32Array,
  bOffset: number,
  count: number,
): boolean {
  for (let i = 0; i < count; i++) {
    if (a[aOffset + i] !== b[bOffset + i]) return false;
  }
  return true;
}

/**
 * A 32-bit hash (MurmurHash3's x86_32 block mix and finalizer) of `count` words from `offset`.
 * Every output bit depends on every input bit, so a table can take the low bits as the bucket.
 */
export function hashWords(words: Uint32Array, offset: number, count: number): number {
  let h = 0x9747b28c;
  for (let i = 0; i < count; i++) {
    let k = words[offset + i];
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= count << 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
