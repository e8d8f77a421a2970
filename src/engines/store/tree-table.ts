// The tree-compressed exact visited set, for packed states of three words or more. In: a packed
// state (model.ts). Out: ADDED, PRESENT, FULL or LIMIT, as state-table.ts's StateTable answers.
//
// Why: a wide state stored inline costs its whole width in every slot (the seed specs' seven words
// took 32 to 42 bytes a state). As in LTSmin's tree compression (Laarman, van de Pol, Weber, SPIN
// 2011), a state is cut into a binary tree over its words: each inner node is a pair (two words,
// or the numbers of two nodes below) that a table numbers once (node-table.ts), and the state is
// the pair at its root, two numbers, stored inline in a two-word StateTable. States of one spec
// share most of their subtrees (a step changes a few words), so the nodes below the root are far
// fewer than the states and a state costs little more than its root's two words. The encoding is
// one-to-one, so the set is exact; it is never decoded (counterexamples come from the level log).
//
// Successive states differ in a few words (siblings, in breadth-first order), so a node whose
// words did not change since the state offered before keeps the number it had then: only the nodes
// on the paths from the changed words to the root are looked up (LTSmin's incremental update).

import { hash2 } from "./state-hash.js";
import { NodeTable } from "./node-table.js";
import { ADDED, FULL, StateTable, hashKey, type TableOptions, type VisitedSet } from "./state-table.js";

/** Whether the tree-compressed set is the one to use for states of `packedWords` words. */
export function treeCompresses(packedWords: number): boolean {
  return packedWords >= 3;
}

/**
 * The leaves of the tree: bit fields of the packed state (`(word >>> shift) & mask`). Half words
 * rather than words: a state of three words (filter_lock N=6, 69 bits) has only two ways to pair
 * its words, neither of which split its variety evenly; six half words have many.
 */
export interface Pieces {
  word: Int32Array;
  shift: Int32Array;
  mask: Int32Array;
}

/** The pieces of a packed state of `packedBits` bits, `bits` (16 or 32) bits each. */
export function piecesOf(packedBits: number, bits: 16 | 32): Pieces {
  const count = Math.max(1, Math.ceil(packedBits / bits));
  const per = 32 / bits;
  const of = (f: (p: number) => number) => Int32Array.from({ length: count }, (_, p) => f(p));
  return {
    word: of((p) => Math.floor(p / per)),
    shift: of((p) => (p % per) * bits),
    mask: of(() => (bits === 32 ? -1 : (1 << bits) - 1)),
  };
}

/** A tree over a state's pieces: its inner nodes, children before parents, the root last. */
interface TreePlan {
  /** Per inner node, its two operands: a word's index, or ~(the node's index). */
  operands: Int32Array;
  /** Per inner node, the bit set of the words below it. */
  spans: Uint32Array[];
}

/** Subtrees among which the planner looks for the next two to join: the least varied ones. */
const CANDIDATES = 8;
/** Sampled states times pairs tried, about, that the planner may spend: a few hundred milliseconds. */
const PLAN_BUDGET = 4_000_000;

/**
 * The tree that numbers the fewest distinct nodes on `sample` (`sampled` states of `words` words):
 * built bottom-up, each time joining the two subtrees whose pair takes the fewest distinct values
 * in the sample (as Huffman joins the rarest symbols). Words that hardly vary are joined first, so
 * the words that vary most meet only near the root, in subtrees of about even variety: a fixed
 * split put all the variety of the seed specs' process states in one half of the root, whose
 * nodes then were as many as the states. The pair is sought among the CANDIDATES least varied
 * subtrees, on as many sampled states as PLAN_BUDGET allows: trying every pair on every state
 * took minutes for a state of 160 words.
 */
