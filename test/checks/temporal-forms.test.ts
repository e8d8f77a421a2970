// The temporal forms beyond P ~> Q (issue 18 item 6, issue 21 item 5): `eventually always P`,
// `always (P => always Q)`, and `P => eventually Q` / `P => always Q` with P evaluated in the
// initial state. Expected verdicts and counterexample lengths are hand counts on a 4-state counter.
import { describe, expect, it } from "vitest";
import { checkFiles } from "../helpers/inprocess.js";

const COUNTER = (fair: boolean, properties: string, check: string) => `spec Temporal
var x: 0..3 = 0
${fair ? "fair " : ""}process Inc { step inc { if x < 3 { x += 1 }; goto inc } }
${properties}
${check}
`;

const run = (spec: string) => checkFiles({ "main.vmaspec": spec });

describe("temporal forms", () => {
  it("hold on a fair counter that climbs to 3 and stays", async () => {
    const props = [
      "property Settles: eventually always x == 3",
      "property Stays: always (x == 3 => always x == 3)",
      "property StaysNoParens: always x >= 2 => always x >= 2",
      "property FromStart: x == 0 => eventually x == 3",
      "property InitAlways: x == 0 => always x <= 3",
    ].join("\n");
    const r = await run(COUNTER(true, props, "check c { expect ok }"));
    expect(r.runs[0]).toMatchObject({ met: true, outcome: "ok" });
  });

  it("finds a fair behaviour that keeps leaving P for eventually always P", async () => {
    const unfair = await run(
      COUNTER(false, "property Settles: eventually always x == 3", "check c { expect violation Settles }"),
    );
    // Without fairness the counter may stutter at 0 forever.
    expect(unfair.runs[0].violation).toMatchObject({ kind: "liveness", name: "Settles", length: 0 });
    const cycling = `spec Cycle\nvar x: 0..3 = 0\nfair process C { step s { x = (x + 1) % 4; goto s } }\nproperty Settles: eventually always x == 0\ncheck c { expect violation Settles }\n`;
    const r = await run(cycling);
    expect(r.runs[0]).toMatchObject({ met: true });
    expect(r.runs[0].violation).toMatchObject({ kind: "liveness", name: "Settles" });
  });

  it("reports the first state where Q fails after P held, for always (P => always Q)", async () => {
    const r = await run(
      COUNTER(true, "property Once: always (x == 1 => always x == 1)", "check c { expect violation Once }"),
    );
    // x = 0 -> 1 (P holds) -> 2 (Q fails): two steps, no cycle.
    expect(r.runs[0].violation).toMatchObject({ kind: "liveness", name: "Once", length: 2 });
  });

  it("evaluates the premise of P => F in the initial state only", async () => {
    // x == 1 is false initially, so the property holds even without fairness, where x == 1 ~> x == 3 fails.
    const props = "property Later: x == 1 => eventually x == 3\nproperty Leads: x == 1 ~> x == 3";
    const r = await run(
      COUNTER(
        false,
        props,
        "check a { ignore Leads; expect ok }\ncheck b { ignore Later; expect violation Leads }",
      ),
    );
    expect(r.runs.map((x) => x.met)).toEqual([true, true]);
    const always = await run(
      COUNTER(true, "property Low: x == 0 => always x < 2", "check c { expect violation Low }"),
    );
    expect(always.runs[0].violation).toMatchObject({ kind: "liveness", name: "Low", length: 2 });
  });
});

// A taker whose step is enabled only every other state (a toggler flips `free`): weak fairness
// does not make it take (it is never enabled continuously), strong fairness does.
const TAKER = (strong: boolean) => `spec Strong
var free: bool = true
var got: bool = false
fair process Toggler { step t { free = !free; goto t } }
${strong ? "strong " : ""}fair process Taker { step take { await free && !got; got = true; goto take } }
property Gets: eventually got
property GetsOften: always (free => eventually got)
check c { expect ${strong ? "ok" : "violation Gets"} }
`;

describe("strong fairness", () => {
  it("lets a step enabled only now and then be skipped forever under weak fairness", async () => {
    const r = await run(TAKER(false));
    // The lasso: free = true, false, true, ... with got false: initial state, then a 2-state cycle.
    expect(r.runs[0]).toMatchObject({ met: true });
    expect(r.runs[0].violation).toMatchObject({ kind: "liveness", name: "Gets", length: 2 });
  });

  it("makes it take under strong fair process", async () => {
    const r = await run(TAKER(true));
    expect(r.runs[0]).toMatchObject({ met: true, outcome: "ok" });
  });
});
