// Sets of records: a record of bool, range and enum fields is a set element when its type has at
// most 32 values; anything else is refused where the set type is written or built, with a located
// code, and a set of records holding a symmetric type's values is refused (symmetry reduction does
// not rename inside set elements).

import { describe, expect, it } from "vitest";
import { diagnose, located } from "../helpers/inprocess.js";

const spec = (decls: string, step = "n = 0") => `spec S
type Op = enum { rd, wr }
var n: 0..9 = 0
${decls}
action A { ${step} }
`;

describe("sets of records", () => {
  it("accepts a set of flat records over at most 32 values", () => {
    expect(located(diagnose(spec("type R = { a: 0..7, op: Op }\nvar s: set<R> = {}")))).toEqual([]);
  });

  it("refuses a record with a compound field as a set element (T012)", () => {
    const found = located(diagnose(spec("type R = { a: set<Op> }\nvar s: set<R> = {}")));
    expect(found).toEqual([expect.objectContaining({ code: "T012", line: 5, col: 12 })]);
    expect(found[0].message).toMatch(/a record of bool, range and enum fields/);
  });

  it("refuses a set of records over more than 32 values (T008)", () => {
    const found = located(diagnose(spec("type R = { a: 0..16, op: Op }\nvar s: set<R> = {}")));
    expect(found).toEqual([expect.objectContaining({ code: "T008", line: 5, col: 8 })]);
    expect(found[0].message).toMatch(/34 possible elements/);
  });

  it("refuses a comprehension of records over more than 32 values, even only iterated (T008)", () => {
    const found = located(
      diagnose(
        spec("type R = { a: 0..16, op: Op }", "n = count r in {{ a: x, op: rd } : x in 0..16}: r.a > 3"),
      ),
    );
    expect(found[0]).toMatchObject({ code: "T008", line: 5 });
  });

  it("refuses a set of records holding a symmetric type's values (T017)", () => {
    const found = located(
      diagnose(spec("symmetric type Addr = 1..3\ntype R = { a: Addr, op: Op }\nvar s: set<R> = {}")),
    );
    expect(found).toEqual([expect.objectContaining({ code: "T017", line: 6 })]);
  });
});
