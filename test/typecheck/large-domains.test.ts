// Iteration domains: a comprehension over more values than a set holds is accepted where it is
// only iterated, and refused (T008, with a hint) where it would be stored as a set value.
// (State counts: test/fixtures/lang/big_domains.vmaspec, against the reference interpreter.)

import { describe, expect, it } from "vitest";
import { diagnose, located } from "../helpers/inprocess.js";

const spec = (body: string) => `spec L\nvar w: 0..10000 = 0\naction A { ${body} }\n`;

describe("large iteration domains", () => {
  it("accepts a large comprehension as the domain of choose, pick and the folds", () => {
    const body =
      "choose v in {x in 0..100: x % 10 == 0} { w = (pick y in {z * 2 : z in 0..50}: y >= v) + (count q in {x in 0..100: x < w}: true) % 2 }";
    expect(located(diagnose(spec(body)))).toEqual([]);
  });

  it("stores a set over up to 4096 values as a multi-word set", () => {
    expect(located(diagnose(spec("w = card({x in 0..4095: x < 3})")))).toEqual([]);
  });

  it("refuses one stored as a set value past 4096 values, with a hint", () => {
    expect(located(diagnose(spec("w = card({x in 0..5000: x < 3})")))).toMatchObject([
      {
        code: "T008",
        line: 3,
        col: 21,
        message: "this set ranges over 5001 possible elements; a stored set holds at most 4096",
      },
    ]);
    const d = diagnose(spec("w = card({x in 0..5000: x < 3})"));
    expect(d[0].hint).toContain("only iterated");
  });

  it("refuses a set type over more than 4096 values, and sets of sets over more than 32 (T008)", () => {
    const t = (decl: string) => located(diagnose(`spec L\n${decl}\naction A { }\n`));
    expect(t("var s: set<0..4096> = {}")).toMatchObject([
      {
        code: "T008",
        line: 2,
        col: 8,
        message: "set<0..4096> has 4097 possible elements; a stored set holds at most 4096",
      },
    ]);
    expect(t("var s: set<set<0..5>> = {}")).toMatchObject([
      { code: "T008", line: 2, col: 8, message: expect.stringMatching(/a set of sets holds at most 32/) },
    ]);
  });

  it("refuses subsets of a multi-word set as a domain (T008): it is iterated submask by submask", () => {
    const d = located(
      diagnose(`spec L\nvar s: set<0..40> = {}\nvar n: 0..9 = 0\naction A(q in subsets(s)) { n = 0 }\n`),
    );
    expect(d).toMatchObject([{ code: "T008", line: 4, col: 15 }]);
    expect(d[0].message).toMatch(/S may range over at most 32/);
  });
});
