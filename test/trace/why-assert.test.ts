// The why-panel of a failed assert (issue 16, item 3): its sub-formulas with their values where
// it failed, locals in scope, the atoms that break it marked, in the text report and in
// `check --json`; evaluating them never changes the verdict.
import { describe, expect, it } from "vitest";
import { checkFiles } from "../helpers/inprocess.js";

const spec = (assert: string, init = "x = 2; y = true") => `spec A
var x: 0..3 = 0
var y: bool = false
var d: 0..3 = 0
process P {
  step a { ${init} }
  step b { let z = x + 1; ${assert} }
}
check c { expect violation assert }
`;

describe("the why-panel of a failed assert", () => {
  it("lists the assert's parts where it failed and marks the atoms that break it", async () => {
    const r = await checkFiles({ "main.vmaspec": spec('assert (x < 2 || !y) && z > 0 : "small"') });
    expect(r.code).toBe(0);
    expect(r.text).toContain(
      [
        "  Why: the assert at main.vmaspec:7, where it failed (<- marks what breaks it)",
        "      (x < 2 || !y) && z > 0  false",
        "        x < 2 || !y           false",
        "          x < 2               false   <-",
        "          !y                  false",
        "            y                 true   <-",
        "        z > 0                 true",
      ].join("\n"),
    );
    const why = (r.runs[0].violation as unknown as { why: object[] }).why;
    expect(why).toEqual([
      { text: "(x < 2 || !y) && z > 0", depth: 0, op: "&&", value: false },
      { text: "x < 2 || !y", depth: 1, op: "||", value: false },
      { text: "x < 2", depth: 2, value: false },
      { text: "!y", depth: 2, op: "!", value: false },
      { text: "y", depth: 3, value: true },
      { text: "z > 0", depth: 1, value: true },
    ]);
  });

  it("lists the atom of an assert without connectives, so the reader sees which formula broke", async () => {
    const r = await checkFiles({ "main.vmaspec": spec('assert x < 2 : "small"') });
    expect(r.runs[0].violation).toMatchObject({ kind: "assert", message: "small" });
    expect(r.text).toContain(
      [
        "  Why: the assert at main.vmaspec:7, where it failed (<- marks what breaks it)",
        "      x < 2  false   <-",
      ].join("\n"),
    );
    const why = (r.runs[0].violation as unknown as { why: object[] }).why;
    expect(why).toEqual([{ text: "x < 2", depth: 0, value: false }]);
  });

  it("explains a call of a fn by its arguments and its body's parts", async () => {
    const src = spec('assert fits(z, y) : "fits"').replace(
      "process P",
      "fn fits(n: 0..4, b: bool): bool = n < 3 || !b\nprocess P",
    );
    const r = await checkFiles({ "main.vmaspec": src });
    expect(r.code).toBe(0);
    expect(r.text).toContain(
      [
        "      fits(z, y)       false",
        "        with n = 3, b = true:",
        "          n < 3 || !b  false",
        "            n < 3      false   <-",
        "            !b         false",
        "              b        true   <-",
      ].join("\n"),
    );
    const why = (r.runs[0].violation as unknown as { why: object[] }).why;
    expect(why.slice(0, 2)).toEqual([
      { text: "fits(z, y)", depth: 0, value: false },
      { text: "with n = 3, b = true:", depth: 1, op: "for", value: false },
    ]);
  });

  it("keeps the assert's verdict when a part cannot be evaluated (the list ends there)", async () => {
    const r = await checkFiles({ "main.vmaspec": spec('assert d != 0 && 10 / d > 1 : "ratio"', "x = 1") });
    expect(r.code).toBe(0);
    expect(r.runs[0].violation).toMatchObject({ kind: "assert", message: "ratio" });
    const why = (r.runs[0].violation as unknown as { why: { text: string }[] }).why;
    expect(why.map((p) => p.text)).toEqual(["d != 0 && 10 / d > 1", "d != 0"]);
  });
});
