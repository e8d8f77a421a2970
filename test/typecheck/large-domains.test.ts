// Iteration domains: a comprehension over more values than a set holds is accepted where it is
// only iterated, and refused (T008, with a hint) where it would be stored as a set value.
// (State counts: test/fixtures/lang/big_domains.vmaspec, against the reference interpreter.)

import { describe, expect, it } from "vitest";
import { diagnose, located } from "../helpers/inprocess.js";

const spec = (body: string) => `spec L\nvar w: 0..100 = 0\naction A { ${body} }\n`;

describe("large iteration domains", () => {
  it("accepts a large comprehension as the domain of choose, pick and the folds", () => {
    const body =
      "choose v in {x in 0..100: x % 10 == 0} { w = (pick y in {z * 2 : z in 0..50}: y >= v) + (count q in {x in 0..100: x < w}: true) % 2 }";
    expect(located(diagnose(spec(body)))).toEqual([]);
  });

  it("refuses one stored as a set value, with a hint", () => {
    expect(located(diagnose(spec("w = card({x in 0..100: x < 3})")))).toMatchObject([
      {
        code: "T008",
        line: 3,
        col: 21,
        message: "this set ranges over 101 possible elements; sets hold at most 32",
      },
    ]);
    const d = diagnose(spec("w = card({x in 0..100: x < 3})"));
    expect(d[0].hint).toContain("only iterated");
  });
});
