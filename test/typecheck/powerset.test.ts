// subsets(S) and sets of sets: where a powerset may stand and what is refused. (Values and state
// counts are checked against the reference interpreter by test/fixtures/lang/powerset.vmaspec.)

import { describe, expect, it } from "vitest";
import { diagnose, located } from "../helpers/inprocess.js";

const spec = (decls: string) => `spec P\nvar s: set<0..3> = {}\naction A { s = {1} }\n${decls}\n`;

describe("subsets and sets of sets", () => {
  it("iterates subsets of a 32-element set as a domain but refuses them as a value", () => {
    expect(located(diagnose(spec("invariant I: forall x in subsets(0..31): card(x) <= 32")))).toEqual([]);
    expect(located(diagnose(spec("invariant I: card(subsets(0..5)) > 0")))).toMatchObject([
      {
        code: "T008",
        line: 4,
        col: 19,
        message: "subsets of a set over 6 elements as a value: a set holds at most 32 sets (5 elements)",
      },
    ]);
  });

  it("needs a set", () => {
    expect(located(diagnose(spec("invariant I: exists x in subsets(3): true")))).toMatchObject([
      { code: "T001", line: 4, col: 34, message: "subsets needs a set, not 3..3" },
    ]);
  });

  it("refuses sets of sets of sets and sets of sets over too large a universe", () => {
    expect(located(diagnose(spec("var t: set<set<set<bool>>> = {}")))).toMatchObject([
      { code: "T012", line: 4, col: 12 },
    ]);
    expect(located(diagnose(spec("var t: set<set<0..5>> = {}")))).toMatchObject([
      { code: "T008", line: 4, col: 8 },
    ]);
  });

  it("refuses sets of sets of a symmetric process's index type", () => {
    const text =
      "spec P\ntype Id = 0..2\nvar q: set<set<Id>> = {}\nsymmetric process W[i in Id] { step a { q = {{i}}; goto a } }\n";
    expect(located(diagnose(text))).toMatchObject([
      {
        code: "T017",
        line: 3,
        col: 1,
        message:
          "q holds sets of sets or of records of W's index type, which symmetry reduction cannot rename",
      },
    ]);
  });
});
