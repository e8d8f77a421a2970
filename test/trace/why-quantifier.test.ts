// The why-panel below a quantifier (issue 16, item 3): a false `forall` lists the first binding,
// in the domain's order, whose body is false, then the body's parts with it bound; a false
// `exists` says no binding makes it true and explains the first. For asserts (where they fail)
// and invariants (in the last state), in the text report and in `check --json`.
import { describe, expect, it } from "vitest";
import { checkFiles } from "../helpers/inprocess.js";

const spec = (formula: string, expect_ = "assert") => `spec Q
type Who = enum { ann, bob, cid }
var a: [1..3 -> 0..3] = [i in 1..3 |-> 0]
var on: bool = false
process P {
  step set { a[2] = 3; a[3] = 2; on = true }
  step test { ${expect_ === "assert" ? `assert ${formula} : "bad"` : "on = true"} }
}
${expect_ === "assert" ? "" : `invariant Inv: ${formula}\n`}check c { expect violation ${expect_ === "assert" ? "assert" : "Inv"} }
`;

const why = (r: Awaited<ReturnType<typeof checkFiles>>) =>
  (r.runs[0].violation as unknown as { why: object[] }).why;

describe("the why-panel below a quantifier", () => {
  it("names the first binding that breaks a forall in an assert, and its body's parts", async () => {
    const r = await checkFiles({ "main.vmaspec": spec("forall i in 1..3: a[i] < 2 || !on") });
    expect(r.code).toBe(0);
    expect(r.text).toContain(
      [
        "  Why: the assert at main.vmaspec:7, where it failed (<- marks what breaks it)",
        "      forall i in 1..3: a[i] < 2 || !on  false",
        "        for i = 2:",
        "          a[i] < 2 || !on                false",
        "            a[i] < 2                     false   <-",
        "            !on                          false",
        "              on                         true   <-",
      ].join("\n"),
    );
    expect(why(r)).toEqual([
      { text: "forall i in 1..3: a[i] < 2 || !on", depth: 0, op: "forall", value: false },
      { text: "for i = 2:", depth: 1, op: "for", value: false },
      { text: "a[i] < 2 || !on", depth: 2, op: "||", value: false },
      { text: "a[i] < 2", depth: 3, value: false },
      { text: "!on", depth: 3, op: "!", value: false },
      { text: "on", depth: 4, value: true },
    ]);
  });

  it("does the same for an invariant, in the last state, with enum bindings", async () => {
    const r = await checkFiles({
      "main.vmaspec": spec("on => forall w in Who: forall i in 1..3: w != bob || a[i] == 0", "invariant"),
    });
    expect(r.code).toBe(0);
    expect(r.text).toContain("  Why: Inv in the last state (<- marks what breaks it)");
    // Long formulas are shortened in the list (showExpr); the parts below the bindings are not.
    expect(why(r).map((p) => ({ ...p, text: (p as { text: string }).text.slice(0, 12) }))).toEqual([
      { text: "on => (foral", depth: 0, op: "=>", value: false },
      { text: "on", depth: 1, value: true },
      { text: "forall w in ", depth: 1, op: "forall", value: false },
      { text: "for w = bob:", depth: 2, op: "for", value: false },
      { text: "forall i in ", depth: 3, op: "forall", value: false },
      { text: "for i = 2:", depth: 4, op: "for", value: false },
      { text: "w != bob || ", depth: 5, op: "||", value: false },
      { text: "w != bob", depth: 6, value: false },
      { text: "a[i] == 0", depth: 6, value: false },
    ]);
    expect(r.text).toMatch(/\n {14}for i = 2:\n {16}w != bob \|\| a\[i\] == 0 +false\n/);
  });

  it("says no binding makes a false exists true, and explains the first", async () => {
    const r = await checkFiles({ "main.vmaspec": spec("exists i in 2..3: a[i] == 0 && on") });
    expect(r.code).toBe(0);
    expect(r.text).toContain("        for i = 2 (no i makes it true):\n");
    expect(why(r)).toEqual([
      { text: "exists i in 2..3: a[i] == 0 && on", depth: 0, op: "exists", value: false },
      { text: "for i = 2 (no i makes it true):", depth: 1, op: "for", value: false },
      { text: "a[i] == 0 && on", depth: 2, op: "&&", value: false },
      { text: "a[i] == 0", depth: 3, value: false },
      { text: "on", depth: 3, value: true },
    ]);
  });

  it("shows the witness of a true exists that had to be false", async () => {
    const r = await checkFiles({ "main.vmaspec": spec("!(exists i in 1..3: a[i] == 2)", "invariant") });
    expect(r.code).toBe(0);
    expect(why(r)).toEqual([
      { text: "!(exists i in 1..3: a[i] == 2)", depth: 0, op: "!", value: false },
      { text: "exists i in 1..3: a[i] == 2", depth: 1, op: "exists", value: true },
      { text: "for i = 3:", depth: 2, op: "for", value: true },
      { text: "a[i] == 2", depth: 3, value: true },
    ]);
    expect(r.text).toMatch(/a\[i\] == 2 +true {3}<-/);
  });
});
