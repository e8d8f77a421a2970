// Tuples: `<<a, b>>` of type `tuple<A, B>` is a record with fields named by position, so sets of
// tuples, quantifiers, choose and action parameters work as for records. These tests pin the
// hand-counted state count of test/fixtures/lang/tuples.vmaspec (the reference interpreter checks
// it too, test/differential/reference.test.ts), the `<<...>>` form in traces, and the located
// errors of a component access and of a tuple of the wrong shape.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile, checkFiles, diagnose, located } from "../helpers/inprocess.js";

const fixture = path.resolve(import.meta.dirname, "../fixtures/lang/tuples.vmaspec");

const spec = (body: string) =>
  `spec S\nvar t: tuple<0..2, bool> = <<0, false>>\nvar n: 0..2 = 0\naction A(i in 1..2) { ${body} }\n`;

describe("tuples", () => {
  it("reaches the hand-counted 32 states of the graph fixture", async () => {
    const out = await checkFile(fixture);
    expect(out.code).toBe(0);
    expect(out.runs.map((r) => [r.check, r.met, r.stats.distinctStates])).toEqual([
      ["Reachable", true, 32],
      ["Full", true, 11],
    ]);
  });

  it("prints tuples as <<a, b>> in a trace, in its values and action parameters", async () => {
    const { runs, text } = await checkFiles({
      "main.vmaspec":
        "spec S\nvar last: tuple<0..2, bool> = <<0, false>>\n" +
        "action Set(e in {<<1, true>>, <<2, false>>}) { last = e }\n" +
        "invariant I: last[1] != 2\ncheck c { expect violation I }\n",
    });
    expect(runs[0]).toMatchObject({ met: true, violation: { length: 1 } });
    expect(text).toContain("last = <<0, false>>");
    expect(text).toContain("Set(e=<<2, false>>)");
    expect(text).toContain("last : <<0, false>> -> <<2, false>>");
  });

  it("assigns to a component: t[1] in {0, 2} times t[2] in bool is 4 states", async () => {
    const { runs } = await checkFiles({
      "main.vmaspec":
        "spec S\nvar t: tuple<0..2, bool> = <<0, false>>\n" +
        "action A { t[1] = 2 }\naction B { t[2] = !t[2] }\ncheck c { expect states 4 }\n",
    });
    expect(runs[0]).toMatchObject({ met: true, stats: { distinctStates: 4 } });
  });

  it("accepts component access by a constant and equality of tuples", () => {
    expect(located(diagnose(spec("n = t[1]; await t[2] && t == <<1, true>>")))).toEqual([]);
  });

  it("refuses a component by a non-constant position (T001) or out of range (T019)", () => {
    expect(located(diagnose(spec("n = t[i]")))).toMatchObject([
      {
        code: "T001",
        line: 4,
        col: 29,
        message: "a tuple's component is picked by a constant position 1..2, not by i",
      },
    ]);
    expect(located(diagnose(spec("n = t[3]")))).toMatchObject([
      {
        code: "T019",
        line: 4,
        col: 29,
        message: "tuple<0..2, bool> has no component 3: its positions are 1..2",
      },
    ]);
  });

  it("refuses a tuple of the wrong length, a record for a tuple and a wrong component type", () => {
    expect(located(diagnose(spec("t = <<1, true, 2>>")))).toMatchObject([
      { code: "T001", line: 4, col: 27, message: expect.stringContaining("a tuple of 3 components") },
    ]);
    expect(located(diagnose(spec("t = { a: 1, b: true }")))).toMatchObject([
      { code: "T001", line: 4, col: 27, message: expect.stringContaining("but it is a record") },
    ]);
    expect(located(diagnose(spec("t = <<1, 2>>")))).toMatchObject([
      { code: "T001", line: 4, col: 32, message: expect.stringContaining("component 2 should be bool") },
    ]);
  });
});
