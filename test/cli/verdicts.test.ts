// Exit 0 means proved: every bounded mode of `check` and `simulate` that decides nothing exits with
// 4 (inconclusive) and says so on its last line; a bound the check block declares is a deliberate
// bounded check; initial states are always checked; 0 for a bound is a usage error; --json is JSON
// Lines; each command's --help lists its own exit codes.
// The command line runs in this process (vmaspecInProcess); test/cli/exit-codes.test.ts shows
// it prints and exits as the spawned command does.
import { vmaspecInProcess } from "../helpers/inprocess.js";
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { acceptanceDir, jsonLines, specDir } from "../helpers/cli.js";

const VMA = join(acceptanceDir, "vma_refcount.vmaspec");
const lastLine = (out: string) => out.trimEnd().split("\n").at(-1);

const dir = specDir({
  // Three initial states; the last one violates the invariant.
  "init.vmaspec": `spec Init
var x: 0..3 = 0
init { either { x = 0 } or { x = 1 } or { x = 3 } }
invariant Small: x < 3
action Inc { await x < 2; x += 1 }
`,
  "deep.vmaspec": `spec Deep
var x: 0..9 = 0
invariant Low: x < 6
action Inc { await x < 9; x += 1 }
check deliberate { max depth 3; expect ok }
check deliberate_miss { max depth 3; expect violation Low }
check whole { expect violation Low }
check ignoring { ignore Low; expect ok }
`,
  // No initial state at all: x is chosen from an empty set.
  "empty.vmaspec": `spec Empty
var x: 0..3 in {}
invariant Small: x < 3
action Inc { x = 0 }
`,
  "live.vmaspec": `spec Live
var x: 0..3 = 0
fair process Inc { step inc { if x < 3 { x += 1 }; goto inc } }
property Reaches: eventually x == 3
check live { expect violation Reaches }
check fine { expect ok }
`,
});

