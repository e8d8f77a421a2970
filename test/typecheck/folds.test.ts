// Folds: `sum x in S: e` needs an integer body and `count x in S: p` a condition; their type's range
// covers every subset of the binders' element types; one too wide for a slot is T002. (Their
// values are checked against the reference interpreter by test/fixtures/lang/folds.vmaspec.)

import { describe, expect, it } from "vitest";
import { diagnose, located } from "../helpers/inprocess.js";

const spec = (invariant: string) =>
  `spec F\nvar s: set<0..3> = {1, 2}\naction A { s = {} }\ninvariant I: ${invariant}\n`;

describe("folds", () => {
  it("accepts sum over integers and count over conditions, with names called sum and count", () => {
    expect(located(diagnose(spec("(sum x in s: x) + (count y in 0..3: y in s) <= 9")))).toEqual([]);
    const named = "spec F\nvar count: 0..3 = 0\nvar sum: 0..3 = 0\naction A { count = sum }\n";
    expect(located(diagnose(named))).toEqual([]);
  });

  it("rejects a sum of conditions and a count of integers", () => {
    expect(located(diagnose(spec("(sum x in s: x > 1) == 0")))).toMatchObject([
      { code: "T001", line: 4, col: 27, message: "expected an integer, but this is bool" },
    ]);
    expect(located(diagnose(spec("(count x in s: x) == 0")))).toMatchObject([
      { code: "T001", line: 4, col: 29 },
    ]);
  });

  it("types a fold by the subsets it may range over", () => {
    // The sum of up to 4 values of 0..3 is at most 12: writing it to 0..5 is fine to the type
    // checker (checked at run time), and comparing with 13 is allowed too; T002 only past 2^30.
    expect(located(diagnose(spec("(sum x in s: x) < 13")))).toEqual([]);
    const wide =
      "spec F\nvar n: 0..1 = 0\naction A { n = 0 }\ninvariant I: (sum x in 0..100000: x * 100000) > 0\n";
    expect(located(diagnose(wide))).toMatchObject([{ code: "T002", line: 4, col: 14 }]);
  });
});
