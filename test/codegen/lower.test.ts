// The lowering (src/ir/lower.ts) on specs written inline: what it desugars and the tables it
// builds, asserted on the LoweredSpec itself rather than on the printed module.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { frontEnd, typeCheckConfiguration } from "../../src/compile.js";
import { computeLayout } from "../../src/ir/layout.js";
import { lower, type LoweredSpec } from "../../src/ir/lower.js";
import type { TStmt } from "../../src/typecheck/typed.js";

function lowered(text: string): LoweredSpec {
  const dir = mkdtempSync(join(tmpdir(), "vmaspec-lower-"));
  const file = join(dir, "s.vmaspec");
  writeFileSync(file, text);
  const fe = frontEnd(file);
  expect(fe.diagnostics).toEqual([]);
  const { spec, diagnostics } = typeCheckConfiguration(fe.front!, []);
  expect(diagnostics).toEqual([]);
  return lower(spec!, computeLayout(spec!));
}

/** Every numeric `id` in a tree (binders, lets, parameters). */
function ids(value: unknown, out: number[] = [], seen = new WeakSet<object>()): number[] {
  if (typeof value !== "object" || value === null || seen.has(value)) return out;
  seen.add(value);
  for (const [k, v] of Object.entries(value)) {
    if (k === "id" && typeof v === "number") out.push(v);
    else ids(v, out, seen);
  }
  return out;
}

const SPEC = `spec Lowering
type Dir = enum { Up, Down }
var on: bool in bool
var level: 0..3 in {0, 2}
var dir: Dir = Up
var total: 0..3 = 0
proc f(v: 0..3) {
  step g { let w = v; total = w }
}
action Turn(d in Dir, n in 0..1) { let k = n + 1; await d != dir; dir = d }
process P[i in 1..2] {
  var x: 0..3 in {1, 3}
  step a { if x == 1 { goto c } }
  step b { call f(x) }
  step c { }
}
process Q {
  step only { on = !on }
}
`;

describe("the lowering", () => {
  it("desugars `var x in S` into a choice whose binder id no checker id uses", () => {
    const l = lowered(SPEC);
    const chooses = [...l.init.globals, ...l.processes.flatMap((p) => p.init.body)].filter(
      (s): s is Extract<TStmt, { k: "choose" }> => s.k === "choose",
    );
    expect(chooses.map((c) => c.binder.name)).toEqual(["init", "init", "init"]);
    const introduced = chooses.map((c) => c.binder.id);
    expect(new Set(introduced).size).toBe(3);
    const checker = ids(l.spec);
    expect(Math.min(...introduced)).toBeGreaterThan(Math.max(...checker));
    // `var dir: Dir = Up` stays an assignment.
    expect(l.init.globals.map((s) => s.k)).toEqual(["choose", "choose", "assign", "assign"]);
  });

  it("turns action parameters into choices before the body, with labels for enum parameters", () => {
    const l = lowered(SPEC);
    const [turn] = l.actions;
    expect(turn.fnName).toBe("action_Turn");
    expect(turn.body.map((s) => s.k)).toEqual(["choose", "choose", "let", "await", "assign"]);
    expect(l.paramLabels[turn.stepId]).toEqual([["Up", "Down"], null]);
    expect(l.stepInfo[turn.stepId]).toMatchObject({ kind: "action", name: "Turn", params: ["d", "n"] });
  });

  it("numbers steps, names their functions and says where each falls through", () => {
    const l = lowered(SPEC);
    const [p, q] = l.processes;
    expect(p.steps.map((s) => [s.fnName, s.pc, s.stepId, s.fallOff])).toEqual([
      ["P_a", 0, 0, { k: "goto", pc: 1 }],
      ["P_b", 1, 1, { k: "goto", pc: 2 }],
      ["P_c", 2, 2, { k: "goto", pc: 4 }],
      ["P_f_g", 3, 3, { k: "return", frame: p.layout.frames[0] }],
    ]);
    expect(p.layout.done).toBe(4);
    expect(p.instances).toEqual([
      { self: 1, base: p.layout.base },
      { self: 2, base: p.layout.base + p.layout.stride },
    ]);
    expect(q.steps.map((s) => s.fnName)).toEqual(["Q_only"]);
    expect(l.stepInfo.map((s) => `${s.owner}.${s.name}`)).toEqual([
      "P.a",
      "P.b",
      "P.c",
      "P.g",
      "Q.only",
      "Turn.Turn",
    ]);
    expect(l.shape.processes[0].pcNames).toEqual(["a", "b", "c", "f.g", "done"]);
  });
});
