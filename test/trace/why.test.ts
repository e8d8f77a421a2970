// Why an invariant fails: it and its sub-formulas with their values in the violating state, and
// `<-` on the atoms that break it (src/trace/format.ts formatWhy, generated parts in ir/lower.ts).

import { describe, expect, it } from "vitest";
import { neededValues } from "../../src/trace/format.js";
import { specDir } from "../helpers/cli.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";

const SPEC = `spec Why
var a: 0..3 = 0
var b: bool = false
process P {
  step up { a = 2 }
  step flag { b = true }
}
invariant Safe: b => (a < 2 || !(a == 2))
check broken { expect violation Safe }
`;

describe("why an invariant fails", () => {
  it("needs true at the top, flips under !, passes through && and ||, splits =>", () => {
    const part = (depth: number, op?: string) => ({ text: "", depth, op, value: true });
    // !(x && (y => z))
    const parts = [part(0, "!"), part(1, "&&"), part(2), part(2, "=>"), part(3), part(3)];
    expect(neededValues(parts)).toEqual([true, false, false, false, true, false]);
  });

  it("prints each sub-formula with its value and marks the atoms that break it", async () => {
    const r = await vmaspecInProcess(["check", "w.vmaspec"], specDir({ "w.vmaspec": SPEC }));
    expect(r.code, r.stderr).toBe(0);
    const why = r.stdout.slice(r.stdout.indexOf("  Why: Safe")).split("\n").slice(0, 7);
    expect(why.map((l) => l.replace(/\s+/g, " ").trim())).toEqual([
      "Why: Safe in the last state (<- marks what breaks it)",
      "b => a < 2 || !(a == 2) false",
      "b true <-",
      "a < 2 || !(a == 2) false",
      "a < 2 false <-",
      "!(a == 2) false",
      "a == 2 true <-",
    ]);
  });

  it("gives the same in JSON", async () => {
    const r = await vmaspecInProcess(["check", "--json", "w.vmaspec"], specDir({ "w.vmaspec": SPEC }));
    const run = JSON.parse(r.stdout.trim());
    expect(run.violation.why[0]).toEqual({
      text: "b => a < 2 || !(a == 2)",
      depth: 0,
      op: "=>",
      value: false,
    });
    expect(run.violation.why).toHaveLength(6);
  });
});
