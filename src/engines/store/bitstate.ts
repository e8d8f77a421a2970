// Bitstate (supertrace) mode's visited set: a Bloom filter over packed states. In: a packed state.
// Out: whether it seems new (some of its bits were clear, and are now set) or seen; and, at the
// end, an estimate of how much of the state space the search covered.
//
// Why: when the exact table (state-table.ts) cannot fit, SPIN's answer is to keep a few bits per
// state instead of the state. A state whose bits all happen to be set already is wrongly taken for
// a seen one and skipped, with everything only it leads to, so the search is partial, not a proof;
// the estimate tells how partial. This filter is blocked: the bits of a state lie in one 64-byte
// block (one cache line), so a lookup costs one memory access instead of one per bit. The block
// comes from the state's hash, the bits from a second, independent hash.
//
// The estimate: a new state is dropped with probability p, the chance that all its bits are set,
// which is the mean over blocks of (bits set in the block / 512)^k. The filter tracks that sum as
// bits are set; each state added contributes p / (1 - p) expected drops before it, and the
// estimated coverage is found / (found + expected drops). Like SPIN's, it ignores the states that
// only dropped states lead to.

import { hashKey, ADDED, LIMIT, MAX_ARRAY_BYTES, PRESENT, type VisitedSet } from "./state-table.js";
import { secondHash } from "./state-hash.js";
import type { BitstateStats } from "../result.js";

const BLOCK_WORDS = 16;
const DEFAULT_BYTES = 512 * 2 ** 20;
const BLOCK_BITS = 512;

/** Bytes of the filter: as asked, else 512 MiB or a quarter of the memory budget if that is less. */
export function bitstateBytes(asked: number | undefined, budget: number): number {
  const bytes = asked ?? Math.min(DEFAULT_BYTES, budget / 4);
  return Math.max(64, Math.min(bytes, MAX_ARRAY_BYTES));
}

/** A blocked Bloom filter of packed states. */
export class BitstateSet implements VisitedSet {
  private readonly bits: Uint32Array;
  /** Set bits in each block. */
  private readonly counts: Uint16Array;
  private readonly blocks: number;
  private readonly scale: number;
  /** Sum over blocks of (set bits)^hashes, and the value it is divided by to give p. */
  private sumPow = 0;
  private readonly norm: number;
  /** Scratch: the bit positions of the state being looked up. */
  private readonly positions: Int32Array;
  /** c^hashes for c = 0..512. */
  private readonly powers: Float64Array;
  private expectedDrops = 0;
  private count = 0;

  constructor(
    private readonly packedWords: number,
    bytes: number,
    readonly hashes = 3,
    private readonly maxStates = Infinity,
  ) {
    this.blocks = Math.max(1, Math.floor(bytes / (BLOCK_WORDS * 4)));
    this.bits = new Uint32Array(this.blocks * BLOCK_WORDS);
    this.counts = new Uint16Array(this.blocks);
    this.scale = this.blocks / 4294967296;
    this.norm = this.blocks * Math.pow(BLOCK_BITS, hashes);
    this.positions = new Int32Array(hashes);
    this.powers = Float64Array.from({ length: BLOCK_BITS + 1 }, (_, c) => Math.pow(c, hashes));
  }

  /** States added (taken for new). */
  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.bits.byteLength + this.counts.byteLength;
  }

  add(key: Uint32Array, offset: number): number {
    return this.addHashed(key, offset, hashKey(key, offset, this.packedWords));
  }

  prefetch(_key: Uint32Array, _offset: number, hash: number): number {
    return this.bits[Math.floor((hash >>> 0) * this.scale) * BLOCK_WORDS] | 0;
  }

  addHashed(key: Uint32Array, offset: number, h: number): number {
    const block = Math.floor((h >>> 0) * this.scale);
    const base = block * BLOCK_WORDS;
    const positions = this.positions;
    this.place(secondHash(key, offset, this.packedWords));
    const bits = this.bits;
    let seen = true;
    for (let j = 0; j < this.hashes; j++) {
      const pos = positions[j];
      if ((bits[base + (pos >>> 5)] & (1 << (pos & 31))) === 0) {
        seen = false;
        break;
      }
    }
    if (seen) return PRESENT;
    if (this.count >= this.maxStates) return LIMIT;
    const p = this.sumPow / this.norm;
    this.expectedDrops += p / (1 - p);
    for (let j = 0; j < this.hashes; j++) {
      const pos = positions[j];
      const w = base + (pos >>> 5);
      const m = 1 << (pos & 31);
      if ((bits[w] & m) !== 0) continue;
      bits[w] |= m;
      const c = this.counts[block]++;
      this.sumPow += this.powers[c + 1] - this.powers[c];
    }
    this.count++;
    return ADDED;
  }

  has(key: Uint32Array, offset: number): boolean {
    const base = Math.floor(hashKey(key, offset, this.packedWords) * this.scale) * BLOCK_WORDS;
    this.place(secondHash(key, offset, this.packedWords));
    for (let j = 0; j < this.hashes; j++) {
      const pos = this.positions[j];
      if ((this.bits[base + (pos >>> 5)] & (1 << (pos & 31))) === 0) return false;
    }
    return true;
  }

  /** Bit positions in the block: independent 9-bit fields of `g`, mixed again every three. */
  private place(g: number): void {
    for (let j = 0; j < this.hashes; j++) {
      if (j > 0 && j % 3 === 0) g = Math.imul(g ^ (g >>> 15), 0x2c1b3c6d) >>> 0;
      this.positions[j] = (g >>> (9 * (j % 3))) & (BLOCK_BITS - 1);
    }
  }

  /** The filter's size, load and estimated coverage, for the run's statistics. */
  stats(): BitstateStats {
    const bits = this.blocks * BLOCK_BITS;
    return {
      bits,
      hashes: this.hashes,
      bitsPerState: this.count > 0 ? bits / this.count : bits,
      falsePositiveRate: this.sumPow / this.norm,
      estimatedCoverage: this.count / (this.count + this.expectedDrops || 1),
    };
  }
}
