// A batch of packed successors on their way into the visited set. In: successors packed in place
// by the checker, each with the log index of the state it came from. Out: the same, with room for
// their hashes, for the checker to look up in one go.
//
// Why batches: on a table larger than the processor's caches each lookup is a cache (and TLB) miss,
// and one lookup after another waits for each miss in turn. Hashing a whole batch and reading every
// slot it will probe before adding any lets the processor have many misses in flight at once. The
// batch is small (256 states) so that the slots read are still cached when the adds come.

/** States per batch. */
export const BATCH_STATES = 256;

/** Fixed-size buffers for one batch of successors; the checker fills and drains them. */
export class SuccessorBatch {
  readonly keys: Uint32Array;
  readonly parents: Int32Array;
  readonly hashes: Uint32Array;
  /** States in the batch. */
  count = 0;
  /** What the prefetch pass read (kept so that the reads are not optimised away). */
  read = 0;

  constructor(
    private readonly packedWords: number,
    readonly capacity = BATCH_STATES,
  ) {
    this.keys = new Uint32Array(Math.max(1, capacity * packedWords));
    this.parents = new Int32Array(capacity);
    this.hashes = new Uint32Array(capacity);
  }

  /** Where in `keys` the next state is to be packed. */
  get nextOffset(): number {
    return this.count * this.packedWords;
  }

  /** Takes the state packed at `nextOffset`, reached from `parent`; true when the batch is full. */
  push(parent: number): boolean {
    this.parents[this.count++] = parent;
    return this.count === this.capacity;
  }
}
