// The built-in type `task` has one member per process instance (`Reader[1]`, `Writer`), and
// `current` is the instance running the step, so a library can keep per-task state (the RCU
// readers, a lock's owner) without knowing the spec's processes; `Reader[2]` is that instance's
// member where a value is expected.
import { describe, expect, it } from "vitest";
import { check } from "./run.js";

const spec = (body: string) => ({ "main.vmaspec": `spec T\n${body}\n` });

describe("the type task and current", () => {
  it("gives current the running instance, printed by name, in a process step and in a macro it inlines", async () => {
    const { runs } = await check(
      spec(`var inside: set<task> = {}
var owner: task? = none
macro enter() { inside = inside union {current} }
process Reader[r in 1..2] { step lock { enter() } step unlock { inside = inside minus {current} } }
process Writer { step lock { await inside == {}; owner = some(current) } step mine { } }
invariant W: Writer at mine => inside == {}
check c { expect violation W }`),
    );
    const trace = runs[0].violation!.trace;
    expect(trace.map((t) => t.action)).toEqual(["initial state", "Writer lock", "Reader[1] lock"]);
    expect(trace[1].changes.owner).toBe("some(Writer)");
    expect(trace[2].changes.inside).toBe("{Reader[1]}");
  });

  it("turns a process instance into a task value and quantifies over task", async () => {
    const { runs } = await check(
      spec(`var holder: task? = none
var seen: [task -> bool] = [t in task |-> false]
process P[i in 1..2] { step take { await holder == none; holder = some(current); seen[current] = true } step give { holder = none } }
process Q { step look { seen[Q] = true } }
invariant Mine: forall i in 1..2: P[i] at give => holder == some(P[i])
invariant Members: card({t in task: true}) == 3
check c { expect ok; expect states 16 }`),
    );
    expect(runs[0]).toMatchObject({
      met: true,
      outcome: "ok",
      stats: { distinctStates: 16 },
    });
  });

  it("reports current where no process runs", async () => {
    const { code, diagnostics } = await check(
      spec(`var x: task? = none
invariant I: x != some(current)
action A { x = some(current) }
check c { expect ok }`),
    );
    expect(code).toBe(2);
    expect(diagnostics.map((d) => [d.code, d.line]).sort()).toEqual([
      ["N001", 3],
      ["N001", 4],
    ]);
  });

  it("lets a declaration named task hide the built-in type", async () => {
    const { runs } = await check(
      spec(`type task = 0..1
var t: task = 1
process P { step a { t = 0 } }
check c { expect ok; expect states 2 }`),
    );
    expect(runs[0].met).toBe(true);
  });
});
