// Multi-word sets (src/runtime/wide-sets.ts): word w holds elements 32w..32w+31, words past the
// universe stay zero, and conversions between universes re-base element by element, a runtime
// error when an element falls outside the target (also end to end: a write into a narrower set).

import { describe, expect, it } from "vitest";
import {
  wideCard,
  wideHas,
  wideHighest,
  wideLowest,
  wideMinus,
  wideNth,
  wideOf,
  wideRange,
  wideRebase,
  wideUnion,
} from "../../src/runtime/wide-sets.js";
import { checkFiles } from "../helpers/inprocess.js";

describe("multi-word sets", () => {
  it("puts element 32w + i in bit i of word w", () => {
    const m = wideOf(4, [0, 31, 32, 99]);
    expect([...m]).toEqual([1 | (1 << 31), 1, 0, 1 << 3]);
    expect(wideHas(m, 99, 100) && wideHas(m, 31, 100) && !wideHas(m, 98, 100) && !wideHas(m, 128, 100)).toBe(
      true,
    );
    expect(wideCard(m)).toBe(4);
    expect([0, 1, 2, 3, 4].map((k) => wideNth(m, k))).toEqual([0, 31, 32, 99, -1]);
    expect([wideLowest(m, "f", 1), wideHighest(m, "f", 1)]).toEqual([0, 99]);
  });

  it("computes ranges, unions and differences word by word", () => {
    const r = wideRange(30, 70, 100);
    expect(wideCard(r)).toBe(41);
    expect(wideCard(wideUnion(r, wideOf(4, [0, 99])))).toBe(43);
    expect([...wideMinus(r, wideRange(31, 200, 100))]).toEqual([...wideOf(4, [30])]);
  });

  it("re-bases between universes, to words or to one mask, and refuses elements outside", () => {
    expect(wideRebase(0b101, 40, 100, "f", 1)).toEqual(wideOf(4, [40, 42]));
    expect(wideRebase(wideOf(4, [40, 42]), -40, 10, "f", 1)).toBe(0b101);
    expect(() => wideRebase(wideOf(4, [64]), 0, 10, "f", 1, "low")).toThrow(
      /low: a set element falls outside the target set's type/,
    );
  });

  it("reports a write of a wide set into a narrower set as a runtime error with its trace", async () => {
    const out = await checkFiles({
      "main.vmaspec": `spec W
var big: set<0..99> = {}
var low: set<0..9> = {}
action Add(a in {x in 0..99: x % 40 == 0}) { big = big union {a} }
action Narrow { low = big }
check C { expect violation runtime }
`,
    });
    expect(out.code).toBe(0);
    expect(out.text).toMatch(/a set element falls outside the target set's type/);
    expect(out.text).toMatch(/Counterexample: 2 steps/);
  });
});
