// Type and name errors found by the type checker (unknown names, mismatches, unbounded or empty
// types, a goto to nowhere, wrong argument counts): each makes `vmaspec check` exit 2 with a
// located, one-line message and the source line with a caret, never a stack trace. Moved from
// test/cli/bad-input.test.ts; run in this process (test/helpers/inprocess.ts), rendered by the
// renderer the command uses.
import { describe, it } from "vitest";
import { checkSpecText, expectBadInput, GOOD } from "../helpers/bad-input.js";

const check = checkSpecText;

describe("types a spec gets wrong", () => {
  it("reports an unknown name", async () => {
    expectBadInput(
      await check(GOOD.replace("x += 1", "y += 1")),
      "N001",
      /s\.vmaspec:5:\d+: error\[N001\]: unknown name 'y'/,
    );
  });

  it("reports a type mismatch", async () => {
    expectBadInput(
      await check(GOOD.replace("x += 1", "x = true")),
      "T001",
      /s\.vmaspec:5:\d+: error\[T001\]: type mismatch/,
    );
  });

  it("reports a map value over another key range as a type mismatch", async () => {
    const spec = GOOD.replace(
      "var x: 0..3 = 0",
      "var x: 0..3 = 0\nvar m: [0..3 -> bool] = [i in 0..2 |-> true]",
    );
    expectBadInput(
      await check(spec),
      "T001",
      /s\.vmaspec:4:\d+: error\[T001\]: type mismatch: the initial value of 'm' should be \[0\.\.3 -> bool\]/,
    );
  });

  it("reports an unbounded type", async () => {
    expectBadInput(
      await check(GOOD.replace("var x: 0..3 = 0", "var x: int = 0")),
      "T002",
      /s\.vmaspec:3:8: .*unbounded/,
    );
  });

  it("reports an empty type", async () => {
    expectBadInput(
      await check(GOOD.replace("var x: 0..3 = 0", "var x: 3..0 = 0")),
      "T003",
      /s\.vmaspec:3:8: .*empty/,
    );
  });

  it("reports a goto to a step that does not exist", async () => {
    expectBadInput(
      await check(GOOD.replace("goto inc", "goto nowhere")),
      "N005",
      /s\.vmaspec:6:\d+: error\[N005\]: goto: process P has no step 'nowhere'/,
    );
  });

  it("reports a macro called with the wrong number of arguments", async () => {
    const spec = GOOD.replace("process P", "macro bump(c: 0..3) { c += 1 }\nprocess P").replace(
      "x += 1",
      "bump(x, x)",
    );
    expectBadInput(await check(spec), "T005", /error\[T005\]: macro 'bump' takes 1 argument, not 2/);
  });

  it("reports a proc called with the wrong number of arguments", async () => {
    const spec = GOOD.replace(
      "process P",
      "proc reset(v: 0..3) { step r { x = v; return } }\nprocess P",
    ).replace("x += 1", "call reset()");
    expectBadInput(await check(spec), "T005", /error\[T005\]: proc 'reset' takes 1 argument, not 0/);
  });
});
