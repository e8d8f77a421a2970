// A proc with a result type returns a value, and `x = call p(args)` stores it at the caller's
// location when the proc returns (lock_vma_under_rcu returns the VMA it locked). The return
// point tells which call it was, so two calls with different targets may not share one.
import { describe, expect, it } from "vitest";
import { check } from "./run.js";

const spec = (body: string) => ({ "main.vmaspec": `spec R\n${body}\n` });

describe("procs with results", () => {
  it("stores the result at the caller's variable, process local or proc local", async () => {
    const { runs } = await check(
      spec(`type Slot = 0..1
var refcnt: [Slot -> 0..3] = [s in Slot |-> 1]
var last: Slot? = none
proc get(v: Slot): Slot? {
  var old: 0..3 = 0
  step read { old = refcnt[v] }
  step inc { if old == 0 { return none } refcnt[v] = old + 1; return some(v) }
}
proc twice(): Slot {
  var a: Slot? = none
  step one { a = call get(0) }
  step two { return the(a) }
}
process P {
  var got: Slot? = none
  var n: Slot = 1
  step s1 { got = call get(1) }
  step s2 { assert got == some(1) : "got"; n = call twice() }
  step s3 { assert n == 0 : "twice"; last = call get(1) }
  step s4 { assert last == some(1) && refcnt[1] == 3 : "last" }
}
check c { expect ok; expect states 13 }`),
    );
    expect(runs[0]).toMatchObject({
      met: true,
      outcome: "ok",
      stats: { distinctStates: 13 },
    });
  });

  it("reports a proc with a result that falls off its last step", async () => {
    const { runs } = await check(
      spec(`proc p(): bool { step a { } }
var x: bool = false
process P { step s { x = call p() } }
check c { expect violation runtime }`),
    );
    expect(runs[0].violation!.message).toBe("proc p ended without returning a value");
  });

  it("reports the misuses of results by their codes", async () => {
    const { code, diagnostics } = await check(
      spec(`var x: bool = false
var y: 0..3 = 0
proc none_(): bool { step a { return 1 } }
proc plain() { step a { return true } }
proc r(): bool { step a { return } }
process P {
  step s1 { x = call plain() }
  step s2 { y = call r() }
  step s3 { x = call r(); goto s5 }
  step s4 { y = call r(); goto s5 }
  step s5 { x = call none_() }
}
check c { expect ok }`),
    );
    expect(code).toBe(2);
    const byCodeAndLine = (a: [string, number], b: [string, number]) =>
      a[0].localeCompare(b[0]) || a[1] - b[1];
    expect(diagnostics.map((d): [string, number] => [d.code, d.line]).sort(byCodeAndLine)).toEqual([
      ["T001", 4],
      ["T001", 6],
      ["T001", 9],
      ["T001", 11],
      ["T009", 5],
      ["T009", 8],
      ["T016", 11],
    ]);
  });
});
