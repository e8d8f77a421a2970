// `vmaspec replay` as a user runs it: a counterexample written with `--out` (by check or simulate)
// replays and is reprinted readably; a hand-edited one is rejected at the step it breaks, naming
// the variable; the configuration comes from the file's #meta; a malformed file is bad input.
// The command line runs in this process (vmaspecInProcess); test/cli/exit-codes.test.ts shows
// it prints and exits as the spawned command does.
import { vmaspecInProcess } from "../helpers/inprocess.js";
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { acceptanceDir, specDir } from "../helpers/cli.js";

const refcount = join(acceptanceDir, "vma_refcount.vmaspec");

interface ItfFile {
  "#meta": Record<string, unknown>;
  vars: string[];
  states: Record<string, unknown>[];
}

function readItf(path: string): ItfFile {
  return JSON.parse(readFileSync(path, "utf8")) as ItfFile;
}

describe("vmaspec replay", () => {
  const dir = specDir({});

  it("replays a violation written by simulate --out and reprints it readably (exit 0)", async () => {
    const out = join(dir, "free_early.itf.json");
    const sim = await vmaspecInProcess([
      "simulate",
      refcount,
      "--check",
      "free_early",
      "--seed",
      "8",
      "--out",
      out,
    ]);
    expect(sim.code).toBe(0);
    expect(sim.stdout).toContain(`trace written to ${out}`);
    const itf = readItf(out);
    expect(itf["#meta"]).toMatchObject({ check: "free_early", engine: "simulate", seed: expect.any(Number) });
    const r = await vmaspecInProcess(["replay", refcount, out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/replay .* \(check free_early\): the trace fits the spec \(\d+ steps\)/);
    expect(r.stdout).toMatch(/Step 1: \S+ \S+ +\(.*vma_refcount\.vmaspec:\d+\)/);
    expect(r.stdout).toMatch(/state \d+ violates invariant NoRefOnFreed/);
  });

  it("replays a shortest counterexample written by check --out, with its --const values", async () => {
    const out = join(dir, "three.itf.json");
    const check = await vmaspecInProcess([
      "check",
      refcount,
      "--check",
      "no_seq_check",
      "--const",
      "READERS=3",
      "--out",
      out,
    ]);
    expect(check.code).toBe(0);
    const itf = readItf(out);
    expect(itf["#meta"]).toMatchObject({ check: "no_seq_check", consts: { READERS: 3 } });
    expect(itf.states).toHaveLength(6);
    expect(itf.vars).toContain("Reader[3].pc");
    const r = await vmaspecInProcess(["replay", refcount, out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(check no_seq_check, READERS=3): the trace fits the spec (5 steps)");
    expect(r.stdout).toMatch(/Step 4: Reader\[1\] get +\(.*vma_refcount\.vmaspec:27\)\n +refcnt +: 1 +-> 2/);
    // Overriding the recorded configuration changes the state space: state 0 no longer fits.
    const other = await vmaspecInProcess(["replay", refcount, out, "--const", "READERS=2"]);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain("does NOT fit the spec at its initial state");
    expect(other.stdout).toMatch(/Reader\[3\]\.pc : the trace has lookup, the spec has no such variable/);
  });

  it("rejects a hand-edited trace at the step it breaks, naming the variable (exit 1)", async () => {
    const out = join(dir, "edited.itf.json");
    expect((await vmaspecInProcess(["check", refcount, "--check", "no_seq_check", "--out", out])).code).toBe(
      0,
    );
    const itf = readItf(out);
    // Step 4 (Reader[1] get) takes refcnt from 1 to 2; claim it went to 3.
    expect(itf.states[4].refcnt).toEqual({ "#bigint": "2" });
    itf.states[4].refcnt = { "#bigint": "3" };
    itf.states[5].refcnt = { "#bigint": "3" };
    writeFileSync(out, JSON.stringify(itf));
    const r = await vmaspecInProcess(["replay", refcount, out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("the trace does NOT fit the spec at step 4");
    expect(r.stdout).toContain(
      "step 4 (Reader[1] get, says the trace): no successor of state 3 has the values of state 4",
    );
    expect(r.stdout).toMatch(
      /by Reader\[1\] get \(.*:27\), differs in 1 variable:\n +refcnt : the trace has 3, the spec gives 2/,
    );
    expect(r.stdout).toContain("The part that fits: 3 steps");
  });

  it("treats a malformed trace file as bad input (exit 2) with a clear message", async () => {
    const bad = join(dir, "bad.itf.json");
    writeFileSync(bad, JSON.stringify({ vars: ["refcnt"], states: [{ refcnt: { "#bigint": "one" } }] }));
    const r = await vmaspecInProcess(["replay", refcount, bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `vmaspec: ${bad} is not a valid ITF trace: states[0].refcnt: #bigint must hold a string of digits`,
    );
    const missing = await vmaspecInProcess(["replay", refcount, join(dir, "missing.itf.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read");
    expect(missing.stderr).toContain("no such file");
    writeFileSync(bad, "not json");
    expect((await vmaspecInProcess(["replay", refcount, bad])).stderr).toContain(
      "is not a valid ITF trace: not JSON",
    );
  });

  it("writes nothing and says so when no check finds a violation", async () => {
    const out = join(dir, "none.itf.json");
    const r = await vmaspecInProcess([
      "check",
      join(acceptanceDir, "peterson.vmaspec"),
      "--check",
      "correct",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`(no violation found: nothing written to ${out})`);
  });
});

describe("--out never replaces what a user wrote", () => {
  const peterson = join(acceptanceDir, "peterson.vmaspec");

  it("refuses a spec, a directory or a FIFO before any search, and replaces its own trace", async () => {
    const dir = specDir({ "mine.vmaspec": "spec Mine\n" });
    mkdirSync(join(dir, "sub"));
    execFileSync("mkfifo", [join(dir, "pipe.json")]);
    for (const [target, why] of [
      ["mine.vmaspec", "mine.vmaspec exists and is not a trace vmaspec wrote: not overwritten"],
      ["sub", "cannot use sub for the trace: it is a directory"],
      ["pipe.json", "cannot use pipe.json for the trace: it is not a regular file"],
    ]) {
      const r = await vmaspecInProcess(["check", peterson, "--check", "broken", "--out", target], dir);
      expect(r.code, target).toBe(2);
      expect(r.stderr).toContain(why);
      expect(r.stdout).toBe(""); // refused before any search ran
    }
    expect(readFileSync(join(dir, "mine.vmaspec"), "utf8")).toBe("spec Mine\n");
    for (let i = 0; i < 2; i++) {
      const r = await vmaspecInProcess(["check", peterson, "--check", "broken", "--out", "t.itf.json"], dir);
      expect(r.code).toBe(0);
    }
    expect(readFileSync(join(dir, "t.itf.json"), "utf8")).toMatch(/^\{\n {2}"#meta": \{"format":"ITF"/);
  });
});
