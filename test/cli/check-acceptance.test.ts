// The acceptance specs, checked from the command line as a user runs them: every check met, with
// the exact distinct-state counts and shortest counterexample lengths the specs state.
// The command line runs in this process (vmaspecInProcess); test/cli/exit-codes.test.ts shows
// it prints and exits as the spawned command does.
import { vmaspecInProcess } from "../helpers/inprocess.js";
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { acceptanceDir, jsonLines } from "../helpers/cli.js";

interface JsonRun {
  check: string;
  met: boolean;
  outcome: string;
  stats: { distinctStates: number };
  violation?: { kind: string; name?: string; length: number; trace: { step: number; action: string }[] };
}

async function checkJson(file: string, extra: string[] = []): Promise<{ code: number; runs: JsonRun[] }> {
  const r = await vmaspecInProcess(["check", join(acceptanceDir, file), "--json", ...extra]);
  return { code: r.code, runs: jsonLines<JsonRun>(r.stdout) };
}

describe("vmaspec check on the acceptance specs", () => {
  it("solves Die Hard in 6 steps and counts 16 reachable states", async () => {
    const { code, runs } = await checkJson("diehard.vmaspec");
    expect(code).toBe(0);
    const [solve, reachable] = runs;
    expect(solve.met).toBe(true);
    expect(solve.violation?.name).toBe("NotSolved");
    expect(solve.violation?.length).toBe(6);
    expect(reachable.met).toBe(true);
    expect(reachable.stats.distinctStates).toBe(16);
  });

  it("proves Peterson's lock in 26 states and breaks the variant that never yields in 6 steps", async () => {
    const { code, runs } = await checkJson("peterson.vmaspec");
    expect(code).toBe(0);
    expect(runs.map((r) => [r.check, r.met])).toEqual([
      ["correct", true],
      ["broken", true],
    ]);
    expect(runs[0].stats.distinctStates).toBe(26);
    expect(runs[1].violation).toMatchObject({ kind: "invariant", name: "Mutex", length: 6 });
  });

  it("checks the VMA refcount lock with exact counts and the two bugs' shortest traces", async () => {
    const { code, runs } = await checkJson("vma_refcount.vmaspec");
    expect(code).toBe(0);
    const byName = Object.fromEntries(runs.map((r) => [r.check, r]));
    expect(byName.correct.stats.distinctStates).toBe(286);
    expect(byName.three.stats.distinctStates).toBe(1290);
    expect(byName.no_seq_check.violation).toMatchObject({ name: "NoReadDuringWrite", length: 5 });
    expect(byName.free_early.violation).toMatchObject({ name: "NoRefOnFreed", length: 16 });
    expect(runs.every((r) => r.met)).toBe(true);
  });

  it("reaches 28,506 states with five readers", async () => {
    const { runs } = await checkJson("vma_refcount.vmaspec", ["--check", "correct", "--const", "READERS=5"]);
    expect(runs[0].stats.distinctStates).toBe(28506);
  });

  it("prints a readable counterexample naming process instances, steps, lines and changed variables", async () => {
    const r = await vmaspecInProcess([
      "check",
      join(acceptanceDir, "vma_refcount.vmaspec"),
      "--check",
      "no_seq_check",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("check no_seq_check: met");
    expect(r.stdout).toContain("invariant NoReadDuringWrite is violated");
    expect(r.stdout).toMatch(/Step 4: Reader\[1\] get +\(.*vma_refcount\.vmaspec:27\)/);
    expect(r.stdout).toMatch(/refcnt +: 1 -> 2/);
    expect(r.stdout).not.toMatch(/Step 4:[^\n]*\n[^\n]*mm_seq/);
  });
});

describe("vmaspec check with large-space options", () => {
  it("runs in bitstate mode and reports it as bounded with an estimated coverage", async () => {
    const r = await vmaspecInProcess([
      "check",
      join(acceptanceDir, "vma_refcount.vmaspec"),
      "--check",
      "correct",
      "--bitstate-size",
      "1M",
    ]);
    // A Bloom filter may skip states: it never proves ok.
    expect(r.code).toBe(4);
    expect(r.stdout).toContain("check correct: INCONCLUSIVE");
    expect(r.stdout).toContain("bounded: no violation in 286 states (bitstate mode, estimated coverage");
  });

  it("stops cleanly at --max-memory with its statistics so far", async () => {
    const r = await vmaspecInProcess([
      "check",
      join(acceptanceDir, "vma_refcount.vmaspec"),
      "--check",
      "correct",
      "--const",
      "READERS=5",
      "--max-memory",
      "100K",
    ]);
    expect(r.stdout).toMatch(/bounded: no violation in the first [\d,]+ states \(max memory reached\)/);
    expect(r.code).toBe(4);
  });

  it("finds the same counts and shortest traces with two worker threads as with one", async () => {
    const serial = await checkJson("vma_refcount.vmaspec");
    const parallel = await checkJson("vma_refcount.vmaspec", ["--workers", "2"]);
    expect(parallel.code).toBe(0);
    // A search that stops at a violation stores a share of its last level that depends on timing.
    const summary = (runs: JsonRun[]) =>
      runs.map((r) => [
        r.check,
        r.met,
        r.violation ? r.violation.name : r.stats.distinctStates,
        r.violation?.length,
      ]);
    expect(summary(parallel.runs)).toEqual(summary(serial.runs));
    expect(summary(parallel.runs)).toContainEqual(["free_early", true, "NoRefOnFreed", 16]);
  });

  it("rejects a number of workers that is not a positive count", async () => {
    const r = await vmaspecInProcess([
      "check",
      join(acceptanceDir, "vma_refcount.vmaspec"),
      "--workers",
      "0",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--workers expects a number of threads from 1 to 64, not '0'");
  });

  it("rejects a size it cannot read", async () => {
    const r = await vmaspecInProcess([
      "check",
      join(acceptanceDir, "vma_refcount.vmaspec"),
      "--bitstate-size",
      "lots",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--bitstate-size expects a size such as 512M or 8G, not 'lots'");
  });
});
