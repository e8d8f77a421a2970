// `memory lkmm` on specs written here: where the memory model is chosen (spec, check block,
// command line), awaits on marked reads, process arrays with atomics, and the located W002 for
// what the weak-memory model does not run. The acceptance patterns are in
// test/weakmem/twins.test.ts, B7 and B9 in test/specs/seed-specs.test.ts.

import { describe, expect, it } from "vitest";
import { planOf } from "../../src/checks/plan.js";
import { runCheck } from "../../src/checks/run.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { front, located, vmaspecInProcess } from "../helpers/inprocess.js";

/** Runs every check of `main` (with `--memory`, if given): each check's outcome and state count. */
async function outcomes(main: string, memory?: "sc" | "lkmm") {
  const fe = front(main);
  expect(fe.diagnostics).toEqual([]);
  const checks = fe.front!.table.checks.length ? fe.front!.table.checks : [undefined];
  const out: Record<string, string> = {};
  for (const check of checks) {
    const run = await runCheck(fe.front!, planOf(check, { consts: [], memory }));
    if (!run.result) return { diagnostics: located(run.diagnostics) };
    const v = run.result.violation;
    out[run.plan.name] = v
      ? `violation ${v.kind === "assert" ? v.message : v.name}`
      : `ok ${run.result.stats.distinctStates}`;
  }
  return out;
}

/** Message passing where the consumer spins on the flag; `acquire` pairs release with acquire. */
const spinning = (acquire: boolean, memoryLine = "") => `spec Spin
import lkmm
${memoryLine}
var data: 0..1 = 0
var flag: 0..1 = 0
process Producer {
  step fill { WRITE_ONCE(data, 1) }
  step publish { ${acquire ? "smp_store_release" : "WRITE_ONCE"}(flag, 1) }
}
process Consumer {
  var seen: 0..1 = 0
  step wait { await ${acquire ? "smp_load_acquire" : "READ_ONCE"}(flag) == 1 }
  step consume { seen = READ_ONCE(data); assert seen == 1 : "stale data" }
}
`;

