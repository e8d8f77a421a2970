// Type and name errors found by the type checker (unknown names, mismatches, unbounded or empty
// types, a goto to nowhere, wrong argument counts): each makes `vmaspec check` exit 2 with a
// located, one-line message and the source line with a caret, never a stack trace. Moved from
// test/cli/bad-input.test.ts; run in this process (test/helpers/inprocess.ts), rendered by the
// renderer the command uses.
import { describe, expect, it } from "vitest";
import { badInputFindings, checkSpecText, GOOD } from "../helpers/bad-input.js";

const check = checkSpecText;

describe("types a spec gets wrong", () => {
  it("reports an unknown name", async () => {
    expect(
      badInputFindings(
        await check(GOOD.replace("x += 1", "y += 1")),
        "N001",
        /s\.vmaspec:5:\d+: error\[N001\]: unknown name 'y'/,
      ),
    ).toEqual([]);
  });

  it("reports a type mismatch", async () => {
    expect(
      badInputFindings(
        await check(GOOD.replace("x += 1", "x = true")),
        "T001",
        /s\.vmaspec:5:\d+: error\[T001\]: type mismatch/,
      ),
    ).toEqual([]);
  });

  it("reports a map value over another key range as a type mismatch", async () => {
    const spec = GOOD.replace(
      "var x: 0..3 = 0",
      "var x: 0..3 = 0\nvar m: [0..3 -> bool] = [i in 0..2 |-> true]",
    );
    expect(
      badInputFindings(
        await check(spec),
        "T001",
        /s\.vmaspec:4:\d+: error\[T001\]: type mismatch: the initial value of 'm' should be \[0\.\.3 -> bool\]/,
      ),
    ).toEqual([]);
  });

  it("reports an unbounded type", async () => {
    expect(
      badInputFindings(
        await check(GOOD.replace("var x: 0..3 = 0", "var x: int = 0")),
        "T002",
        /s\.vmaspec:3:8: .*unbounded/,
      ),
    ).toEqual([]);
  });

  it("reports an empty type", async () => {
    expect(
      badInputFindings(
        await check(GOOD.replace("var x: 0..3 = 0", "var x: 3..0 = 0")),
        "T003",
        /s\.vmaspec:3:8: .*empty/,
      ),
    ).toEqual([]);
  });

  it("reports a goto to a step that does not exist", async () => {
    expect(
      badInputFindings(
        await check(GOOD.replace("goto inc", "goto nowhere")),
        "N005",
        /s\.vmaspec:6:\d+: error\[N005\]: goto: process P has no step 'nowhere'/,
      ),
    ).toEqual([]);
  });

  it("reports a macro called with the wrong number of arguments", async () => {
    const spec = GOOD.replace("process P", "macro bump(c: 0..3) { c += 1 }\nprocess P").replace(
      "x += 1",
      "bump(x, x)",
    );
    expect(
      badInputFindings(await check(spec), "T005", /error\[T005\]: macro 'bump' takes 1 argument, not 2/),
    ).toEqual([]);
  });

  it("reports a proc called with the wrong number of arguments", async () => {
    const spec = GOOD.replace(
      "process P",
      "proc reset(v: 0..3) { step r { x = v; return } }\nprocess P",
    ).replace("x += 1", "call reset()");
    expect(
      badInputFindings(await check(spec), "T005", /error\[T005\]: proc 'reset' takes 1 argument, not 0/),
    ).toEqual([]);
  });
});