describe("check: exit 0 only for a verdict the search proved", () => {
  const bounded: [string, string[], RegExp][] = [
    ["--max-depth", ["--max-depth", "3"], /bounded: no violation up to depth 3/],
    [
      "--max-states",
      ["--max-states", "20"],
      /bounded: no violation in the first 20 states \(max states reached\)/,
    ],
    ["--bitstate", ["--bitstate"], /bitstate mode, estimated coverage/],
    [
      "--workers 2 --max-depth",
      ["--workers", "2", "--max-depth", "3"],
      /bounded: no violation up to depth 3/,
    ],
  ];
  for (const [name, args, found] of bounded) {
    it(`is inconclusive (exit 4) with ${name} and no violation, and its last line says so`, async () => {
      const r = await vmaspecInProcess(["check", VMA, "--check", "correct", ...args]);
      expect(r.code).toBe(4);
      expect(r.stdout).toContain("check correct: INCONCLUSIVE (expected ok)\n");
      expect(r.stdout).toContain(
        "(expect states 286 not compared: the command line changed the configuration)",
      );
      expect(r.stdout).toMatch(found);
      expect(r.stdout).toContain("nothing was proved about the states not reached");
      expect(lastLine(r.stdout)).toBe(
        "INCONCLUSIVE: 1 of 1 check decided nothing (exit code 4); see the reasons above.",
      );
    });
  }

  it("is inconclusive when the memory budget stops the search (as the default budget would)", async () => {
    const r = await vmaspecInProcess([
      "check",
      VMA,
      "--check",
      "correct",
      "--const",
      "READERS=5",
      "--max-memory",
      "100K",
      "--json",
    ]);
    expect(r.code).toBe(4);
    expect(jsonLines(r.stdout)[0]).toMatchObject({ status: "inconclusive", met: false, boundedBy: "memory" });
  });

  it("finds a violation in the third initial state with --max-states 1 (initial states are always checked)", async () => {
    const r = await vmaspecInProcess(["check", "init.vmaspec", "--max-states", "1"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("invariant Small is violated");
    expect(r.stdout).toMatch(/State 0: initial state\n\s+x = 3/);
  });

  it("does not meet a check on a spec with no initial state, where every invariant holds vacuously", async () => {
    const r = await vmaspecInProcess(["check", "empty.vmaspec"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("the spec has no initial state");
  });

  it("rejects 0 for a bound or a size as a usage error (exit 2)", async () => {
    for (const args of [
      ["--max-states", "0"],
      ["--max-depth", "0"],
      ["--max-memory", "0"],
      ["--bitstate-size", "0"],
    ]) {
      const r = await vmaspecInProcess(["check", "init.vmaspec", ...args], dir);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(args[0]);
    }
  });

  it("meets a check block's own bound as a deliberate bounded check, and says so", async () => {
    const r = await vmaspecInProcess(["check", "deep.vmaspec", "--check", "deliberate"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("check deliberate: met (expected ok)");
    expect(r.stdout).toContain(
      "met as a bounded check: no violation within the max depth the check block declares",
    );
  });

  it("does not meet a deliberately bounded check whose expected violation lies beyond the bound (exit 1)", async () => {
    const r = await vmaspecInProcess(["check", "deep.vmaspec", "--check", "deliberate_miss"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "expected violation Low, found bounded: no violation within the check's max depth",
    );
  });

  it("makes a check block's bound inconclusive once the command line replaces it", async () => {
    const r = await vmaspecInProcess(
      ["check", "deep.vmaspec", "--check", "deliberate", "--max-depth", "2"],
      dir,
    );
    expect(r.code).toBe(4);
  });

  it("reports a violation found within a command-line bound as a fact (exit 0 when expected, 1 when not)", async () => {
    expect(
      (await vmaspecInProcess(["check", "deep.vmaspec", "--check", "whole", "--max-depth", "7"], dir)).code,
    ).toBe(0);
    const r = await vmaspecInProcess(["check", "deep.vmaspec", "--check", "whole", "--max-depth", "4"], dir);
    expect(r.code).toBe(4);
    // deliberate (now at depth 7) breaks Low: not met; ignoring stops at depth 7: inconclusive.
    const mixed = await vmaspecInProcess(["check", "deep.vmaspec", "--max-depth", "7"], dir);
    expect(mixed.stdout).toContain("check ignoring: INCONCLUSIVE");
    expect(mixed.code).toBe(1);
    expect(lastLine(mixed.stdout)).toBe("Some checks were NOT met (1 of 4 checks).");
  });

  it("takes the file after a bare --bitstate as the file, not as the filter's size", async () => {
    const r = await vmaspecInProcess(["check", "--bitstate", "init.vmaspec"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("invariant Small is violated");
    const sized = await vmaspecInProcess([
      "check",
      "--bitstate=1M",
      join(acceptanceDir, "diehard.vmaspec"),
      "--check",
      "reachable",
      "--json",
    ]);
    expect(sized.code).toBe(4);
    expect(jsonLines(sized.stdout)[0].stats.bitstate.bits).toBe(8 * 1024 * 1024);
  });
});

describe("simulate: a walk proves nothing", () => {
  it("skips a liveness check as inconclusive (exit 4)", async () => {
    const r = await vmaspecInProcess(["simulate", "live.vmaspec", "--check", "live", "--seed", "1"], dir);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain("check live: INCONCLUSIVE, skipped");
  });

  it("meets ok only with --accept-unproven, and never without a note that liveness went unchecked", async () => {
    const plain = await vmaspecInProcess(
      ["simulate", "live.vmaspec", "--check", "fine", "--seed", "1", "--runs", "10"],
      dir,
    );
    expect(plain.code).toBe(4);
    const accepted = await vmaspecInProcess(
      ["simulate", "live.vmaspec", "--check", "fine", "--seed", "1", "--runs", "10", "--accept-unproven"],
      dir,
    );
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain("not a proof (--accept-unproven)");
    expect(accepted.stdout).toContain("liveness properties (Reaches) are not checked by simulate");
  });
});

describe("--json is JSON Lines", () => {
  it("prints one object per line per check, also for a single --check, with integer statistics", async () => {
    const all = await vmaspecInProcess(["check", join(acceptanceDir, "diehard.vmaspec"), "--json"]);
    const lines = all.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const runs = lines.map((l) => JSON.parse(l));
    expect(runs.map((r) => [r.check, r.status])).toEqual([
      ["solve", "met"],
      ["reachable", "met"],
    ]);
    for (const key of ["distinctStates", "statesGenerated", "depth", "elapsedMs", "statesPerSecond"])
      expect(Number.isInteger(runs[1].stats[key])).toBe(true);
    const one = await vmaspecInProcess([
      "check",
      join(acceptanceDir, "diehard.vmaspec"),
      "--check",
      "solve",
      "--json",
    ]);
    expect(one.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(one.stdout)).toMatchObject({ check: "solve", met: true });
    const sim = await vmaspecInProcess([
      "simulate",
      join(acceptanceDir, "diehard.vmaspec"),
      "--seed",
      "2",
      "--json",
    ]);
    expect(jsonLines(sim.stdout).map((r) => r.check)).toEqual(["solve", "reachable"]);
  });
});

describe("--help", () => {
  it("lists each command's own exit codes and prints defaults as numbers", async () => {
    const check = (await vmaspecInProcess(["check", "--help"])).stdout;
    expect(check).toMatch(/^\s+4 {2}inconclusive/m);
    expect(check).toMatch(/^\s+130 {2}interrupted by SIGINT/m);
    expect(check).not.toContain("the trace");
    expect(check).toContain("(default: 1)");
    expect(check).not.toContain('"1"');
    const parse = (await vmaspecInProcess(["parse", "--help"])).stdout;
    expect(parse).not.toMatch(/^\s+[14] /m);
    const replay = (await vmaspecInProcess(["replay", "--help"])).stdout;
    expect(replay).toContain("the trace does not fit the spec");
    expect(replay).not.toMatch(/^\s+4 /m);
    const simulate = (await vmaspecInProcess(["simulate", "--help"])).stdout;
    expect(simulate).toContain("--accept-unproven");
    expect(simulate).toMatch(/^\s+4 {2}inconclusive/m);
    expect((await vmaspecInProcess(["--help"])).stdout).toMatch(/^\s+4 {2}inconclusive/m);
  });
});
