// How a spec builds on library modules: it sets a module's constants once for all its checks,
// replaces a library function with `override` (a spec models a patch to one kernel function),
// sets up the modules' state in `init` blocks, carries only the module variables it uses, and
// gets traces and errors that point into the module's own file.
import { describe, expect, it } from "vitest";
import { check, checkText } from "./run.js";

const lib = `module lib
const N = 2
type Slot = 0..N-1
var used: [Slot -> bool] = [s in Slot |-> false]
var unused: [Slot -> 0..3] = [s in Slot |-> 0]
var log: 0..3 = 0
macro take(s: Slot) { assert !used[s] : "take: slot already used"; used[s] = true; note() }
macro note() { log = min(log + 1, 3) }
action tick(s in Slot) { await used[s] && log < 3; note() }
`;

describe("specs built on library modules", () => {
  it("lets a spec set an imported module's constant for all its checks", async () => {
    const { runs } = await check({
      "lib.vmaspec": lib,
      "main.vmaspec": `spec S
import "./lib.vmaspec"
const N = 1
process P { step a { take(0) } }
invariant OneSlot: forall s in Slot: s == 0
check one { expect ok; expect states 4 }
check two { const N = 2; expect violation OneSlot }`,
    });
    expect(runs.map((r) => [r.check, r.met, r.outcome])).toEqual([
      ["one", true, "ok"],
      ["two", true, "violation"],
    ]);
  });

  it("replaces an imported macro everywhere, calls from the module included, with override", async () => {
    const { runs } = await check({
      "lib.vmaspec": lib,
      "main.vmaspec": `spec S
import "./lib.vmaspec"
override macro note() { log = 3 }
process P { step a { take(0) } }
invariant Overridden: P at done => log == 3
check c { expect ok; expect states 2 }`,
    });
    expect(runs[0]).toMatchObject({ met: true, stats: { distinctStates: 2 } });
  });

  it("reports an override that replaces nothing, or something of another kind", async () => {
    const { code, diagnostics } = await check({
      "lib.vmaspec": lib,
      "main.vmaspec": `spec S
import "./lib.vmaspec"
override macro nothing() { }
override proc take(s: Slot) { step a { } }
process P { step a { } }`,
    });
    expect(code).toBe(2);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["N013", 3],
      ["N013", 4],
    ]);
  });

  it("runs init blocks, the modules' first, and gives several initial states with either", async () => {
    const { runs } = await check({
      "lib.vmaspec": `${lib}\ninit { used[1] = true }\n`,
      "main.vmaspec": `spec S
import "./lib.vmaspec"
init { either { log = 1 } or { log = 2 } }
process P { step a { assert used[1] : "module init ran first" } }
check c { expect ok; expect states 6 }`,
    });
    expect(runs[0]).toMatchObject({ met: true, stats: { distinctStates: 6 } });
  });

  it("drops the module variables nothing uses, from the state and from traces", async () => {
    const files = {
      "lib.vmaspec": lib,
      "main.vmaspec": `spec S
import "./lib.vmaspec"
process P { step a { used[0] = true } }
invariant Never: !(P at done)
check c { expect violation Never }`,
    };
    const out = await checkText(files);
    expect(out).toMatch(/used\s+= \[0 \|-> false, 1 \|-> false\]/);
    expect(out).toMatch(/^\s+log\s+= 0$/m); // the module's action uses it
    expect(out).not.toContain("unused");
  });

  it("names the module's file for its steps, actions and failed asserts", async () => {
    const { runs } = await check({
      "lib.vmaspec": lib,
      "main.vmaspec": `spec S
import "./lib.vmaspec"
process P { step a { take(0) } step b { take(0) } }
check c { expect violation assert }`,
    });
    const v = runs[0].violation!;
    expect(v.message).toBe("take: slot already used");
    expect(v.file).toMatch(/lib\.vmaspec$/);
  });

  it("prints an action's enum parameters by member name", async () => {
    const out = await checkText({
      "main.vmaspec": `spec S
type Cache = enum { vm_area_cachep, maple_node_cache }
var freed: set<Cache> = {}
action free(c in Cache) { freed = freed union {c} }
invariant Some: !(maple_node_cache in freed)
check c { expect violation Some }`,
    });
    expect(out).toContain("Step 1: free(c=maple_node_cache)");
  });

  it("finishes a process with goto done and observes it with P at done", async () => {
    const { runs } = await check({
      "main.vmaspec": `spec S
var x: 0..2 = 0
process P { step a { x = 1; goto done } step b { x = 2 } }
invariant Finished: P at done => x == 1
check c { expect ok; expect states 2 }`,
    });
    expect(runs[0]).toMatchObject({ met: true, stats: { distinctStates: 2 } });
  });
});
