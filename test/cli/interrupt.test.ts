// SIGINT and SIGTERM during a long check: the statistics so far and "interrupted" are printed (also
// under --json and --workers 2), worker threads stop, and the exit code is the shell's (130, 143).
// And progress lines reach stderr when it is not a terminal (--progress SECONDS).
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { acceptanceDir, jsonLines, repoRoot } from "../helpers/cli.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";

const cli = resolve(repoRoot, "dist/src/cli/main.js");
/** Millions of states: minutes of search, interrupted after the first progress line. */
const LONG = [
  "check",
  join(acceptanceDir, "vma_refcount.vmaspec"),
  "--check",
  "correct",
  "--const",
  "READERS=8",
  "--const",
  "CYCLES=3",
];

/** Runs a long check, sends `signal` once it reports progress, and collects what it printed. */
function interrupted(
  extra: string[],
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...LONG, "--progress", "0.2", ...extra], { cwd: repoRoot });
    let stdout = "";
    let stderr = "";
    let sent = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`no exit after ${signal}: ${stderr}`));
    }, 60_000);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (!sent && stderr.includes("vmaspec: progress:")) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe("interrupting a check", () => {
  it("prints the statistics so far and exits 130 on SIGINT", async () => {
    const r = await interrupted([], "SIGINT");
    expect(r.code).toBe(130);
    expect(r.stdout).toContain("check correct: INCONCLUSIVE");
    expect(r.stdout).toMatch(/interrupted: no violation in the first [\d,]+ states \([\d,]+ still queued\)/);
    expect(r.stdout).toMatch(/[\d,]+ distinct states, [\d,]+ generated, depth \d+/);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(/^Interrupted by SIGINT after 1 of 1 check/);
  }, 90_000);

  it("prints one JSON line marked interrupted and exits 143 on SIGTERM, with two workers stopped", async () => {
    const r = await interrupted(["--json", "--workers", "2"], "SIGTERM");
    expect(r.code).toBe(143);
    const [run] = jsonLines(r.stdout);
    expect(run).toMatchObject({ status: "inconclusive", interrupted: true, boundedBy: "interrupted" });
    expect(run.stats.distinctStates).toBeGreaterThan(0);
  }, 90_000);
});

describe("interrupting a simulation", () => {
  it("prints the walks so far, marked interrupted, and exits 130", async () => {
    const r = await new Promise<{ code: number | null; stdout: string }>((done) => {
      const args = [
        "simulate",
        join(acceptanceDir, "vma_refcount.vmaspec"),
        "--check",
        "correct",
        "--const",
        "READERS=8",
      ];
      const child = spawn(process.execPath, [cli, ...args, "--runs", "100000000", "--seed", "1", "--json"], {
        cwd: repoRoot,
      });
      let stdout = "";
      child.stdout.on("data", (d) => (stdout += d));
      setTimeout(() => child.kill("SIGINT"), 4000);
      child.on("exit", (code) => done({ code, stdout }));
    });
    expect(r.code).toBe(130);
    const [run] = jsonLines(r.stdout);
    expect(run).toMatchObject({ status: "inconclusive", interrupted: true });
    expect(run.stats.runs).toBeGreaterThan(0);
    expect(run.stats.runs).toBeLessThan(100000000);
  }, 90_000);
});

describe("progress lines", () => {
  it("go to stderr, one per line, when stderr is not a terminal; --progress 0 turns them off", async () => {
    const r = await interrupted(["--max-states", "3000000"], "SIGINT");
    expect(r.stderr).toMatch(
      /^vmaspec: progress: check correct: [\d,]+ states, depth \d+, [\d,]+ queued, [\d,]+ states\/s, \d+ s$/m,
    );
    // These two need no signal: the command line runs in this process (vmaspecInProcess).
    const quiet = await vmaspecInProcess([
      "check",
      join(acceptanceDir, "diehard.vmaspec"),
      "--progress",
      "0",
    ]);
    expect(quiet.stderr).toBe("");
    expect(
      (await vmaspecInProcess(["check", join(acceptanceDir, "diehard.vmaspec"), "--progress", "soon"])).code,
    ).toBe(2);
  }, 90_000);
});