describe("memory lkmm in specs", () => {
  it("is chosen by the spec, overridden by a check block and by the command line", async () => {
    const spec = `${spinning(false, "memory lkmm")}check weak { }\ncheck strong { memory sc }\n`;
    expect(await outcomes(spec)).toEqual({ weak: "violation stale data", strong: "ok 5" });
    expect(await outcomes(spec, "sc")).toEqual({ weak: "ok 5", strong: "ok 5" });
    expect(await outcomes(spec, "lkmm")).toEqual({
      weak: "violation stale data",
      strong: "violation stale data",
    });
  });

  it("lets an await end only on a value that satisfies it, ordered by release and acquire", async () => {
    // Under sc: Producer 3 positions; Consumer waits (3), passes (after publish: 1), done (1): 5.
    expect(await outcomes(spinning(true), "sc")).toEqual({ default: "ok 5" });
    // Under lkmm, execution graphs by the Producer's writes present: none: the data read not yet
    // or from init (2); data: the read not yet, from init or from it (3); flag: the await done or
    // not, times the data read not yet or from init (4); both: 6 minus the one LKMM forbids, the
    // await reading the release and the data read reading init (5). 14.
    expect(await outcomes(spinning(true), "lkmm")).toEqual({ default: "ok 14" });
  });

  it("runs process arrays: atomic increments never lose an update, marked read-then-write does", async () => {
    const counter = (inc: string) => `spec Count
import lkmm
var c: 0..2 = 0
process P[i in 1..2] { step inc { ${inc} } }
invariant Both: P[1] at done && P[2] at done => c == 2
check weak { memory lkmm }
`;
    expect(await outcomes(counter("atomic_inc(c)"))).toEqual({ weak: "ok 5" });
    expect(await outcomes(counter("WRITE_ONCE(c, READ_ONCE(c) + 1)"))).toEqual({ weak: "violation Both" });
  });

  it("reports what the weak-memory model does not run at its place (W002)", async () => {
    const cases: [string, RegExp][] = [
      ["process P { step s { let v = x } }", /4:30: .*plain read of shared variable 'x'/],
      ["process P { step s { goto s } }", /4:22: .*'goto' is not supported/],
      [
        "process P { var r: 0..1 = 0\n step s { r = READ_ONCE(x); if r == 1 { smp_mb() } } }",
        /5:41: .*'smp_mb' under a condition is not supported/,
      ],
      ["process P { step s { WRITE_ONCE(x, 1) } }\naction A { x = 0 }", /5:1: .*actions are not run/],
    ];
    for (const [body, where] of cases) {
      const r = await outcomes(`spec S\nimport lkmm\nvar x: 0..1 = 0\n${body}\ncheck c { memory lkmm }\n`);
      const d = (r as { diagnostics: { code: string; line: number; col: number; message: string }[] })
        .diagnostics;
      expect(d.map((x) => x.code)).toEqual(["W002"]);
      expect(`${d[0].line}:${d[0].col}: ${d[0].message}`).toMatch(where);
    }
  });

  it("refuses an invariant it would judge only in final states without saying so (W002)", async () => {
    // Before: `x != 1` and `!(P at b)` were judged in final states only, where both hold, and
    // the check said ok although P passes through x == 1 and step b (sc finds both).
    const body = (invariant: string) => `spec S
import lkmm
var x: 0..1 = 0
process P { step a { WRITE_ONCE(x, 1) } step b { WRITE_ONCE(x, 0) } }
process Q { var r: 0..1 = 0
 step a { r = READ_ONCE(x) } }
invariant I: ${invariant}
check weak { memory lkmm; expect ok }
`;
    const cases: [string, RegExp][] = [
      ["x != 1", /7:14: .*judged only in the final state.*P at done/],
      ["!(P at b)", /7:14: .*judged only in the final state/],
      ["P at done && Q at done => !(P at b)", /7:41: .*'b' is never the step a process is at/],
    ];
    for (const [invariant, where] of cases) {
      const r = await outcomes(body(invariant));
      const d = (r as { diagnostics: { code: string; line: number; col: number; message: string }[] })
        .diagnostics;
      expect(
        d?.map((x) => x.code),
        invariant,
      ).toEqual(["W002"]);
      expect(`${d[0].line}:${d[0].col}: ${d[0].message}`).toMatch(where);
    }
    // Guarded, the same invariant is judged: x ends 0 in every complete execution.
    const guarded = await outcomes(body("P at done && Q at done => x == 0 && Q.r <= 1"));
    expect((guarded as Record<string, string>).weak).toMatch(/^ok /);
  });

  it("is inconclusive, not ok, when no execution completes", async () => {
    // Before: an await no write satisfies blocked every execution, no invariant was ever judged,
    // and the check said ok (sc reports the deadlock).
    const stuck = (value: number) => `spec S
import lkmm
var x: 0..1 = ${value}
process P { var r: 0..1 = 0
 step a { await READ_ONCE(x) == 1 }
 step b { r = 1 } }
invariant I: P at done => P.r == 1
check weak { memory lkmm; expect ok }
`;
    const fe = front(stuck(0));
    const run = await runCheck(fe.front!, planOf(fe.front!.table.checks[0], { consts: [] }));
    expect(run.verdict).toMatchObject({ met: false, status: "inconclusive" });
    expect(run.verdict!.reason).toMatch(/no execution completes/);
    const done = front(stuck(1));
    const ok = await runCheck(done.front!, planOf(done.front!.table.checks[0], { consts: [] }));
    expect(ok.verdict).toMatchObject({ met: true, status: "met" });
  });

  it("writes a counterexample that replays, simulates, and refuses to compile", async () => {
    const spec = "specs/b9_unlock_not_release.vmaspec";
    const out = join(mkdtempSync(join(tmpdir(), "lkmm-")), "b9.itf.json");
    expect((await vmaspecInProcess(["check", spec, "--check", "lkmm", "--out", out])).code).toBe(0);
    const replayed = await vmaspecInProcess(["replay", spec, out]);
    expect(replayed.stdout).toMatch(/\(check lkmm\): the trace fits the spec \(6 steps\)/);
    const simulated = await vmaspecInProcess(["simulate", spec, "--check", "lkmm", "--seed", "1"]);
    expect(simulated.stdout).toMatch(/check lkmm: met \(expected violation assert\)/);
    const compiled = await vmaspecInProcess(["compile", spec, "--out", join(tmpdir(), "lkmm-gen")]);
    expect(compiled.code).toBe(2);
    expect(compiled.stderr).toMatch(/error\[W002\]: check lkmm runs under memory lkmm/);
  });
});
