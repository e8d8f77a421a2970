// The general fold `fold acc: T = base, x in S: e`: base and body must have T's shape; a value
// outside T's range is a runtime error at the fold, as a write is. (Values and state counts are
// checked against the reference interpreter by test/fixtures/lang/general_fold.vmaspec.)

import { describe, expect, it } from "vitest";
import { checkFiles, diagnose, located } from "../helpers/inprocess.js";

const spec = (invariant: string) =>
  `spec F\nvar s: set<0..3> = {1, 2}\naction A { s = {0, 1, 2, 3} }\ninvariant I: ${invariant}\n`;

describe("general fold", () => {
  it("accepts a fold whose base and body have the accumulator's type", () => {
    expect(located(diagnose(spec("(fold a: 0..6 = 0, x in s: a + x) <= 6")))).toEqual([]);
  });

  it("rejects a base or a body of another type", () => {
    expect(located(diagnose(spec("(fold a: 0..6 = true, x in s: a + x) <= 6")))).toMatchObject([
      {
        code: "T001",
        line: 4,
        col: 30,
        message: expect.stringContaining("the base of fold a should be 0..6"),
      },
    ]);
    expect(located(diagnose(spec("(fold a: 0..6 = 0, x in s: a > x) <= 6")))).toMatchObject([
      {
        code: "T001",
        line: 4,
        col: 41,
        message: expect.stringContaining("the body of fold a should be 0..6"),
      },
    ]);
  });

  it("reports a value outside the accumulator's range as a runtime error", async () => {
    const text = spec("(fold a: 0..3 = 0, x in s: a + x) >= 0") + "check c { expect violation runtime }\n";
    const { runs } = await checkFiles({ "main.vmaspec": text });
    expect(runs[0].violation).toMatchObject({ kind: "runtime", length: 1 });
    expect(runs[0].violation?.message).toContain("fold a: 5 is outside 0..3");
  });
});
