// `symmetric type`: its values are interchangeable everywhere, so the T021 rule of symmetric
// process arrays applies to them (a literal where an id is expected, order, arithmetic), and T017
// keeps the declaration to what the canonicaliser can rename (one symmetric type, a small range or
// enum, no symmetric array indexed by another type).

import { describe, expect, it } from "vitest";
import { diagnose, located } from "../helpers/inprocess.js";

const spec = (o: { decls?: string; step?: string; inv?: string }) => `spec S
symmetric type Addr = 1..3
var owner: Addr? = none
var cached: set<Addr> = {}
var n: 0..9 = 0
${o.decls ?? ""}
action A(a in Addr) { ${o.step ?? "owner = some(a)"} }
invariant I: ${o.inv ?? "true"}
`;

describe("symmetric type", () => {
  it("accepts ==, sets, maps, records and quantifiers over the type", () => {
    const ok = spec({
      decls:
        "type Line = { addr: Addr?, n: 0..1 }\nvar hits: [Addr -> 0..1] = [x in Addr |-> 0]\nvar line: Line = { addr: none, n: 0 }",
      step: "if owner != some(a) { cached = cached union {a}; hits[a] = 1; line = { addr: some(a), n: 1 } }",
      inv: "forall x in cached: exists y in Addr: x == y",
    });
    expect(located(diagnose(ok))).toEqual([]);
  });

  const refused = [
    { what: "a literal value", step: "owner = some(1)", line: 7, col: 36, message: /literal or constant/ },
    { what: "an ordering", step: "if a < 2 { n = 1 }", line: 7, col: 26, message: /ordering/ },
    { what: "arithmetic", step: "n = a + 1", line: 7, col: 27, message: /arithmetic/ },
    { what: "a literal set", step: "cached = {1, 2}", line: 7, col: 33, message: /literal or constant/ },
  ];
  for (const c of refused)
    it(`refuses ${c.what} of the type (T021, located)`, () => {
      const found = located(diagnose(spec({ step: c.step })));
      expect(found[0]).toMatchObject({ code: "T021", line: c.line, col: c.col });
      expect(found[0].message).toMatch(/^symmetric type Addr: /);
      expect(found[0].message).toMatch(c.message);
      // Without `symmetric`, the same spec is fine.
      expect(located(diagnose(spec({ step: c.step }).replace("symmetric type", "type")))).toEqual([]);
    });

  it("takes an enum as a symmetric type, and refuses its members as literals (T021)", () => {
    const e = (step: string) => `spec S
symmetric type Node = enum { n1, n2, n3 }
var leader: Node? = none
action A(x in Node) { ${step} }
`;
    expect(located(diagnose(e("if leader == none { leader = some(x) }")))).toEqual([]);
    const found = located(diagnose(e("leader = some(n1)")));
    expect(found[0]).toMatchObject({ code: "T021", line: 4, col: 37 });
    expect(found[0].message).toMatch(/^symmetric type Node: /);
  });

  it("refuses pick over the type: it depends on the order", () => {
    const found = located(diagnose(spec({ inv: "(pick x in Addr: true) == (pick y in Addr: true)" })));
    expect(found[0]).toMatchObject({ code: "T021", line: 8 });
  });

  it("refuses a second symmetric type, a large one and a non-scalar one (T017)", () => {
    expect(located(diagnose(spec({ decls: "symmetric type B = 1..2" })))).toEqual([
      expect.objectContaining({
        code: "T017",
        line: 6,
        col: 16,
        message: expect.stringMatching(/only one type/),
      }),
    ]);
    const big = located(diagnose(spec({}).replace("1..3", "1..7")));
    expect(big).toEqual([expect.objectContaining({ code: "T017", line: 2, col: 16 })]);
    expect(big[0].message).toMatch(/at most 6 values, Addr has 7/);
    const rec = located(
      diagnose(`spec S
symmetric type R = { a: bool }
var r: R = { a: false }
action A { r = { a: true } }
`),
    );
    expect(rec).toEqual([expect.objectContaining({ code: "T017", line: 2, col: 16 })]);
  });

  it("refuses a symmetric process array indexed by another type (T017)", () => {
    const found = located(diagnose(spec({ decls: "symmetric process P[i in 1..2] { step s { n = 0 } }" })));
    expect(found).toEqual([expect.objectContaining({ code: "T017", line: 6 })]);
  });

  it("refuses a process array indexed by the type that is not symmetric (T021)", () => {
    const found = located(diagnose(spec({ decls: "process P[i in Addr] { step s { n = 0 } }" })));
    expect(found[0]).toMatchObject({ code: "T021", line: 6 });
    expect(found[0].message).toMatch(/make it symmetric/);
  });
});
