// Start-up: each command loads only its own module, so `vmaspec --help` costs little more than
// Node itself; the top-level help's summaries are those the command modules register.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { COMMANDS } from "../../src/cli/commands.js";
import { repoRoot } from "../helpers/cli.js";

/** CPU seconds (user + system) a process took, from /usr/bin/time, best of `runs`. */
function cpuSeconds(args: string[], runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync("/usr/bin/time", ["-f", "%U %S", process.execPath, ...args], { encoding: "utf8" });
    const [user, sys] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    best = Math.min(best, user + sys);
  }
  return best;
}

describe("start-up", () => {
  it("lists each command with the summary its module registers", async () => {
    for (const [name, c] of Object.entries(COMMANDS)) {
      const program = new Command();
      (await c.importRegister())(program, () => {});
      expect(program.commands.find((x) => x.name() === name)?.description()).toBe(c.summary);
    }
  });

  it("prints the top-level help without loading the commands", () => {
    const node = cpuSeconds(["-e", "0"]);
    const help = cpuSeconds([join(repoRoot, "dist/src/cli/main.js"), "--help"]);
    // Loading every command (parser, compiler, engines) took about 0.35 s of CPU beyond Node's own.
    expect(help - node, `node ${node} s, vmaspec --help ${help} s`).toBeLessThan(0.15);
  });
});

describe("packaging", () => {
  it("runs the prepare script quietly in an installed package, which has no tsconfig.json", () => {
    const dir = mkdtempSync(join(tmpdir(), "vmaspec-package-"));
    copyFileSync(join(repoRoot, "package.json"), join(dir, "package.json"));
    const r = spawnSync("npm", ["run", "prepare", "--silent"], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});
