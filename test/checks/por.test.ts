// Partial-order reduction (`check --por`) never changes a verdict: on every spec and check of
// specs/, bench/models and test/fixtures, the check with --por finds what the check without it
// finds (with and without symmetry, on one thread and with two workers), every counterexample it
// prints replays in the full model, and it stores no more states. It does store fewer where steps
// are independent, and it says everywhere that it ran.
import { readdirSync, mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileConfiguration, frontEnd, modelOf } from "../../src/compile.js";
import { planOf } from "../../src/checks/plan.js";
import { runCheck, type CheckRun } from "../../src/checks/run.js";
import { describeOutcome } from "../../src/checks/verdict.js";
import { searchBreadthFirst } from "../../src/engines/bfs/search.js";
import { reducedModel } from "../../src/engines/por/ample.js";
import { traceProblem } from "../../src/engines/por/confirm.js";
import { formatRun, runToJson } from "../../src/cli/output.js";
import { repoRoot } from "../helpers/cli.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";
import type { CheckResult } from "../../src/engines/result.js";

const specsIn = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .filter((f) => f.endsWith(".vmaspec"))
    .map((f) => join(repoRoot, dir, f));

/** Each check of a spec file without --por, then with it (on one thread, and with `workers`). */
async function bothWays(
  file: string,
  workers = 1,
): Promise<{ check: string; plain: CheckRun; por: CheckRun[] }[]> {
  const fe = frontEnd(file);
  if (!fe.front) return [];
  const checks = fe.front.table.checks.length ? fe.front.table.checks : [undefined];
  const out = [];
  for (const check of checks) {
    const plain = await runCheck(fe.front, planOf(check, { consts: [] }));
    if (!plain.result) continue;
    const por = [await runCheck(fe.front, planOf(check, { consts: [], por: true }))];
    if (workers > 1) por.push(await runCheck(fe.front, planOf(check, { consts: [], por: true, workers })));
    out.push({ check: plain.plan.name, plain, por });
  }
  return out;
}

/** What must not change: the verdict, and what was found. */
const verdictOf = (run: CheckRun) => `${run.verdict!.status}: ${describeOutcome(run.result!)}`;

function expectSameVerdict(runs: Awaited<ReturnType<typeof bothWays>>): void {
  for (const { check, plain, por: reduced } of runs)
    for (const por of reduced) {
      const label = `${check}${por.plan.workers ? ` with ${por.plan.workers} workers` : ""}`;
      expect(verdictOf(por), label).toBe(verdictOf(plain));
      if (plain.result!.outcome === "ok")
        expect(por.result!.stats.distinctStates, label).toBeLessThanOrEqual(
          plain.result!.stats.distinctStates,
        );
      const v = por.result!.violation;
      if (v) expect(traceProblem(por.model!, v), label).toBeNull();
    }
}

describe("check --por gives the verdict of check", () => {
  // Two workers on a few specs (ok and violating checks, procs, actions); the differential fuzz
  // runs --por with two workers on every generated spec.
  const withWorkers = new Set(["peterson", "vm_refcnt_v6", "lock_vma_under_rcu", "slab_reuse_e2"]);
  it.each(specsIn("specs").map((f) => [f.slice(repoRoot.length + 1), f]))(
    "on %s (two workers too on some)",
    { timeout: 60_000 },
    async (_, file) =>
      expectSameVerdict(await bothWays(file, withWorkers.has(basename(file, ".vmaspec")) ? 2 : 1)),
  );

  it.each(specsIn("bench/models").map((f) => [f.slice(repoRoot.length + 1), f]))(
    "on %s",
    { timeout: 60_000 },
    async (_, file) => expectSameVerdict(await bothWays(file)),
  );

  it("on every spec of test/fixtures/lang", { timeout: 120_000 }, async () => {
    let checks = 0;
    for (const file of specsIn("test/fixtures/lang")) {
      const runs = await bothWays(file);
      expectSameVerdict(runs);
      checks += runs.length;
    }
    expect(checks).toBeGreaterThan(40);
  });
});

