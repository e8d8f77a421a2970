// Coverage after a complete search: steps, actions and either branches that never fired are listed
// with file:line as a warning (text and JSON); `expect covered` and `expect reached` make a check
// NOT MET without them; the acceptance specs' coverage is known. Checks run as `vmaspec check`
// runs them, in this process (test/helpers/inprocess.ts).
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { acceptanceDir, jsonLines, specDir } from "../helpers/cli.js";
import { checkFile, vmaspecInProcess } from "../helpers/inprocess.js";

const DEAD = `spec Dead
var x: 0..3 = 0
var y: bool = false
process P {
  step a { either { x = 1 } or { x = 2 }; goto b }
  step b { await y; goto a }
  step never { await x == 3; x = 0 }
}
action Flip { y = !y }
action Reset { await x == 3; x = 0 }
check plain { expect ok }
check cov { expect ok; expect covered }
check reach_live { expect ok; expect reached P.a, Flip }
check reach_dead { expect ok; expect reached Reset }
check reach_typo { expect ok; expect reached P.c }
`;
const dir = specDir({ "dead.vmaspec": DEAD });

/** `vmaspec check dead.vmaspec --check NAME` in the spec's folder: exit code, text, JSON lines. */
async function check(name: string) {
  const r = await checkFile("dead.vmaspec", { check: name, cwd: dir });
  return { code: r.code, stdout: r.text, stderr: r.stderr, runs: r.runs as any[] };
}

describe("coverage of a complete search", () => {
  it("warns about the dead step and action with their file:line", async () => {
    const r = await check("plain");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "warning: 2 parts of the spec never fired (dead code, or a guard that never holds):",
    );
    expect(r.stdout).toContain("dead.vmaspec:7: step P never");
    expect(r.stdout).toContain("dead.vmaspec:10: action Reset");
    const [json] = r.runs;
    expect(json.uncovered).toEqual([
      { kind: "step", label: "P never", file: "dead.vmaspec", line: 7 },
      { kind: "action", label: "Reset", file: "dead.vmaspec", line: 10 },
    ]);
  });

  it("counts the same with two worker threads", async () => {
    const [json] = jsonLines(
      (await vmaspecInProcess(["check", "dead.vmaspec", "--check", "plain", "--json", "--workers", "2"], dir))
        .stdout,
    );
    expect(json.uncovered.map((u: { label: string }) => u.label)).toEqual(["P never", "Reset"]);
  });

  it("fails `expect covered` on a dead step (exit 1)", async () => {
    const r = await check("cov");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("check cov: NOT MET (expected ok, covered)");
    expect(r.stdout).toContain("never fired: P never (dead.vmaspec:7), Reset (dead.vmaspec:10)");
  });

  it("meets `expect reached` for steps that fire and fails it for one that never does", async () => {
    expect((await check("reach_live")).code).toBe(0);
    const r = await check("reach_dead");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("expected these steps to fire, but never fired: Reset");
  });

  it("rejects a step name no step has (exit 2)", async () => {
    const r = await check("reach_typo");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("expects 'P.c' to be reached, but no step or action has that name");
  });

  it("meets `expect covered` when everything fires", async () => {
    const spec = DEAD.replace("  step never { await x == 3; x = 0 }\n", "").replace(
      "action Reset { await x == 3; x = 0 }",
      "action Reset { await x == 2; x = 0 }",
    );
    const r = await checkFile("d.vmaspec", { check: "cov", cwd: specDir({ "d.vmaspec": spec }) });
    expect(r.code).toBe(0);
    expect(r.text).not.toContain("never fired");
  });

  it("looks at every acceptance spec: the ones without dead steps stay without", async () => {
    for (const file of ["diehard.vmaspec", "peterson.vmaspec", "vma_refcount.vmaspec"]) {
      const runs = (await checkFile(join(acceptanceDir, file))).runs as any[];
      for (const run of runs.filter((r) => r.outcome === "ok"))
        expect({ file, check: run.check, uncovered: run.uncovered }).toEqual({
          file,
          check: run.check,
          uncovered: [],
        });
    }
  });
});