export function treePlan(sample: Uint32Array, sampled: number, words: number, pieces: Pieces): TreePlan {
  const pairsTried = pieces.word.length * ((CANDIDATES * (CANDIDATES - 1)) / 2);
  const count = Math.min(sampled, Math.max(64, Math.floor(PLAN_BUDGET / pairsTried)));
  const operands: number[] = [];
  const spans: Uint32Array[] = [];
  // The subtrees so far: operand, words below, and per sampled state the number of its value.
  let parts = Array.from({ length: pieces.word.length }, (_, p) => {
    const values = new Int32Array(count);
    const seen = new Map<number, number>();
    const w = pieces.word[p];
    for (let s = 0; s < count; s++) {
      const v = (sample[s * words + w] >>> pieces.shift[p]) & pieces.mask[p];
      let id = seen.get(v);
      if (id === undefined) seen.set(v, (id = seen.size));
      values[s] = id;
    }
    const span = new Uint32Array(Math.ceil(words / 32));
    span[w >>> 5] |= 1 << (w & 31);
    return { operand: p, span, values, distinct: seen.size };
  });
  const join = (a: (typeof parts)[0], b: (typeof parts)[0]) => {
    const values = new Int32Array(count);
    const seen = new Map<number, number>();
    for (let s = 0; s < count; s++) {
      const key = a.values[s] * count + b.values[s];
      let id = seen.get(key);
      if (id === undefined) seen.set(key, (id = seen.size));
      values[s] = id;
    }
    return { values, distinct: seen.size };
  };
  while (parts.length > 1) {
    let best = { i: 0, j: 1, distinct: Infinity, values: new Int32Array(0) };
    const candidates = parts
      .map((part, k) => [part.distinct, k])
      .sort((x, y) => x[0] - y[0] || x[1] - y[1])
      .slice(0, CANDIDATES)
      .map(([, k]) => k)
      .sort((x, y) => x - y);
    for (const i of candidates) {
      for (const j of candidates) {
        if (j <= i) continue;
        // An upper bound first: a pair cannot take more values than the product of its parts'.
        if (Math.min(count, parts[i].distinct * parts[j].distinct) <= best.distinct) {
          const joined = join(parts[i], parts[j]);
          if (joined.distinct < best.distinct) best = { i, j, ...joined };
        }
      }
    }
    const [a, b] = [parts[best.i], parts[best.j]];
    // The root's right operand must be a node's number (the root table's mark bit is free then).
    const [left, right] = parts.length === 2 && b.operand >= 0 ? [b, a] : [a, b];
    operands.push(left.operand, right.operand);
    const span = a.span.map((x, k) => x | b.span[k]);
    spans.push(span);
    const joined = { operand: ~(spans.length - 1), span, values: best.values, distinct: best.distinct };
    parts = [...parts.filter((_, k) => k !== best.i && k !== best.j), joined];
  }
  return { operands: Int32Array.from(operands), spans };
}

/**
 * States stored inline before the tree is built, which are the sample the tree is planned on:
 * enough for the planner to see how the words vary, and few enough to plan in milliseconds.
 */
const SAMPLE_STATES = 8192;

/** States a batch of prefetches may queue (a longer batch's first ones are numbered again). */
const QUEUE = 1024;

/** A visited set of states of three words or more, tree-compressed. */
export class TreeTable implements VisitedSet {
  /** Until SAMPLE_STATES states are stored, the states inline (then null). */
  private inline: StateTable | null;
  /** Whether the tree was planned (once the sample was full; the states may have stayed inline). */
  private planned = false;
  private roots: StateTable;
  private nodes: NodeTable;
  private readonly rootOptions: TableOptions;
  private readonly mayGrow: (bytes: number) => boolean;
  private readonly pieces: Pieces;
  /** Per inner node (children first, root last), its two operands: a piece's index, or ~node. */
  private operands: Int32Array = new Int32Array(0);
  /** For word i, the inner nodes above it (the root aside): above[aboveStart[i] .. aboveStart[i + 1]). */
  private above: Int32Array = new Int32Array(0);
  private aboveStart: Int32Array = new Int32Array(0);
  /** The inner nodes over a word that changed since they were numbered last. */
  private dirty: Uint8Array = new Uint8Array(0);
  /** The number of each inner node of the state offered last (the root's entry unused). */
  private numbers = new Int32Array(0);
  /** The words of the state offered last, and whether `numbers` is valid for it. */
  private readonly last: Uint32Array;
  private lastValid = false;
  private readonly rootKey = new Uint32Array(2);
  /**
   * The states prefetch numbered, in order, with their roots' pairs and the pairs' hashes, for
   * addHashed to take; `read`: whether the roots' slots were read since the queue was filled.
   */
  private readonly queued = {
    words: new Uint32Array(0),
    roots: new Int32Array(2 * QUEUE),
    hashes: new Int32Array(QUEUE),
    full: new Uint8Array(QUEUE),
    count: 0,
    next: 0,
    read: false,
  };
  /** What the reads of the roots' slots read (kept so that they are not optimised away). */
  private readSum = 0;