/** The model of a spec text, compiled as `check` compiles it. */
function compiledModel(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "vmaspec-por-"));
  writeFileSync(join(dir, "s.vmaspec"), text);
  const fe = frontEnd(join(dir, "s.vmaspec"));
  const { compiled } = compileConfiguration(fe.front!, []);
  return modelOf(compiled!);
}

const summary = (r: CheckResult) => `${r.outcome} ${r.violation?.kind ?? ""} ${r.violation?.name ?? ""}`;

describe("partial-order reduction with symmetry", () => {
  // Specs whose process array is truly symmetric (renaming instances maps behaviours to
  // behaviours): the reduced and the full search of the symmetry-reduced model agree.
  const LOCK = `spec Sym
type Rid = 1..3
var holder: Rid? = none
var waiting: set<Rid> = {}
var hits: [Rid -> 0..2] = [r in Rid |-> 0]
symmetric process P[i in Rid] {
  var mine: bool = false
  step want { waiting = waiting union {i} }
  step take { await holder == none; holder = some(i); waiting = waiting minus {i}; mine = true }
  step rel  { holder = none; mine = false; if hits[i] < 2 { hits[i] += 1 }; goto want }
}
invariant Mutex: forall a in Rid: forall b in Rid: (P[a] at rel && P[b] at rel) => a == b
`;
  const COUNTERS = `spec Counters
type Rid = 1..3
var done_count: 0..3 = 0
var c: [Rid -> 0..2] = [r in Rid |-> 0]
symmetric process P[i in Rid] {
  step one { c[i] = 1 }
  step two { c[i] = 2 }
  step finish { done_count += 1 }
}
invariant Counted: done_count <= 3
invariant Never: done_count < 3
`;
  const vmaRefcount = readFileSync(join(repoRoot, "specs/vma_refcount.vmaspec"), "utf8").replace(
    /^process Reader\[/m,
    "symmetric process Reader[",
  );
  const cases: [string, string][] = [
    ["a lock with a symmetric array", LOCK],
    ["counters with a symmetric array (a violation)", COUNTERS],
    ["vma_refcount with symmetric readers", vmaRefcount],
  ];

  it.each(cases)("agrees on %s", { timeout: 60_000 }, (_, text) => {
    const model = compiledModel(text);
    expect(model.canonicalize).toBeDefined();
    const options = { allowDeadlock: false };
    const full = searchBreadthFirst(model, options);
    const reduced = searchBreadthFirst(reducedModel(model)!, options);
    expect(summary(reduced)).toBe(summary(full));
    expect(reduced.stats.distinctStates).toBeLessThanOrEqual(full.stats.distinctStates);
    if (reduced.violation) expect(traceProblem(model, reduced.violation)).toBeNull();
  });

  it("removes states beside symmetry's", () => {
    const model = compiledModel(COUNTERS.replace("invariant Never: done_count < 3\n", ""));
    const full = searchBreadthFirst(model, { allowDeadlock: false });
    const reduced = searchBreadthFirst(reducedModel(model)!, { allowDeadlock: false });
    expect(reduced.outcome).toBe("ok");
    expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
  });
});

describe("what partial-order reduction removes", () => {
  // Three processes that each count their own variable up: 4^3 = 64 interleaved states, of which
  // the reduction keeps one order, unless an invariant observes the counts.
  const INDEPENDENT = `spec Independent
var a: 0..3 = 0
var b: 0..3 = 0
var c: 0..3 = 0
process A { step s1 { a = 1 } step s2 { a = 2 } step s3 { a = 3 } }
process B { step s1 { b = 1 } step s2 { b = 2 } step s3 { b = 3 } }
process C { step s1 { c = 1 } step s2 { c = 2 } step s3 { c = 3 } }
`;

  it("explores one order of independent steps", () => {
    const model = compiledModel(INDEPENDENT);
    const full = searchBreadthFirst(model, { allowDeadlock: false });
    const reduced = searchBreadthFirst(reducedModel(model)!, { allowDeadlock: false });
    expect(full.stats.distinctStates).toBe(64);
    // A runs to the end, then B, then C: 3 + 3 + 3 steps after the initial state.
    expect(reduced.stats.distinctStates).toBe(10);
    expect(reduced.outcome).toBe("ok");
  });

  it("keeps every interleaving of steps an invariant observes", () => {
    const model = compiledModel(`${INDEPENDENT}invariant Small: a + b + c <= 8\n`);
    const full = searchBreadthFirst(model, { allowDeadlock: false });
    const reduced = searchBreadthFirst(reducedModel(model)!, { allowDeadlock: false });
    expect(summary(full)).toBe("violation invariant Small");
    expect(summary(reduced)).toBe(summary(full));
    expect(traceProblem(model, reduced.violation!)).toBeNull();
  });

  it("finds a deadlock that only one interleaving reaches", () => {
    // B's step waits for A's flag; A's second step clears it. If B does not run in between, B is
    // stuck forever: a deadlock only the order A.s1, A.s2 (before B) reaches.
    const model = compiledModel(`spec Stuck
var flag: bool = false
var x: 0..2 = 0
var y: 0..2 = 0
process A { step s1 { flag = true } step s2 { flag = false } step s3 { x = 1 } }
process B { step w { await flag } step s { y = 1 } }
`);
    const full = searchBreadthFirst(model, { allowDeadlock: false });
    const reduced = searchBreadthFirst(reducedModel(model)!, { allowDeadlock: false });
    expect(summary(full)).toBe("violation deadlock ");
    expect(summary(reduced)).toBe(summary(full));
    expect(traceProblem(model, reduced.violation!)).toBeNull();
  });

  it("removes states of a seed spec: vm_refcnt_fixed stores 387 of its 556", async () => {
    const [run] = (await bothWays(join(repoRoot, "specs/vm_refcnt_fixed.vmaspec"))).filter(
      (r) => r.check === "fixed",
    );
    expect(run.plain.result!.stats.distinctStates).toBe(556);
    expect(run.por[0].result!.stats.distinctStates).toBe(387);
    expect(run.por[0].reduction).toMatchObject({ on: true, shortest: false });
  });
});

describe("what check --por reports", () => {
  const file = join(repoRoot, "specs/vm_refcnt_fixed.vmaspec");

  it("says the count is reduced, and neither fails nor confirms a pinned count", async () => {
    const fe = frontEnd(file);
    const check = fe.front!.table.checks.find((c) => c.name.name === "fixed");
    const run = await runCheck(fe.front!, planOf(check, { consts: [], por: true }), undefined, false);
    expect(run.verdict!.status).toBe("met");
    expect(formatRun(run)).toContain("partial-order reduction: on: 387 states (partial-order reduced)");
    // The header names only what was compared: the pinned count was not.
    expect(formatRun(run).split("\n")[0]).toBe("check fixed: met (expected ok)");
    expect(runToJson(run, file)).toMatchObject({ partialOrderReduction: { on: true, shortest: false } });
  });

  it("compares a pinned count from the command line exactly when the reduction was on or off", async () => {
    // Before: `check --por` never compared the pin, even where the check declined the reduction
    // (a spec with interrupts) and stored the full count.
    const declined = await vmaspecInProcess([
      "check",
      "specs/fpsimd_preempt.vmaspec",
      "--check",
      "correct",
      "--por",
    ]);
    expect(declined.code).toBe(0);
    expect(declined.stdout).toContain("check correct: met (expected ok, 128 states)");
    expect(declined.stdout).not.toContain("not compared");
    const reduced = await vmaspecInProcess([
      "check",
      "specs/vm_refcnt_fixed.vmaspec",
      "--check",
      "fixed",
      "--por",
    ]);
    expect(reduced.stdout).toContain("check fixed: met (expected ok)\n");
    expect(reduced.stdout).toContain(
      "(expect states 556 not compared: partial-order reduction stores fewer states)",
    );
  });

  it("says the counterexample may not be the shortest", async () => {
    const fe = frontEnd(join(repoRoot, "specs/vm_refcnt_v6.vmaspec"));
    const check = fe.front!.table.checks.find((c) => c.name.name === "v6_as_posted");
    const run = await runCheck(fe.front!, planOf(check, { consts: [], por: true }));
    expect(run.result!.violation?.kind).toBe("assert");
    expect(formatRun(run)).toContain(
      "the counterexample replays in the full model but may not be the shortest",
    );
  });

  it("runs a depth-bounded search without reduction, and says so", async () => {
    const fe = frontEnd(file);
    const check = fe.front!.table.checks.find((c) => c.name.name === "fixed");
    const run = await runCheck(fe.front!, planOf(check, { consts: [], por: true, maxDepth: 5 }));
    expect(run.reduction).toEqual({ on: false, off: "a depth-bounded search is run without reduction" });
    expect(formatRun(run)).toContain("partial-order reduction: off (a depth-bounded search");
  });
});

describe("liveness under --por", () => {
  const LIVE = (checks: string) => `spec Live
var x: 0..3 = 0
var reached: bool = false
fair process Inc {
  step inc { if x < 3 { x += 1 } else { reached = true }; goto inc }
}
process Idle { step idle { goto idle } }
property Reaches: x == 0 ~> reached
property BackToZero: x == 3 ~> x == 0
${checks}
`;

  it.each([
    ["holds", "check live { ignore BackToZero; expect ok }"],
    ["fails", "check cycle { expect violation BackToZero }"],
  ])("is checked on the full graph, and %s as without --por", async (_, checks) => {
    const dir = mkdtempSync(join(tmpdir(), "vmaspec-por-"));
    writeFileSync(join(dir, "live.vmaspec"), LIVE(checks));
    const [{ plain, por }] = await bothWays(join(dir, "live.vmaspec"));
    expect(verdictOf(por[0])).toBe(verdictOf(plain));
    expect(por[0].phases?.find((p) => p.phase === "liveness")?.states).toBe(
      plain.phases?.find((p) => p.phase === "liveness")?.states,
    );
    expect(formatRun(por[0])).toContain("liveness checked on the full graph");
  });
});

describe("when --por does not apply", () => {
  it("counts coverage with several workers without reduction, and says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vmaspec-por-"));
    writeFileSync(
      join(dir, "c.vmaspec"),
      `spec C
var a: 0..2 = 0
var b: 0..2 = 0
process A { step s1 { a = 1 } step s2 { a = 2 } }
process B { step s1 { b = 1 } step s2 { b = 2 } }
check all { expect covered }
`,
    );
    const fe = frontEnd(join(dir, "c.vmaspec"));
    const [check] = fe.front!.table.checks;
    const run = await runCheck(fe.front!, planOf(check, { consts: [], por: true, workers: 2 }));
    expect(run.verdict!.status).toBe("met");
    expect(run.reduction).toEqual({
      on: false,
      off: "coverage with several workers is counted without reduction",
    });
    // On one thread the reduced search still sees every step enabled: covered, and reduced.
    const serial = await runCheck(fe.front!, planOf(check, { consts: [], por: true }));
    expect(serial.verdict!.status).toBe("met");
    expect(serial.result!.stats.distinctStates).toBeLessThan(9);
  });
});

