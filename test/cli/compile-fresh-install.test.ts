// The published package, installed for real: `npm pack` this repo, `npm install` the tarball and
// vitest into an empty project (from the npm cache that installing this repo filled, so it works
// offline), then the installed `vmaspec compile` writes files that tsc --strict and vitest accept
// with nothing but that project's node_modules. This is what a user of vmaspec does in CI.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { acceptanceDir, repoRoot } from "../helpers/cli.js";
import { runVitest, STRICT_TSCONFIG, tsc } from "../helpers/generated.js";

function npm(args: string[], cwd: string): void {
  const r = spawnSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    encoding: "utf8",
    timeout: 180_000,
  });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
}

describe("vmaspec installed from its tarball", () => {
  it("compiles a spec into files that type-check strictly and whose tests pass", { timeout: 300_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "vmaspec-fresh-"));
    // dist/ is already built by the suite's global setup, so packing needs no scripts.
    npm(["pack", "--ignore-scripts", "--pack-destination", dir], repoRoot);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    const versionOf = (name: string) =>
      (
        JSON.parse(readFileSync(resolve(repoRoot, `node_modules/${name}/package.json`), "utf8")) as {
          version: string;
        }
      ).version;
    writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
    // TypeScript is the user's own (vmaspec does not need it at run time), as vitest is.
    const tools = [`vitest@${versionOf("vitest")}`, `typescript@${versionOf("typescript")}`];
    npm(["install", "--prefer-offline", `./${tarball}`, ...tools], dir);
    // What `check` needs at run time is small: no TypeScript comes with vmaspec.
    expect(
      JSON.parse(readFileSync(join(dir, "node_modules/vmaspec/package.json"), "utf8")).dependencies,
    ).not.toHaveProperty("typescript");

    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...STRICT_TSCONFIG, include: ["gen/*.ts"] }));
    // The command npm linked from the package's `bin`: the bundle (scripts/bundle.ts).
    const installed = join(dir, "node_modules/.bin/vmaspec");
    const compile = spawnSync(
      installed,
      ["compile", join(acceptanceDir, "vma_refcount.vmaspec"), "-o", "gen"],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect(compile.stderr).toBe("");
    expect(compile.status).toBe(0);

    const checked = tsc(dir, join(dir, "node_modules/typescript/bin/tsc"));
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);

    const report = runVitest(dir, join(dir, "node_modules/vitest/vitest.mjs"));
    const tests = report.testResults.flatMap((f) => f.assertionResults);
    expect(tests.map((t) => t.status)).toEqual(["passed", "passed", "passed", "passed"]);
    // Kept when the test fails, to look into; 80 MB of node_modules otherwise.
    rmSync(dir, { recursive: true, force: true });
  });
});
