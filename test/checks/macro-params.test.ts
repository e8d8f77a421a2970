// Macro parameters passed by reference take the type of the caller's location: a primitive
// declared over a wide range (refcount_t) works on a narrow counter, and a write that leaves the
// counter's own range is the runtime error it would be without the macro.
import { describe, expect, it } from "vitest";
import { check } from "./run.js";

const spec = (body: string) => ({ "main.vmaspec": `spec M\n${body}\n` });

describe("macro parameters by reference", () => {
  it("checks a write through a by-reference parameter against the caller's variable, not the declared range", async () => {
    const { runs } = await check(
      spec(`var x: 0..3 = 2
macro inc(c: 0..15) { c += 2 }
process P { step a { inc(x) } }
check c { expect violation runtime }`),
    );
    expect(runs[0].met).toBe(true);
    expect(runs[0].violation).toMatchObject({ kind: "runtime", length: 1 });
    expect(runs[0].violation!.message).toContain("x: 4 is outside 0..3");
  });

  it("names the caller's location when a nested macro passes the reference on", async () => {
    const { runs } = await check(
      spec(`var m: [0..1 -> 0..1] = [k in 0..1 |-> 0]
macro inc(c: 0..15) { c += 1 }
macro inc_twice(c: 0..15) { inc(c); inc(c) }
process P { step a { inc_twice(m[1]) } }
check c { expect violation runtime }`),
    );
    expect(runs[0].violation!.message).toContain("m[..]: 2 is outside 0..1");
  });

  it("lets a primitive declared over a wide range count within a narrow one", async () => {
    const { runs } = await check(
      spec(`var r: 0..3 = 1
macro get(c: 0..255): bool { if c == 0 { return false } c += 1; return true }
process T[t in 1..2] { step a { if !get(r) { goto done } } step b { r -= 1 } }
check c { expect ok; expect states 9 }`),
    );
    expect(runs[0]).toMatchObject({
      met: true,
      outcome: "ok",
      stats: { distinctStates: 9 },
    });
  });
});
