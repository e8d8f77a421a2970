// Interrupts (`interrupt H on P when e { step ... }`): located errors for their misuse, the state
// each instance of P carries (`irq_depth`, `irq`), traces that show a handler's steps in the
// interrupted instance's lane, and `check --por` declining such a spec. Exact state counts are
// pinned by hand in test/fixtures/lang/interrupts.vmaspec and cross-checked against the reference
// interpreter (test/differential/reference.test.ts) with interrupts_cpus.vmaspec.

import { describe, expect, it } from "vitest";
import { checkFiles, diagnose, located, vmaspecInProcess, writeSpec } from "../helpers/inprocess.js";

const cpu = `spec S
var x: 0..3 = 0
process Cpu { step a { x = 1 } step b { x = 2 } }
`;

describe("interrupts", () => {
  it("accepts a handler that reads the process's locals and masks with local_irq_disable", () => {
    const ok = `spec S
var x: 0..3 = 0
process Cpu[c in 0..1] {
  var mine: 0..3 = 0
  step a { local_irq_save(); x = 1 }
  step b { mine = x; local_irq_restore() }
}
interrupt Tick on Cpu when irq_depth == 0 && mine < 3 {
  step top { mine = 3; if x == 0 { goto done } }
  step bottom { goto top }
}
invariant I: Cpu[0].irq_depth <= 1
`;
    expect(located(diagnose(ok))).toEqual([]);
  });

  it("names a handler's step as a value of the instance's irq local, and reports an unknown one", async () => {
    const spec = `${cpu}interrupt T on Cpu { step h1 { } step h2 { } }
invariant NeverInH2: Cpu.irq != T.h2
check c { expect violation NeverInH2 }
`;
    const run = await checkFiles({ "main.vmaspec": spec });
    expect(run.runs[0]).toMatchObject({ met: true, violation: { length: 1 } });
    expect(
      located(diagnose(`${cpu}interrupt T on Cpu { step h { } }\ninvariant I: Cpu.irq != T.g\n`)),
    ).toMatchObject([{ code: "N005", line: 5, col: 27, message: "interrupt T has no step 'g'" }]);
  });

  it("reports an interrupt on an unknown process, and on something that is not a process", () => {
    expect(located(diagnose(`${cpu}interrupt T on Cpux { step h { x = 0 } }\n`))).toMatchObject([
      { code: "N001", line: 4, col: 16, message: "interrupt T is on an unknown process 'Cpux'" },
    ]);
    expect(located(diagnose(`${cpu}interrupt T on x { step h { x = 0 } }\n`))).toMatchObject([
      { code: "T009", line: 4, col: 16 },
    ]);
  });

  it("reports masking in a process no interrupt is on, and in an action", () => {
    const noIrq = "spec S\nvar x: 0..1 = 0\nprocess P { step a { local_irq_disable() } }\n";
    expect(located(diagnose(noIrq))).toMatchObject([
      {
        code: "T009",
        line: 3,
        col: 22,
        message: "local_irq_disable(): no interrupt is declared on process P ('interrupt H on P { ... }')",
      },
    ]);
    const inAction = `${cpu}interrupt T on Cpu { step h { x = 0 } }\naction A { local_irq_enable() }\n`;
    expect(located(diagnose(inAction))).toMatchObject([{ code: "T009", line: 5, col: 12 }]);
  });

  it("reports a goto to a step the handler does not have, a proc call, locals and a fair step", () => {
    const bad = `${cpu}proc p() { step s { x = 0 } }
interrupt T on Cpu {
  var l: 0..1 = 0
  step h { call p() }
  fair step g { goto a }
}
`;
    expect(located(diagnose(bad)).map((d) => [d.code, d.line, d.col])).toEqual(
      [
        ["T009", 6, 3],
        ["T022", 8, 3],
        ["T009", 7, 12],
        ["N005", 8, 22],
      ].sort(byLine),
    );
  });

  it("reports a local named like the state an interrupt adds, and a handler with no steps", () => {
    const clash = `spec S\nprocess Cpu { var irq_depth: 0..1 = 0 step a { } }\ninterrupt T on Cpu { step h { } }\n`;
    expect(located(diagnose(clash))).toMatchObject([{ code: "N002", line: 2, col: 19 }]);
    expect(located(diagnose(`${cpu}interrupt T on Cpu { }\n`))).toMatchObject([
      { code: "T015", line: 4, col: 11, message: "interrupt T has no steps" },
    ]);
  });

  it("fails local_irq_enable() with interrupts enabled, and nesting past the depth", async () => {
    const unbalanced = `${cpu.replace("step b { x = 2 }", "step b { local_irq_enable() }")}interrupt T on Cpu { step h { } }
check c { expect violation assert }
`;
    const run = await checkFiles({ "main.vmaspec": unbalanced });
    expect(run.runs[0]).toMatchObject({ met: true });
    expect(run.runs[0].violation?.message).toBe("local_irq_enable() with interrupts already enabled");
    const deep = `spec S
process Cpu { step a { local_irq_disable(); local_irq_disable(); local_irq_disable(); local_irq_disable() } }
interrupt T on Cpu { step h { } }
check c { expect violation runtime }
`;
    expect((await checkFiles({ "main.vmaspec": deep })).runs[0]).toMatchObject({ met: true });
  });

  it("runs a handler's steps in the interrupted instance's lane while the instance waits", async () => {
    const spec = `spec S
var x: 0..3 = 0
var y: 0..3 = 0
process Cpu[c in 0..1] { step a { x = x + 1 } }
interrupt T on Cpu when c == 1 && x == 0 {
  step h1 { y = 1 }
  step h2 { assert x == 0 : "the interrupted CPU moved" }
}
check c { expect violation assert }
`;
    const run = await checkFiles({ "main.vmaspec": spec });
    const trace = run.runs[0].violation!.trace.slice(1).map((s) => s.action);
    // Cpu[0] runs between the handler's two steps; Cpu[1] does not: it is the one interrupted.
    expect(trace).toEqual(["Cpu[1] T.h1", "Cpu[0] a", "Cpu[1] T.h2"]);
  });

  it("moves an instance's interrupt state with it under symmetry", async () => {
    // Per instance: pc in {a, done} x n in {0, 1}, all four reachable (the handler sets n from
    // either pc). Two instances: 4 * 4 = 16 states; as multisets of two of the four: 10 orbits.
    const spec = (symmetric: string) => `spec S
${symmetric} process Cpu[c in 0..1] { var n: bool = false step a { } }
interrupt T on Cpu when !n { step h { n = true } }
check c { expect ok }
`;
    const plain = await checkFiles({ "main.vmaspec": spec("") });
    const orbits = await checkFiles({ "main.vmaspec": spec("symmetric") });
    expect(plain.runs[0]).toMatchObject({ met: true, stats: { distinctStates: 16 } });
    expect(orbits.runs[0]).toMatchObject({ met: true, stats: { distinctStates: 10 } });
    const telling = `spec S
symmetric process Cpu[c in 0..1] { step a { } }
interrupt T on Cpu when c == 0 { step h { } }
`;
    expect(located(diagnose(telling))).toMatchObject([{ code: "T021", line: 3, col: 30 }]);
    // With instances indexed 0..3, irq_depth is 0..4, so it is not taken for an instance id.
    const masked = `spec S
symmetric process Cpu[c in 0..3] { step a { local_irq_disable() } step b { local_irq_enable() } }
interrupt T on Cpu { step h { } }
check c { expect ok }
`;
    expect((await checkFiles({ "main.vmaspec": masked })).runs[0]).toMatchObject({ met: true });
  });

  it("lets a storm of interrupts starve a weakly fair instance, not a strongly fair one", async () => {
    // The handler has two steps: between them the instance cannot move, so under weak fairness
    // it is not continuously enabled; a handler once taken runs to its end in a fair process.
    const spec = (fairness: string, expectation: string) => `spec S
var n: 0..1 = 0
${fairness} process Cpu { step a { n = 1 } }
interrupt Tick on Cpu { step h1 { } step h2 { } }
property Progress: eventually n == 1
check c { ${expectation} }
`;
    const weak = await checkFiles({ "main.vmaspec": spec("fair", "expect violation Progress") });
    expect(weak.runs[0]).toMatchObject({ met: true, violation: { length: 2 } });
    const strong = await checkFiles({ "main.vmaspec": spec("strong fair", "expect ok") });
    expect(strong.runs[0]).toMatchObject({ met: true });
  });

  it("checks a spec with interrupts without partial-order reduction, and says why", async () => {
    const spec = `${cpu}interrupt T on Cpu when x < 3 { step h { x = 3 } }\ncheck c { expect ok; expect states 6 }\n`;
    const file = writeSpec(spec);
    const run = await vmaspecInProcess(["check", "--por", file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("6 distinct states");
    expect(run.stdout).toContain(
      "partial-order reduction: off (a spec with interrupts is searched without reduction: a handler may run at any step)",
    );
  });
});

function byLine(a: (string | number)[], b: (string | number)[]): number {
  return (a[1] as number) - (b[1] as number) || (a[2] as number) - (b[2] as number);
}
