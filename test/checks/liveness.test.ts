// Liveness properties as `vmaspec check` checks them (in this process: test/helpers/inprocess.ts):
// leads-to, always eventually and eventually, under weak fairness of `fair` processes, with lasso
// counterexamples.
import { describe, expect, it } from "vitest";
import { checkFiles } from "../helpers/inprocess.js";

const COUNTER = (fair: boolean, checks: string) => `spec Live
var x: 0..3 = 0
var reached: bool = false
${fair ? "fair " : ""}process Inc {
  step inc { if x < 3 { x += 1 } else { reached = true }; goto inc }
}
process Idle { step idle { goto idle } }
property Reaches: x == 0 ~> reached
property Eventually: eventually reached
property Often: always eventually x == 3
property Bounded: always x <= 3
property BackToZero: x == 3 ~> x == 0
${checks}
`;

/** `vmaspec check` on the spec: exit code, each check's JSON line, the text and the errors. */
function run(spec: string) {
  return checkFiles({ "main.vmaspec": spec });
}

describe("liveness properties", () => {
  it("hold under weak fairness of a fair process", async () => {
    const r = await run(COUNTER(true, "check weakly_fair { ignore BackToZero; expect ok }"));
    expect(r.code).toBe(0);
    expect(r.runs[0]).toMatchObject({ met: true, outcome: "ok" });
  });

  it("fail by stuttering when no process is fair", async () => {
    const r = await run(COUNTER(false, "check unfair { expect violation Reaches }"));
    expect(r.code).toBe(0);
    const [result] = r.runs;
    expect(result.violation).toMatchObject({ kind: "liveness", name: "Reaches", length: 0 });
  });

  it("fail on a fair behaviour that never reaches the goal, printed as a lasso", async () => {
    const spec = COUNTER(true, "check cycle { expect violation BackToZero }");
    const json = await run(spec);
    // x climbs to 3 and reached is set: 4 steps. Inc's step then changes nothing, which is a
    // stutter and not a step of Inc (fairness is of TLA+'s <A>_vars), so the behaviour stays there.
    expect(json.runs[0].violation).toMatchObject({ kind: "liveness", name: "BackToZero", length: 4 });
    expect(json.text).toContain("property BackToZero is violated");
    expect(json.text).toContain("from here the behaviour stays in state 4 forever");
  });

  it("print a cycle that returns to an earlier state when the fair steps change the state", async () => {
    const spec = `spec Cycle
var x: 0..1 = 0
fair process Flip { step f { x = 1 - x; goto f } }
property Never: eventually x == 1 && x == 0
check c { expect violation Never }
`;
    const json = await run(spec);
    // 0 -> 1 -> 0: a 2-step cycle from the initial state.
    expect(json.runs[0].violation).toMatchObject({ kind: "liveness", name: "Never", length: 2 });
    expect(json.text).toContain("the cycle repeats forever");
  });

  it("report the safety search and the liveness check as phases, each with its time and rate", async () => {
    const spec = COUNTER(true, "check weakly_fair { ignore BackToZero; expect ok }");
    const r = await run(spec);
    const [json] = r.runs as any[];
    expect(json.phases).toMatchObject([
      { phase: "safety", checked: ["Bounded", "deadlock", "asserts"], states: json.stats.distinctStates },
      { phase: "liveness", checked: ["Reaches", "Eventually", "Often"], states: json.stats.distinctStates },
    ]);
    for (const p of json.phases) {
      expect(Number.isInteger(p.elapsedMs)).toBe(true);
      expect(Number.isInteger(p.statesPerSecond)).toBe(true);
    }
    const text = r.text;
    expect(text).toMatch(
      /\n {2}safety search: [\d,]+ distinct states, [\d,]+ generated, depth \d+, [\d.]+ s, [\d,]+ states\/s; checked Bounded, deadlock, asserts\n/,
    );
    expect(text).toMatch(
      /\n {2}liveness: Reaches, Eventually, Often on a graph of [\d,]+ states, [\d.]+ s, [\d,]+ states\/s\n/,
    );
    expect(text).toMatch(/\n {2}total time [\d.]+ s\n/);
    // A safety violation leaves the liveness phase unrun, and says why.
    const broken = (await run(spec.replace("always x <= 3", "always x <= 2"))).runs[0] as any;
    expect(broken.phases[1]).toMatchObject({
      phase: "liveness",
      skipped: "the safety search found a violation",
    });
  });

  it("treat always P as an invariant", async () => {
    const spec = COUNTER(true, "check all { ignore BackToZero; expect ok }").replace(
      "always x <= 3",
      "always x <= 2",
    );
    const [result] = (await run(spec)).runs;
    expect(result.violation).toMatchObject({ kind: "invariant", name: "Bounded", length: 3 });
  });

  it("rejects a temporal formula it cannot check", async () => {
    const r = await run(COUNTER(true, "").replace("eventually reached", "always eventually always reached"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[T018]: unsupported temporal formula");
  });
});