  constructor(
    private readonly packedWords: number,
    packedBits: number,
    /** The bounds of a StateTable, but `reserve`: moving the sample would reserve its states twice. */
    options: Omit<TableOptions, "reserve"> = {},
    private readonly sampleStates = SAMPLE_STATES,
    /** Half words for states of up to four words (see Pieces); words, which take fewer lookups, above. */
    pieceBits: 16 | 32 = packedWords <= 4 ? 16 : 32,
  ) {
    this.pieces = piecesOf(packedBits, pieceBits);
    if (!treeCompresses(packedWords)) throw new Error(`internal: tree compression of ${packedWords} words`);
    const mayGrow = options.mayGrow ?? (() => true);
    this.mayGrow = mayGrow;
    this.inline = new StateTable(packedWords, packedBits, { ...options, mayGrow, initialCapacity: 16 });
    // Node numbers are below 2^31, so a root's right number leaves the mark bit free.
    this.rootOptions = { ...options, mayGrow, initialCapacity: 16 };
    this.roots = new StateTable(2, 63, this.rootOptions);
    this.nodes = new NodeTable(mayGrow, 16);
    this.queued.words = new Uint32Array(QUEUE * packedWords);
    this.last = new Uint32Array(packedWords);
  }

  /** States stored. */
  get size(): number {
    return this.inline ? this.inline.size : this.roots.size;
  }

  /** Inner nodes stored (the roots aside). */
  get nodeCount(): number {
    return this.nodes.size;
  }

  get bytes(): number {
    return (this.inline ? this.inline.bytes : 0) + this.roots.bytes + this.nodes.bytes;
  }

  add(key: Uint32Array, offset: number): number {
    return this.addHashed(key, offset, hashKey(key, offset, this.packedWords));
  }

  /** The hash of the whole state is used only before the tree is built. */
  addHashed(key: Uint32Array, offset: number, hash: number): number {
    if (this.inline !== null) return this.addInline(key, offset, hash);
    const q = this.queued;
    if (q.next < q.count && this.isQueued(q.next, key, offset)) {
      // Numbered by prefetch: the root's pair is known (or a node table was full).
      if (!q.read) this.readRoots();
      const i = q.next++;
      if (q.full[i]) return FULL;
      this.rootKey[0] = q.roots[2 * i];
      this.rootKey[1] = q.roots[2 * i + 1];
      return this.roots.addHashed(this.rootKey, 0, q.hashes[i]);
    }
    q.count = 0;
    if (!this.numberNodes(key, offset)) return FULL;
    return this.addRoot(this.rootKey[0] | 0, this.rootKey[1] | 0);
  }

  /**
   * Numbers the nodes of the state and queues its root's pair; `addHashed` of the same state, in
   * the same order, then finds the pair ready. A batch's prefetches begin a new queue. The roots'
   * slots are read all together before the first add (readRoots): read one by one between
   * numberings, each read's cache miss waited for the numbering work queued behind it.
   */
  prefetch(key: Uint32Array, offset: number, hash: number): number {
    if (this.inline !== null) return this.inline.prefetch(key, offset, hash);
    const q = this.queued;
    if (q.next > 0 || q.count === QUEUE) q.count = q.next = 0;
    q.read = false;
    const i = q.count++;
    const n = this.packedWords;
    for (let k = 0; k < n; k++) q.words[i * n + k] = key[offset + k];
    q.full[i] = this.numberNodes(key, offset) ? 0 : 1;
    if (q.full[i]) return 0;
    const a = this.rootKey[0] | 0;
    const b = this.rootKey[1] | 0;
    q.roots[2 * i] = a;
    q.roots[2 * i + 1] = b;
    q.hashes[i] = hash2(a, b) | 0;
    return 0;
  }

  /** Reads the root slot of every queued state, one read after another, so that they overlap. */
  private readRoots(): void {
    const q = this.queued;
    const roots = this.roots;
    let read = this.readSum;
    for (let i = q.next; i < q.count; i++) read ^= roots.prefetch(this.rootKey, 0, q.hashes[i]);
    this.readSum = read;
    q.read = true;
  }

