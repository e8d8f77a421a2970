// The exact visited set: packed states stored inline, found again across growth, in every slot
// layout (mark bit inline or in a word of its own), with the bounds a search relies on.

import { describe, expect, it } from "vitest";
import { ADDED, FULL, LIMIT, PRESENT, StateTable, tableLayout } from "../../src/engines/store/state-table.js";
import { hashWords, hash1, hash2 } from "../../src/engines/store/state-hash.js";

/** Deterministic pseudo-random words (a 32-bit LCG), masked to `bits` bits in the last word. */
function keys(count: number, words: number, lastBits = 31): Uint32Array {
  const out = new Uint32Array(count * words);
  let x = 12345;
  for (let i = 0; i < out.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = (i % words === words - 1 && lastBits < 32 ? x & (2 ** lastBits - 1) : x) >>> 0;
  }
  return out;
}

describe("StateTable", () => {
  it("adds a two-word state once and finds it again", () => {
    const table = new StateTable(2, 40);
    const key = Uint32Array.of(7, 9);
    expect(table.add(key, 0)).toBe(ADDED);
    expect(table.add(key, 0)).toBe(PRESENT);
    expect(table.add(Uint32Array.of(9, 7), 0)).toBe(ADDED);
    expect(table.has(key, 0)).toBe(true);
    expect(table.has(Uint32Array.of(7, 8), 0)).toBe(false);
    expect(table.size).toBe(2);
  });

  it("keeps every state through growth, for one, two and three words", () => {
    for (const words of [1, 2, 3]) {
      const count = 20000;
      const all = keys(count, words);
      const table = new StateTable(words, 32 * words - 1);
      let added = 0;
      let present = 0;
      for (let i = 0; i < count; i++) added += table.add(all, i * words) === ADDED ? 1 : 0;
      for (let i = 0; i < count; i++) present += table.add(all, i * words) === PRESENT ? 1 : 0;
      expect([added, present, table.size]).toEqual([count, count, count]);
      // Load stays between 0.53 and 0.75: the slots cost 1.33 to 1.9 times the state's bytes.
      const bytesPerState = table.bytes / count;
      expect(bytesPerState).toBeGreaterThanOrEqual(words * 4 * 1.33);
      expect(bytesPerState).toBeLessThanOrEqual(words * 4 * 1.9);
    }
  });

  it("keeps every state through in-place growth when clusters sit at the start and end of the table", () => {
    // Hashes in the first and last 1/64 of the range: states near the start move to a home not
    // above their old slot, and the end's cluster wraps around, the two cases a grow sets aside.
    for (const words of [1, 2, 3]) {
      const all: number[] = [];
      const key = new Uint32Array(words);
      for (let a = 0; all.length < 6000 * words; a++) {
        key[0] = a;
        key[words - 1] = (key[words - 1] & 0x7fffffff) >>> 0;
        const h = hashWords(key, 0, words);
        if (h >= 2 ** 26 && h < 2 ** 32 - 2 ** 26) continue;
        all.push(...key);
      }
      const keysOf = Uint32Array.from(all);
      const table = new StateTable(words, 32 * words - 1, { initialCapacity: 16 });
      let added = 0;
      for (let i = 0; i < 6000; i++) added += table.add(keysOf, i * words) === ADDED ? 1 : 0;
      let present = 0;
      for (let i = 0; i < 6000; i++) present += table.has(keysOf, i * words) ? 1 : 0;
      expect([added, present, table.size]).toEqual([6000, 6000, 6000]);
    }
  });

  it("lists every state it stores, without the occupied mark, in either slot layout", () => {
    for (const [words, bits] of [
      [3, 95],
      [3, 96],
    ]) {
      const all = keys(3000, words, bits === 96 ? 32 : 31);
      const table = new StateTable(words, bits);
      for (let i = 0; i < 3000; i++) table.add(all, i * words);
      const listed = table.states();
      const asSet = (a: Uint32Array) =>
        new Set(
          Array.from({ length: a.length / words }, (_, i) => a.subarray(i * words, (i + 1) * words).join()),
        );
      expect(asSet(listed)).toEqual(asSet(all));
      expect(listed.length).toBe(3000 * words);
    }
  });

  it("gives the mark a word of its own when the state uses every bit", () => {
    expect(tableLayout(2, 63)).toEqual({ packedWords: 2, stride: 2, markInline: true });
    expect(tableLayout(2, 64)).toEqual({ packedWords: 2, stride: 3, markInline: false });
    expect(tableLayout(0, 0)).toEqual({ packedWords: 0, stride: 1, markInline: false });
    const all = keys(5000, 2, 32);
    const table = new StateTable(2, 64);
    for (let i = 0; i < 5000; i++) table.add(all, 2 * i);
    expect(table.add(Uint32Array.of(0xffffffff, 0xffffffff), 0)).toBe(ADDED);
    expect(table.add(Uint32Array.of(0xffffffff, 0xffffffff), 0)).toBe(PRESENT);
    expect(table.size).toBe(5001);
  });

  it("holds the one state of a spec without variables", () => {
    const table = new StateTable(0, 0);
    expect(table.add(new Uint32Array(1), 0)).toBe(ADDED);
    expect(table.add(new Uint32Array(1), 0)).toBe(PRESENT);
  });

  it("refuses a new state at max states but still finds the stored ones", () => {
    const table = new StateTable(1, 8, { maxStates: 2 });
    expect(table.add(Uint32Array.of(1), 0)).toBe(ADDED);
    expect(table.add(Uint32Array.of(2), 0)).toBe(ADDED);
    expect(table.add(Uint32Array.of(3), 0)).toBe(LIMIT);
    expect(table.add(Uint32Array.of(1), 0)).toBe(PRESENT);
  });

  it("refuses a new state when growing would pass the byte budget", () => {
    const table = new StateTable(1, 20, { mayGrow: (bytes) => bytes <= 2048, initialCapacity: 1024 });
    const results = new Set<number>();
    for (let i = 0; i < 2000; i++) results.add(table.add(Uint32Array.of(i), 0));
    expect(results).toEqual(new Set([ADDED, FULL]));
    expect(table.size).toBe(768); // three quarters of 1024 slots; 1449 slots would take 5796 bytes
    expect(table.add(Uint32Array.of(5), 0)).toBe(PRESENT);
  });

  it("rejects a state that uses the bit its layout reserved", () => {
    const table = new StateTable(1, 8);
    expect(() => table.add(Uint32Array.of(0x80000000), 0)).toThrow(/packer is wrong/);
  });
});

describe("state hashes", () => {
  it("hash one and two words as the generic hash does", () => {
    expect(hash1(42)).toBe(hashWords(Uint32Array.of(42), 0, 1));
    expect(hash2(42, 7)).toBe(hashWords(Uint32Array.of(42, 7), 0, 2));
    expect(hash2(7, 42)).not.toBe(hash2(42, 7));
  });
});
