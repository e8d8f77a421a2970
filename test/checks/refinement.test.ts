// `refines`: a spec checked against an abstract spec through a refinement mapping. The hand-counted
// pair test/fixtures/refinement/clock.vmaspec → hours.vmaspec pins every count (states,
// transitions, abstract steps, stutters); the VMA lock pair (specs/vma_refcount_rwlock.vmaspec →
// specs/vma_rwlock.vmaspec) pins the shortest two-vocabulary trace of the broken reader; bounded
// searches are inconclusive; mistakes in a mapping are located diagnostics.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { frontEnd, type FrontEnd } from "../../src/compile.js";
import { planOf } from "../../src/checks/plan.js";
import { runCheck, type CheckRun } from "../../src/checks/run.js";
import { formatRun, runToJson } from "../../src/cli/output.js";
import { repoRoot } from "../helpers/cli.js";
import { checkFile, checkFiles } from "../helpers/inprocess.js";
import { formatSource } from "../../src/format/format.js";

const fixtures = join(repoRoot, "test/fixtures/refinement");

function load(path: string): FrontEnd {
  const fe = frontEnd(path);
  if (!fe.front) throw new Error(`${path} does not load: ${fe.diagnostics.map((d) => d.message).join("; ")}`);
  return fe.front;
}

/** Runs the check block `name` of `path`, with command-line bounds `cli` on top. */
async function run(path: string, name: string, cli: { maxDepth?: number } = {}): Promise<CheckRun> {
  const front = load(path);
  const check = front.table.checks.find((c) => c.name.name === name);
  return runCheck(front, planOf(check, { consts: [], ...cli }));
}

const CLOCK = join(fixtures, "clock.vmaspec");