  /** Whether queued state `i` is the state at `offset` of `key` (a caller may skip adds). */
  private isQueued(i: number, key: Uint32Array, offset: number): boolean {
    const n = this.packedWords;
    const words = this.queued.words;
    for (let k = 0; k < n; k++) if (words[i * n + k] !== key[offset + k]) return false;
    return true;
  }

  private addRoot(a: number, b: number): number {
    this.rootKey[0] = a;
    this.rootKey[1] = b;
    return this.roots.addHashed(this.rootKey, 0, hash2(a, b) | 0);
  }

  /**
   * Numbers the inner nodes of the state at `offset` of `key` below the root, adding the new ones,
   * and leaves the root's pair in rootKey; false when a node table is full.
   */
  private numberNodes(key: Uint32Array, offset: number): boolean {
    const n = this.packedWords;
    const { last, numbers, operands, dirty, above, aboveStart } = this;
    if (!this.lastValid) dirty.fill(1);
    for (let i = 0; i < n; i++) {
      const w = key[offset + i];
      if (w === last[i]) continue;
      last[i] = w;
      for (let j = aboveStart[i]; j < aboveStart[i + 1]; j++) dirty[above[j]] = 1;
    }
    this.lastValid = false;
    const top = numbers.length - 1;
    const { word, shift, mask } = this.pieces;
    const nodes = this.nodes;
    for (let k = 0; k < top; k++) {
      if (dirty[k] === 0) continue;
      const l = operands[2 * k];
      const r = operands[2 * k + 1];
      const a = l < 0 ? numbers[~l] : (key[offset + word[l]] >>> shift[l]) & mask[l];
      const b = r < 0 ? numbers[~r] : (key[offset + word[r]] >>> shift[r]) & mask[r];
      const id = nodes.numberOf(a, b);
      if (id < 0) return false;
      numbers[k] = id;
      dirty[k] = 0;
    }
    this.lastValid = true;
    this.rootKey[0] = this.operand(operands[2 * top], key, offset);
    this.rootKey[1] = this.operand(operands[2 * top + 1], key, offset);
    return true;
  }

  /** Before the tree: stores inline; builds the tree once SAMPLE_STATES states are stored. */
  private addInline(key: Uint32Array, offset: number, hash: number): number {
    const added = this.inline!.addHashed(key, offset, hash);
    if (added !== ADDED || this.planned) return added;
    if (this.inline!.size === Math.max(1, this.sampleStates)) this.buildTree();
    return ADDED;
  }

  /**
   * Plans the tree on the states stored inline so far and moves them into it. Should
   * the budget not allow even that (the tree's tables take far less than the inline table), the
   * states stay inline, uncompressed.
   */
  private buildTree(): void {
    const n = this.packedWords;
    const sample = this.inline!.states();
    const count = sample.length / n;
    const plan = treePlan(sample, count, n, this.pieces);
    this.planned = true;
    this.operands = plan.operands;
    const above: number[][] = Array.from({ length: n }, () => []);
    for (let k = 0; k < plan.spans.length - 1; k++) {
      for (let i = 0; i < n; i++) if (plan.spans[k][i >>> 5] & (1 << (i & 31))) above[i].push(k);
    }
    const starts = [0];
    for (const nodes of above) starts.push(starts[starts.length - 1] + nodes.length);
    this.above = Int32Array.from(above.flat());
    this.aboveStart = Int32Array.from(starts);
    this.dirty = new Uint8Array(plan.spans.length);
    this.numbers = new Int32Array(plan.spans.length);
    const inline = this.inline;
    this.inline = null;
    for (let s = 0; s < count; s++) {
      if (this.addHashed(sample, s * n, 0) === ADDED) continue;
      this.inline = inline;
      this.roots = new StateTable(2, 63, this.rootOptions);
      this.nodes = new NodeTable(this.mayGrow, 16);
      return;
    }
  }

  /** A piece of the state (signed), or the number of a node below. */
  private operand(op: number, key: Uint32Array, offset: number): number {
    if (op < 0) return this.numbers[~op];
    const p = this.pieces;
    return (key[offset + p.word[op]] >>> p.shift[op]) & p.mask[op];
  }
}
