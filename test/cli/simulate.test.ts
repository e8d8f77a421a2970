// `vmaspec simulate` as a user runs it: it finds the acceptance specs' bugs and prints a seed that
// replays the same walk, meets ok checks without claiming a proof, prints coverage, explains a
// deadlock, and exits with the same codes as `check`.
// The command line runs in this process (vmaspecInProcess); test/cli/exit-codes.test.ts shows
// it prints and exits as the spawned command does.
import { vmaspecInProcess } from "../helpers/inprocess.js";
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { acceptanceDir, jsonLines, specDir } from "../helpers/cli.js";

interface JsonSimulation {
  check: string;
  met: boolean;
  seed: number;
  coverage: { stepsNeverFired: string[]; branchesNeverRun: string[] };
  violation?: { kind: string; name?: string; seed: number; reproduce: string; trace: object[] };
}

async function simulateJson(
  file: string,
  check: string,
  extra: string[],
): Promise<{ code: number; run: JsonSimulation }> {
  const r = await vmaspecInProcess([
    "simulate",
    join(acceptanceDir, file),
    "--check",
    check,
    "--json",
    ...extra,
  ]);
  return { code: r.code, run: jsonLines<JsonSimulation>(r.stdout)[0] };
}

describe("vmaspec simulate on the acceptance specs", () => {
  const buggy: [string, string, string][] = [
    ["diehard.vmaspec", "solve", "NotSolved"],
    ["peterson.vmaspec", "broken", "Mutex"],
    ["vma_refcount.vmaspec", "no_seq_check", "NoReadDuringWrite"],
    ["vma_refcount.vmaspec", "free_early", "NoRefOnFreed"],
  ];
  for (const [file, check, invariant] of buggy) {
    it(`finds ${invariant} in ${file} (${check}) and --seed S --runs 1 gives the same trace`, async () => {
      const { code, run } = await simulateJson(file, check, ["--seed", "11"]);
      expect(code).toBe(0);
      expect(run.met).toBe(true);
      expect(run.violation).toMatchObject({ kind: "invariant", name: invariant });
      const seed = run.violation!.seed;
      expect(run.violation!.reproduce).toContain(`--seed ${seed} --runs 1`);
      const again = await simulateJson(file, check, ["--seed", String(seed), "--runs", "1"]);
      expect(again.run.violation?.trace).toEqual(run.violation!.trace);
    });
  }

  it("prints the seed and the command that replays the walk with the counterexample", async () => {
    const r = await vmaspecInProcess([
      "simulate",
      join(acceptanceDir, "peterson.vmaspec"),
      "--check",
      "broken",
      "--seed",
      "3",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("check broken: met (expected violation Mutex)");
    expect(r.stdout).toMatch(/found by run \d+ after \d+ steps/);
    expect(r.stdout).toMatch(/vmaspec simulate \S+peterson\.vmaspec --check broken --seed \d+ --runs 1/);
    expect(r.stdout).toMatch(/Step 1: P\[[01]\] want +\(.*peterson\.vmaspec:10\)/);
    expect(r.stdout).toMatch(/\d[\d,]* runs\/s, [\d,]+ steps\/s/);
  });

  it("calls an ok check no walk breaks inconclusive unless --accept-unproven, and reports coverage", async () => {
    const r = await vmaspecInProcess([
      "simulate",
      join(acceptanceDir, "vma_refcount.vmaspec"),
      "--check",
      "correct",
      "--seed",
      "5",
      "--runs",
      "2000",
    ]);
    // No walk proves ok: inconclusive (exit 4) unless the user accepts it with --accept-unproven.
    expect(r.code).toBe(4);
    expect(r.stdout).toContain("check correct: INCONCLUSIVE (expected ok, 286 states)");
    expect(r.stdout).toContain(
      "inconclusive: no violation in 2,000 runs of up to 100 steps, which proves nothing",
    );
    expect(r.stdout).toMatch(/INCONCLUSIVE: 1 of 1 check decided nothing \(exit code 4\) \(seed 5\)\.\n$/);
    const accepted = await vmaspecInProcess([
      "simulate",
      join(acceptanceDir, "vma_refcount.vmaspec"),
      "--check",
      "correct",
      "--seed",
      "5",
      "--runs",
      "2000",
      "--accept-unproven",
    ]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain(
      "no violation in 2,000 runs of up to 100 steps: not a proof (--accept-unproven) (seed 5)",
    );
    expect(r.stdout).toContain("coverage: every step fired");
    expect(r.stdout).toContain("(expect states 286 not compared");
  });
});

describe("vmaspec simulate on small specs", () => {
  const dir = specDir({
    "cov.vmaspec": `spec Cov
var x: 0..3 = 0
action Inc { await x < 3; x += 1 }
action Reset { await x == 3; either { x = 0 } or { x = 1 } }
action Never { await x > 3; either { x = 0 } or { x = 2 } }
check all { expect ok }
check wrong { expect violation }
`,
    "dl.vmaspec": `spec Deadlock
var a: bool = false
var b: bool = false
process P { step take_a { await !a; a = true } step take_b { await !b; b = true } step release { a = false; b = false } }
process Q { step take_b { await !b; b = true } step take_a { await !a; a = true } step release { a = false; b = false } }
check dl { expect deadlock }
`,
  });

  it("lists the step that never fires and the either branches that never run", async () => {
    const r = await vmaspecInProcess(
      ["simulate", "cov.vmaspec", "--check", "all", "--seed", "1", "--runs", "50"],
      dir,
    );
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/steps that never fired: Never \(cov\.vmaspec:5\)\n/);
    expect(r.stdout).toContain(
      "either branches that never ran: branch 1 of the either in Never (cov.vmaspec:5), branch 2 of the either in Never (cov.vmaspec:5)",
    );
  });

  it("calls a check whose expected violation no walk finds inconclusive (exit 4): walks prove no absence", async () => {
    const r = await vmaspecInProcess(
      ["simulate", "cov.vmaspec", "--check", "wrong", "--seed", "1", "--runs", "20"],
      dir,
    );
    expect(r.code).toBe(4);
    expect(r.stdout).toContain("check wrong: INCONCLUSIVE (expected violation)");
    expect(r.stdout).toContain(
      "inconclusive: expected violation, but no walk found it in 20 runs of up to 100 steps",
    );
  });

  it("reports a stuck run as a deadlock with the state where nothing can move and who waits where", async () => {
    const r = await vmaspecInProcess(["simulate", "dl.vmaspec", "--seed", "1"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("check dl: met (expected deadlock)");
    expect(r.stdout).toMatch(/Nothing can move in state \d+/);
    expect(r.stdout).toMatch(/\* [ab] += true/);
    expect(r.stdout).toMatch(/P +waits at step take_b \(the await at dl\.vmaspec:4\)/);
    expect(r.stdout).toMatch(/Q +waits at step take_a \(the await at dl\.vmaspec:5\)/);
  });

  it("rejects a bad seed as a usage error (exit 2)", async () => {
    const r = await vmaspecInProcess(["simulate", "cov.vmaspec", "--seed", "-4"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--seed expects an integer from 0 to 4294967295");
  });
});

describe("vmaspec simulate --workers", () => {
  it("finds with two threads the walk one thread finds, and prints the command that replays it", async () => {
    const one = await simulateJson("diehard.vmaspec", "solve", ["--seed", "4"]);
    const two = await simulateJson("diehard.vmaspec", "solve", ["--seed", "4", "--workers", "2"]);
    expect(two.code).toBe(0);
    expect(two.run.met).toBe(true);
    // The whole violation: kind, trace, the run's seed and the `--seed S --runs 1` command.
    expect(two.run.violation).toEqual(one.run.violation);
    expect(two.run.violation!.reproduce).toContain(`--seed ${two.run.violation!.seed} --runs 1`);
  });

  it("rejects zero workers as a usage error (exit 2)", async () => {
    const r = await vmaspecInProcess(["simulate", join(acceptanceDir, "diehard.vmaspec"), "--workers", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--workers expects a number of threads from 1 to 64, not '0'");
  });
});
