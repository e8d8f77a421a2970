// Start-up: each command loads only its own module, so `vmaspec --help` costs little more than
// Node itself, and `check` loads chevrotain from its bundle; the top-level help's summaries are those the command modules register.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { COMMANDS } from "../../src/cli/commands.js";
import { cliPath, repoRoot } from "../helpers/cli.js";

/** The repository-relative paths of the ES modules `node args` loads. */
function modulesLoaded(args: string[]): string[] {
  const log = join(mkdtempSync(join(tmpdir(), "vmaspec-modules-")), "modules.log");
  const r = spawnSync(
    process.execPath,
    ["--import", join(repoRoot, "test/helpers/module-log.mjs"), ...args],
    {
      encoding: "utf8",
      env: { ...process.env, VMASPEC_MODULE_LOG: log },
    },
  );
  expect(r.status, r.stderr).toBe(0);
  const root = pathToFileURL(repoRoot).href + "/";
  return [...new Set(readFileSync(log, "utf8").trim().split("\n"))]
    .filter((u) => u.startsWith(root))
    .map((u) => u.slice(root.length));
}

describe("start-up", () => {
  it("lists each command with the summary its module registers", async () => {
    for (const [name, c] of Object.entries(COMMANDS)) {
      const program = new Command();
      (await c.importRegister())(program, () => {});
      expect(program.commands.find((x) => x.name() === name)?.description()).toBe(c.summary);
    }
  });

  // Start-up times are measured by `npm run bench` (bench/startup.ts); these pin what is loaded.
  it("prints the top-level help without loading the commands", () => {
    const loaded = modulesLoaded([join(repoRoot, "dist/src/cli/main.js"), "--help"]);
    expect(loaded.filter((m) => m.startsWith("dist/")).sort()).toEqual([
      "dist/src/cli/commands.js",
      "dist/src/cli/exit-codes.js",
      "dist/src/cli/main.js",
      "dist/src/cli/options.js",
      "dist/src/cli/program.js",
    ]);
    // The bundle users run loads its entry and the chunks it shares with every command, no command.
    const bundled = modulesLoaded([cliPath, "--help"]).filter((m) => m.startsWith("dist/"));
    expect(bundled.filter((m) => /command/.test(m))).toEqual([]);
  });

  it("checks a spec with chevrotain loaded from its single-file bundle", () => {
    const loaded = modulesLoaded([cliPath, "check", join(repoRoot, "specs/diehard.vmaspec")]);
    expect(loaded).toContain("node_modules/chevrotain/lib/chevrotain.mjs");
    // The package's own modules pull in hundreds of lodash-es files: a third of a second.
    expect(loaded.filter((m) => m.includes("lodash") || m.includes("chevrotain/lib/src/"))).toEqual([]);
    expect(loaded.filter((m) => m.includes("node_modules/typescript") || m.includes("prettier"))).toEqual([]);
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