describe("refinement of a hand-counted pair (Clock refines Hours)", () => {
  it("checks every one of the 16 transitions: 4 abstract steps, 12 stutters", async () => {
    const r = await run(CLOCK, "correct");
    expect(r.verdict?.status).toBe("met");
    const checked = r.refinements![0];
    expect(checked.name).toBe("Hours");
    expect(checked.result?.outcome).toBe("ok");
    const { elapsedMs: _, ...stats } = checked.result!.stats;
    expect(stats).toEqual({
      states: 12,
      transitions: 16,
      stutters: 12,
      abstractSteps: 4,
      abstractStates: 3,
      depth: 6,
    });
    // Independently: the safety search generated the one initial state and every transition.
    expect(checked.result!.stats.transitions).toBe(r.result!.stats.statesGenerated - 1);
  });

  it("reports a step that skips an hour as a one-step trace in both vocabularies", async () => {
    const r = await run(CLOCK, "jump");
    expect(r.verdict?.status).toBe("met");
    const v = r.result!.violation!;
    expect(v.kind).toBe("refinement");
    expect(v.name).toBe("Hours");
    const detail = v.refinement!.detail;
    expect(detail.trace.steps.map((s) => r.model!.describeTransition(s.transition))).toEqual(["Jump"]);
    expect(detail.matched).toEqual([undefined]);
    const abs = v.refinement!.abstract;
    expect(detail.abstractStates.map((s) => abs.show(s))).toEqual([
      [["h", { kind: "int", value: 0 }]],
      [["h", { kind: "int", value: 2 }]],
    ]);
    expect(detail.candidates.map((c) => abs.describeTransition(c.transition!))).toEqual(["Tick"]);
    const text = formatRun(r);
    expect(text).toContain("Step 1: Jump");
    expect(text).toContain("n : 0 -> 4");
    expect(text).toContain("=> Hours: no abstract step matches: h 0 -> 2");
    expect(text).toContain("Tick: h 0 -> 1");
    const json = runToJson(r, CLOCK) as { violation: { kind: string; refinement: any } };
    expect(json.violation.kind).toBe("refinement");
    expect(json.violation.refinement.steps).toEqual([
      { step: 1, action: "Jump", abstractState: { h: "2" }, abstractStep: null },
    ]);
    expect(json.violation.refinement.candidates).toEqual([{ abstractStep: "Tick", state: { h: "1" } }]);
  });

  it("reports an initial state that maps to no initial state of the abstract spec", async () => {
    const r = await run(CLOCK, "late_start");
    const detail = r.result!.violation!.refinement!.detail;
    expect(detail.message).toBe("an initial state maps to a state that is not an initial state of Hours");
    expect(detail.trace.steps).toEqual([]);
    expect(formatRun(r)).toContain("=> Hours: h = 1");
  });

  it("exits 1 when a refinement that should hold does not, and 0 when every check is met", async () => {
    const good = await checkFile(CLOCK);
    expect(good.code).toBe(0);
    const bad = await checkFiles({
      "main.vmaspec": CLOCK_TEXT.replace("const JUMP = false", "const JUMP = true"),
      "hours.vmaspec": HOURS_TEXT,
    });
    expect(bad.code).toBe(1);
    expect(bad.runs[0].violation?.kind).toBe("refinement");
    expect(bad.text).toContain("expected ok, found violation Hours");
  });

  it("is inconclusive within a bound, whether the check block or the command line sets it", async () => {
    const declared = await checkFiles({
      "main.vmaspec": CLOCK_TEXT.replace(
        "check correct    { allow deadlock; expect ok; expect states 12 }",
        "check correct { max depth 3; allow deadlock; expect ok }",
      ),
      "hours.vmaspec": HOURS_TEXT,
    });
    expect(declared.runs[0]).toMatchObject({ met: false, outcome: "bounded" });
    expect(declared.code).toBe(4);
    expect(declared.text).toContain("the refinement of Hours was checked only within the max depth");
    const cli = await run(CLOCK, "correct", { maxDepth: 3 });
    expect(cli.verdict?.status).toBe("inconclusive");
    expect(cli.refinements![0].result?.outcome).toBe("bounded");
    // A bound the search never reaches leaves every transition checked.
    const wide = await run(CLOCK, "correct", { maxDepth: 10 });
    expect(wide.verdict?.status).toBe("met");
    expect(wide.refinements![0].result?.outcome).toBe("ok");
  });

  it("is not checked when the check ignores it", async () => {
    const r = await checkFiles({
      "main.vmaspec":
        CLOCK_TEXT + "check ignored { const JUMP = true; ignore Hours; allow deadlock; expect ok }\n",
      "hours.vmaspec": HOURS_TEXT,
    });
    expect(r.runs.map((x) => x.met)).toEqual([true, true]);
    expect(r.text).not.toContain("refinement of Hours is violated");
  });

  it("reports a mapped value outside the abstract variable's type as the step's violation", async () => {
    const r = await checkFiles({
      "main.vmaspec": CLOCK_TEXT.replace("h = n / 2", "h = n").replace(
        "check correct    { allow deadlock; expect ok; expect states 12 }",
        "check correct { allow deadlock; expect violation Hours }",
      ),
      "hours.vmaspec": HOURS_TEXT,
    });
    expect(r.runs[0].met).toBe(true);
    expect(r.runs[0].violation?.message).toBe("Hours's variable h: 3 is outside 0..2");
    expect(r.runs[0].violation?.length).toBe(3);
  });
});

const HOURS_TEXT = `spec Hours
const MAX = 1
var h: 0..MAX = 0
action Tick { await h < MAX; h += 1 }
`;
const CLOCK_TEXT = `spec Clock
refines Hours in "./hours.vmaspec" with { MAX = HOURS; h = n / 2 }
const HOURS = 2
const JUMP = false
var n: 0..5 = 0
var m: 0..1 = 0
action Inc  { await n < 5; n += 1 }
action Flip { await m == 0; m = 1 }
action Jump { await JUMP && n == 0; n = 4 }
check correct    { allow deadlock; expect ok; expect states 12 }
`;

