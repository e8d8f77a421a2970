// Hashing and comparing packed states. In: a packed state, `packedWords` 32-bit words at an offset
// in a Uint32Array (model.ts). Out: a 32-bit hash whose every bit depends on every input bit, and
// word-by-word equality.
//
// Why a file of its own: the exact visited set (state-table.ts), the parallel workers' shared
// table (shared-table.ts) and the Bloom filter (bitstate.ts) must hash a state identically, and the
// checker's hot loop calls these once per successor. The one- and two-word versions exist because
// most specs pack into one or two words and the generic loop costs a third more there.

/** MurmurHash3's x86_32 block mix of `k` into `h`. */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finalizer: every output bit depends on every input bit. */
function finish(h: number, count: number): number {
  h ^= count << 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEED = 0x9747b28c;

/** The hash of a one-word state; equal to `hashWords` of that word. */
export function hash1(a: number): number {
  return finish(mixWord(SEED, a), 1);
}

/** The hash of a two-word state; equal to `hashWords` of those words. */
export function hash2(a: number, b: number): number {
  return finish(mixWord(mixWord(SEED, a), b), 2);
}

/** The hash of `count` words of `words` from `offset`. */
export function hashWords(words: Uint32Array, offset: number, count: number): number {
  let h = SEED;
  for (let i = 0; i < count; i++) h = mixWord(h, words[offset + i]);
  return finish(h, count);
}

/**
 * A second hash of `count` words, independent of `hashWords` (another seed), for the Bloom
 * filter's bit positions: with one 32-bit hash for both block and bits, two states would collide
 * with probability 2^-32, which among millions of states drops thousands.
 */
export function secondHash(words: Uint32Array, offset: number, count: number): number {
  let h = 0x3c6ef372;
  for (let i = 0; i < count; i++) h = mixWord(h, words[offset + i]);
  return finish(h, count);
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
