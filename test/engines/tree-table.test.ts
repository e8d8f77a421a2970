// The tree-compressed visited set: every state found again through growth of both its tables,
// states that share words or differ in one word told apart, the tree planned on a sample, and the
// bounds (memory, state count) a search relies on.

import { describe, expect, it } from "vitest";
import { ADDED, FULL, LIMIT, PRESENT } from "../../src/engines/store/state-table.js";
import { TreeTable, piecesOf, treePlan } from "../../src/engines/store/tree-table.js";
import { NodeTable } from "../../src/engines/store/node-table.js";

const SEED = 20261207;

/** Deterministic pseudo-random words (a 32-bit LCG from `seed`), the top bit of each state's last word clear. */
function keys(count: number, words: number, seed = SEED): Uint32Array {
  const out = new Uint32Array(count * words);
  let x = seed;
  for (let i = 0; i < out.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = i % words === words - 1 ? x & 0x7fffffff : x;
  }
  return out;
}

describe(`TreeTable (seed ${SEED})`, () => {
  it("stores each state once through the growth of its root and node tables", () => {
    for (const words of [3, 4, 5, 7, 33]) {
      const count = 20000;
      const all = keys(count, words);
      const table = new TreeTable(words, 32 * words - 1, {}, 64);
      let added = 0;
      let present = 0;
      for (let i = 0; i < count; i++) added += table.add(all, i * words) === ADDED ? 1 : 0;
      for (let i = count - 1; i >= 0; i--) present += table.add(all, i * words) === PRESENT ? 1 : 0;
      expect([words, added, present, table.size]).toEqual([words, count, count, count]);
    }
  });

  it("tells apart states that differ in one word, or hold the same words in another order", () => {
    for (const pieceBits of [16, 32] as const) tellsApart(pieceBits);
  });

  function tellsApart(pieceBits: 16 | 32): void {
    const words = 7;
    const table = new TreeTable(words, 7 * 32 - 1, {}, 4, pieceBits);
    const state = Uint32Array.of(1, 2, 3, 4, 5, 6, 7);
    const seen = new Set<string>();
    const offer = (s: Uint32Array) => {
      const fresh = !seen.has(s.join());
      seen.add(s.join());
      expect(table.add(s, 0)).toBe(fresh ? ADDED : PRESENT);
    };
    // Every rotation, then every single-word change of each, then all again in another order.
    const all: Uint32Array[] = [];
    for (let r = 0; r < words; r++) {
      const rotated = state.map((_, i) => state[(i + r) % words]);
      all.push(rotated);
      for (let i = 0; i < words; i++)
        for (const v of [0, 8, 0x7fffffff]) all.push(rotated.map((x, k) => (k === i ? v : x)));
    }
    for (const s of all) offer(s);
    for (let i = all.length - 1; i >= 0; i -= 3) offer(all[i]);
    for (let i = 0; i < all.length; i += 2) offer(all[i]);
    expect(table.size).toBe(seen.size);
  }

  it("plans a tree whose root joins two halves that both vary", () => {
    // Words 0 to 2 never change; words 3 to 6 each take 8 values independently.
    const words = 7;
    const count = 4096;
    const sample = new Uint32Array(count * words);
    for (let s = 0; s < count; s++) {
      for (let w = 3; w < 7; w++) sample[s * words + w] = (s >>> (3 * (w - 3))) & 7;
    }
    const plan = treePlan(sample, count, words, piecesOf(7 * 32, 32));
    expect(plan.spans.length).toBe(words - 1);
    const root = plan.operands.length / 2 - 1;
    const below = (op: number) => (op >= 0 ? 1 << op : plan.spans[~op][0]);
    const varying = 0b1111000;
    const [left, right] = [below(plan.operands[2 * root]), below(plan.operands[2 * root + 1])];
    expect(left & varying).not.toBe(0);
    expect(right & varying).not.toBe(0);
    expect(left | right).toBe(0b1111111);
    // The root's right operand is a node, never a word (the root table's mark bit is its top bit).
    expect(plan.operands[2 * root + 1]).toBeLessThan(0);
  });

  it("plans a tree over 160 words from a full sample in seconds, not hours", () => {
    // Every pair on every sampled state took hours here (hostile-files.test.ts timed out).
    const words = 160;
    const sample = keys(8192, words);
    const started = performance.now();
    const plan = treePlan(sample, 8192, words, piecesOf(words * 32 - 1, 32));
    expect(plan.spans.length).toBe(words - 1);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it("answers FULL when a table may not grow, and still knows every state it stored", () => {
    const words = 4;
    const all = keys(5000, words);
    let budget = 64 * 1024;
    const table: TreeTable = new TreeTable(words, 127, { mayGrow: (b) => table.bytes + b <= budget }, 16);
    const results: number[] = [];
    for (let i = 0; i < 5000; i++) results.push(table.add(all, i * words));
    const first = results.indexOf(FULL);
    expect(first).toBeGreaterThan(16);
    const stored = results.filter((r) => r === ADDED).length;
    expect(table.size).toBe(stored);
    for (let i = 0; i < 5000; i++) {
      expect(table.add(all, i * words)).toBe(results[i] === ADDED ? PRESENT : FULL);
    }
    budget = Infinity;
    for (let i = 0; i < 5000; i++) table.add(all, i * words);
    expect(table.size).toBe(5000);
  });

  it("answers LIMIT at maxStates, before and after the tree is built", () => {
    for (const sampleStates of [10, 1000]) {
      const all = keys(300, 3);
      const table = new TreeTable(3, 95, { maxStates: 100 }, sampleStates);
      const results = Array.from({ length: 300 }, (_, i) => table.add(all, i * 3));
      expect(results.filter((r) => r === ADDED).length).toBe(100);
      expect(results.slice(100).every((r) => r === LIMIT)).toBe(true);
      expect(table.size).toBe(100);
    }
  });
});

describe("TreeTable prefetch", () => {
  it("gives the same answers when a batch is prefetched, added in part, or not added at all", () => {
    const words = 5;
    const all = keys(4000, words);
    const plain = new TreeTable(words, 159, {}, 32);
    const batched = new TreeTable(words, 159, {}, 32);
    const batch = new Uint32Array(64 * words);
    for (let start = 0, round = 0; start < 4000; start += 64, round++) {
      batch.set(all.subarray(start * words, (start + 64) * words));
      for (let i = 0; i < 64; i++) batched.prefetch(batch, i * words, 0);
      // Every third batch is not added after its prefetch, every other one only in part, as an
      // expander that stops does: the next batch reuses the same buffer with other states.
      const adds = round % 3 === 0 ? 0 : round % 2 === 0 ? 20 : 64;
      for (let i = 0; i < adds; i++) {
        expect(batched.add(batch, i * words)).toBe(plain.add(all, (start + i) * words));
      }
    }
    for (let i = 0; i < 4000; i++) expect(batched.add(all, i * words)).toBe(plain.add(all, i * words));
    expect(batched.size).toBe(4000);
  });
});

describe("NodeTable", () => {
  it("numbers each pair once, in the order first seen, through growth and colliding homes", () => {
    const table = new NodeTable(() => true, 16);
    const pairs = keys(30000, 2, 7);
    for (let i = 0; i < 30000; i++) expect(table.numberOf(pairs[2 * i] | 0, pairs[2 * i + 1] | 0)).toBe(i);
    for (let i = 29999; i >= 0; i--) expect(table.numberOf(pairs[2 * i] | 0, pairs[2 * i + 1] | 0)).toBe(i);
    // (a, b) and (b, a) are different pairs.
    expect(table.numberOf(pairs[1] | 0, pairs[0] | 0)).toBe(30000);
    expect(table.size).toBe(30001);
  });

  it("answers -1 for a new pair when it may not grow", () => {
    const table = new NodeTable(() => false, 16);
    for (let i = 0; i < 12; i++) expect(table.numberOf(i, i)).toBe(i);
    expect(table.numberOf(99, 99)).toBe(-1);
    expect(table.numberOf(3, 3)).toBe(3);
  });
});