describe("the refcount-based VMA lock refines a reader/writer lock", () => {
  const spec = join(repoRoot, "specs/vma_refcount_rwlock.vmaspec");

  it("maps each of the 734 transitions of the design to a lock step or a stutter", async () => {
    const r = await run(spec, "correct");
    expect(r.verdict?.status).toBe("met");
    const stats = r.refinements![0].result!.stats;
    expect([stats.states, stats.transitions, stats.abstractSteps, stats.stutters]).toEqual([
      286, 734, 191, 543,
    ]);
    expect(stats.transitions).toBe(r.result!.stats.statesGenerated - 1);
  });

  it("finds the reader that skips the sequence check in 5 steps, the lock's view beside each", async () => {
    const r = await run(spec, "no_seq_check");
    expect(r.verdict?.status).toBe("met");
    const { abstract, detail } = r.result!.violation!.refinement!;
    expect(detail.trace.steps.map((s) => r.model!.describeTransition(s.transition))).toEqual([
      "Reader[1] lookup",
      "Writer enter",
      "Writer wait",
      "Reader[1] get",
      "Reader[1] check",
    ]);
    expect(detail.matched.map((t) => (t === null ? "stutter" : t && abstract.describeTransition(t)))).toEqual(
      ["stutter", "stutter", "write_lock", "stutter", undefined],
    );
    const text = formatRun(r);
    expect(text).toContain("=> VmaRwLock: no abstract step matches: readers {} -> {1}");
    expect(text).toContain("from readers = {}, writer = true, attached = true, freed = false");
  });
});

describe("mistakes in a refinement mapping", () => {
  const ABS = "spec Abs\nconst K = 1\nvar y: 0..3 = 0\naction B { await y < K; y += 1 }\n";
  const impl = (mapping: string) =>
    `spec S\nrefines Abs in "./abs.vmaspec" with { ${mapping} }\nvar x: 0..3 = 0\naction A { await x < 3; x += 1 }\n`;
  async function diagnostics(mapping: string, abs = ABS, name?: string) {
    const r = await checkFiles({
      "main.vmaspec": name ? impl(mapping).replace("refines Abs", `refines ${name}`) : impl(mapping),
      "abs.vmaspec": abs,
    });
    return r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`);
  }

  it("names a variable the abstract spec does not declare", async () => {
    expect(await diagnostics("y = x; w = x")).toEqual([
      "2:46 N031 refines Abs: 'w' is not a variable or constant of spec Abs",
    ]);
  });

  it("names a spec that is not the one in the file", async () => {
    expect(await diagnostics("y = x", ABS, "Other")).toEqual([
      "2:9 N031 refines Other: './abs.vmaspec' declares spec Abs, not spec Other",
    ]);
  });

  it("points at a value of the wrong type", async () => {
    expect(await diagnostics("y = x > 1")).toEqual([
      "2:43 T001 type mismatch: Abs's variable y is 0..3, but this is bool",
    ]);
  });

  it("asks for a constant where the abstract spec has one", async () => {
    expect(await diagnostics("K = x; y = x")).toEqual([
      "2:43 E003 refines Abs: the constant K must be given a constant expression of this spec",
    ]);
  });

  it("refuses an abstract spec with processes", async () => {
    const withProcess = "spec Abs\nvar y: 0..3 = 0\nprocess P { step s { y = 1 } }\n";
    expect(await diagnostics("y = x", withProcess)).toEqual([
      "2:9 N031 refines Abs: the refined spec must be written with actions only (its processes' program counters cannot be mapped)",
    ]);
  });

  it("reports a missing file where the path is written", async () => {
    const r = await checkFiles({ "main.vmaspec": impl("y = x").replace("./abs.vmaspec", "./gone.vmaspec") });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["C001"]);
  });
});

describe("the refines declaration as written", () => {
  it("is laid out as a check block is: one entry per line, or as the author joined them", () => {
    const text =
      'spec S\nrefines  Abs in "./abs.vmaspec"   with {y=x;  K = 2\n      z = x > 1 }\nvar x: 0..3 = 0\naction A { x = 1 }\n';
    expect(formatSource("s.vmaspec", text).text).toBe(
      'spec S\nrefines Abs in "./abs.vmaspec" with {\n  y = x; K = 2\n  z = x > 1\n}\n\nvar x: 0..3 = 0\naction A { x = 1 }\n',
    );
  });
});
