// The visited set over the packed-state store: new states get the next id, known ones are found.

import { describe, expect, it } from "vitest";
import { PackedStore } from "../../src/engines/packed-store.js";
import { VisitedSet } from "../../src/engines/visited-set.js";

/** Fills `out` with the words of synthetic state number `i` (distinct for distinct i). */
function synthetic(i: number, out: Uint32Array): Uint32Array {
  out[0] = Math.imul(i, 2654435761) >>> 0;
  out[1] = i;
  out[2] = 0x5eed;
  return out;
}

describe("VisitedSet", () => {
  it("adds a new state as the next id and finds an equal one as ~id", () => {
    const store = new PackedStore(2);
    const set = new VisitedSet(store);
    expect(set.addOrFind(new Uint32Array([7, 8]), 0, -1)).toBe(0);
    expect(set.addOrFind(new Uint32Array([8, 7]), 0, 0)).toBe(1);
    expect(set.addOrFind(new Uint32Array([0, 7, 8]), 1, 1)).toBe(~0);
    expect(store.size).toBe(2);
    expect(store.parentOf(1)).toBe(0);
    expect(set.find(new Uint32Array([8, 7]), 0)).toBe(1);
    expect(set.find(new Uint32Array([8, 8]), 0)).toBe(-1);
  });

  it("keeps finding every state while it grows past 100k distinct states", () => {
    const store = new PackedStore(3);
    const set = new VisitedSet(store, 16);
    const words = new Uint32Array(3);
    const count = 100_000;
    for (let i = 0; i < count; i++) {
      if (set.addOrFind(synthetic(i, words), 0, i - 1) !== i) expect.fail(`state ${i} was not new`);
    }
    expect(store.size).toBe(count);
    expect(set.capacity).toBe(1 << 18);
    for (let i = 0; i < count; i++) {
      if (set.addOrFind(synthetic(i, words), 0, -1) !== ~i) expect.fail(`state ${i} was not found`);
    }
    for (let i = count; i < count + 1000; i++) {
      if (set.find(synthetic(i, words), 0) !== -1) expect.fail(`state ${i} was found but never added`);
    }
    expect(store.size).toBe(count);
  });

  it("grows before the table is more than three quarters full", () => {
    const store = new PackedStore(1);
    const set = new VisitedSet(store, 16);
    const words = new Uint32Array(1);
    for (let i = 0; i < 5000; i++) {
      words[0] = i;
      set.addOrFind(words, 0, -1);
      expect(store.size).toBeLessThanOrEqual(set.capacity * 0.75);
    }
    expect(set.bytes).toBe(set.capacity * 4);
  });

  it("indexes the states already in a store it is built over", () => {
    const store = new PackedStore(1);
    for (let i = 0; i < 100; i++) store.append(new Uint32Array([i]), 0, -1);
    const set = new VisitedSet(store, 16);
    expect(set.capacity).toBe(256);
    expect(set.find(new Uint32Array([42]), 0)).toBe(42);
  });

  it("holds one state of zero words", () => {
    const set = new VisitedSet(new PackedStore(0));
    expect(set.addOrFind(new Uint32Array(0), 0, -1)).toBe(0);
    expect(set.addOrFind(new Uint32Array(0), 0, -1)).toBe(~0);
  });
});