describe("the dependency facts of a spec", () => {
  const slotsOf = (ranges: number[]) => {
    const out: number[] = [];
    for (let i = 0; i < ranges.length; i += 2) for (let s = ranges[i]; s < ranges[i + 1]; s++) out.push(s);
    return out;
  };

  it("locate a map entry by self exactly, and by any other key as the whole map", () => {
    const model = compiledModel(`spec D
type Rid = 1..3
var flags: [Rid -> bool] = [r in Rid |-> false]
var other: 0..3 = 0
process P[i in Rid] {
  step mine { flags[i] = true }
  step any { other = 0; if exists j in Rid: flags[j] { other = 1 } }
}
`);
    const [p] = model.dependency!.processes;
    const [first, second] = p.instances;
    // flags occupies slots 0..2 and other slot 3; each instance's block (pc) follows.
    expect(slotsOf(first.access[0].writes).filter((s) => s < 4)).toEqual([0]);
    expect(slotsOf(second.access[0].writes).filter((s) => s < 4)).toEqual([1]);
    expect(slotsOf(first.access[1].reads).filter((s) => s < 4)).toEqual([0, 1, 2]);
    expect(slotsOf(first.access[1].writes).filter((s) => s < 4)).toEqual([3]);
    expect(p.next).toEqual([[1], [2]]);
  });
});
