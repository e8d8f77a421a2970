// The packed-state store and the hash of a packed state.

import { describe, expect, it } from "vitest";
import { PackedStore, hashWords, wordsEqual } from "../../src/engines/packed-store.js";

describe("PackedStore", () => {
  it("gives states consecutive ids and keeps their words and parents across growth", () => {
    const store = new PackedStore(3, 2);
    const words = new Uint32Array(3);
    for (let i = 0; i < 1000; i++) {
      words.set([i, i * 7, 0xffffffff - i]);
      expect(store.append(words, 0, i - 1)).toBe(i);
    }
    expect(store.size).toBe(1000);
    for (let i = 0; i < 1000; i++) {
      const at = store.offsetOf(i);
      expect(Array.from(store.words.subarray(at, at + 3))).toEqual([i, i * 7, 0xffffffff - i]);
      expect(store.parentOf(i)).toBe(i - 1);
    }
  });

  it("copies the words it is given, so the caller may reuse its buffer", () => {
    const store = new PackedStore(2);
    const scratch = new Uint32Array([1, 2, 3, 4]);
    store.append(scratch, 2, -1);
    scratch.fill(0);
    expect(store.equals(0, new Uint32Array([3, 4]), 0)).toBe(true);
    expect(store.hash(0)).toBe(hashWords(new Uint32Array([3, 4]), 0, 2));
  });

  it("grows by doubling and counts the bytes it holds", () => {
    const store = new PackedStore(2, 4);
    expect(store.bytes).toBe(4 * 8 + 4 * 4);
    const words = new Uint32Array(2);
    for (let i = 0; i < 5; i++) store.append(words, 0, -1);
    expect(store.bytes).toBe(8 * 8 + 8 * 4);
  });

  it("stores states of zero words, for a spec without variables", () => {
    const store = new PackedStore(0);
    expect(store.append(new Uint32Array(0), 0, -1)).toBe(0);
    expect(store.size).toBe(1);
    expect(store.equals(0, new Uint32Array(0), 0)).toBe(true);
  });
});

describe("hashWords", () => {
  it("depends on the words only, not on where they sit", () => {
    const a = new Uint32Array([9, 1, 2, 9]);
    const b = new Uint32Array([1, 2]);
    expect(hashWords(a, 1, 2)).toBe(hashWords(b, 0, 2));
    expect(wordsEqual(a, 1, b, 0, 2)).toBe(true);
    expect(hashWords(a, 0, 2)).not.toBe(hashWords(b, 0, 2));
  });

  it("spreads consecutive states evenly over the low bits", () => {
    // 65536 two-word states differing in a few low bits, into 1024 buckets: about 64 each.
    const buckets = new Int32Array(1024);
    const words = new Uint32Array(2);
    for (let i = 0; i < 65536; i++) {
      words[0] = i & 0xff;
      words[1] = i >>> 8;
      buckets[hashWords(words, 0, 2) & 1023]++;
    }
    expect(Math.max(...buckets)).toBeLessThan(120);
    expect(Math.min(...buckets)).toBeGreaterThan(20);
  });

  it("returns an unsigned 32-bit value", () => {
    for (let i = 0; i < 100; i++) {
      const h = hashWords(new Uint32Array([i, ~i >>> 0]), 0, 2);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
    }
  });
});
