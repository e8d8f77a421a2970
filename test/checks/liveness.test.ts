// Liveness properties from the command line: leads-to, always eventually and eventually, under
// weak fairness of `fair` processes, with lasso counterexamples.
import { describe, expect, it } from "vitest";
import { jsonLines, specDir, vmaspec } from "../helpers/cli.js";

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

function run(spec: string) {
  return vmaspec(["check", "s.vmaspec", "--json"], specDir({ "s.vmaspec": spec }));
}

describe("liveness properties", () => {
  it("hold under weak fairness of a fair process", () => {
    const r = run(COUNTER(true, "check weakly_fair { ignore BackToZero; expect ok }"));
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)[0]).toMatchObject({ met: true, outcome: "ok" });
  });

  it("fail by stuttering when no process is fair", () => {
    const r = run(COUNTER(false, "check unfair { expect violation Reaches }"));
    expect(r.code).toBe(0);
    const [result] = jsonLines(r.stdout);
    expect(result.violation).toMatchObject({ kind: "liveness", name: "Reaches", length: 0 });
  });

  it("fail on a fair cycle that never reaches the goal, printed as a lasso", () => {
    const spec = COUNTER(true, "check cycle { expect violation BackToZero }");
    const json = run(spec);
    expect(jsonLines(json.stdout)[0].violation).toMatchObject({ kind: "liveness", name: "BackToZero" });
    const text = vmaspec(["check", "s.vmaspec"], specDir({ "s.vmaspec": spec }));
    expect(text.stdout).toContain("property BackToZero is violated");
    expect(text.stdout).toContain("the cycle repeats forever");
  });

  it("report the safety search and the liveness check as phases, each with its time and rate", () => {
    const spec = COUNTER(true, "check weakly_fair { ignore BackToZero; expect ok }");
    const [json] = jsonLines(run(spec).stdout);
    expect(json.phases).toMatchObject([
      { phase: "safety", checked: ["Bounded", "deadlock", "asserts"], states: json.stats.distinctStates },
      { phase: "liveness", checked: ["Reaches", "Eventually", "Often"], states: json.stats.distinctStates },
    ]);
    for (const p of json.phases) {
      expect(Number.isInteger(p.elapsedMs)).toBe(true);
      expect(Number.isInteger(p.statesPerSecond)).toBe(true);
    }
    const text = vmaspec(["check", "s.vmaspec"], specDir({ "s.vmaspec": spec })).stdout;
    expect(text).toMatch(
      /\n {2}safety search: [\d,]+ distinct states, [\d,]+ generated, depth \d+, [\d.]+ s, [\d,]+ states\/s; checked Bounded, deadlock, asserts\n/,
    );
    expect(text).toMatch(
      /\n {2}liveness: Reaches, Eventually, Often on a graph of [\d,]+ states, [\d.]+ s, [\d,]+ states\/s\n/,
    );
    expect(text).toMatch(/\n {2}total time [\d.]+ s\n/);
    // A safety violation leaves the liveness phase unrun, and says why.
    const broken = jsonLines(run(spec.replace("always x <= 3", "always x <= 2")).stdout)[0];
    expect(broken.phases[1]).toMatchObject({
      phase: "liveness",
      skipped: "the safety search found a violation",
    });
  });

  it("treat always P as an invariant", () => {
    const spec = COUNTER(true, "check all { ignore BackToZero; expect ok }").replace(
      "always x <= 3",
      "always x <= 2",
    );
    const [result] = jsonLines(run(spec).stdout);
    expect(result.violation).toMatchObject({ kind: "invariant", name: "Bounded", length: 3 });
  });

  it("rejects a temporal formula it cannot check", () => {
    const r = vmaspec(
      ["check", "s.vmaspec"],
      specDir({ "s.vmaspec": COUNTER(true, "").replace("eventually reached", "eventually always reached") }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[T018]: unsupported temporal formula");
  });
});
