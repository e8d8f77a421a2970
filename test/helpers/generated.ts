// Helpers for tests of generated code: a folder set up like a project that installed vmaspec, and
// tsc and vitest run on it in child processes, as a user would run them.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { repoRoot, specDir } from "./cli.js";

/** A folder set up like a project with vmaspec and vitest installed, strict TypeScript and ESM. */
export function projectDir(files: Record<string, string> = {}): string {
  const dir = specDir(files);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(repoRoot, join(dir, "node_modules/vmaspec"), "dir");
  symlinkSync(resolve(repoRoot, "node_modules/vitest"), join(dir, "node_modules/vitest"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(STRICT_TSCONFIG));
  return dir;
}

/** Strict, node-style module resolution (package `exports`), no ambient node types. */
export const STRICT_TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: [],
  },
  include: ["*.ts"],
};

export interface VitestJson {
  testResults: {
    name: string;
    assertionResults: { title: string; status: string; failureMessages: string[] }[];
  }[];
}

/** Runs vitest on a folder in a child process, returning its JSON report. */
export function runVitest(
  dir: string,
  vitestBin = resolve(repoRoot, "node_modules/vitest/vitest.mjs"),
): VitestJson {
  const out = join(dir, "vitest-results.json");
  // The child must not think it is a worker of this run.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST")));
  spawnSync(process.execPath, [vitestBin, "run", "--root", dir, "--reporter=json", `--outputFile=${out}`], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return JSON.parse(readFileSync(out, "utf8")) as VitestJson;
}

/** Runs tsc on a folder's tsconfig.json. */
export function tsc(
  dir: string,
  tscBin = resolve(repoRoot, "node_modules/typescript/bin/tsc"),
): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [tscBin, "-p", dir], {
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, output: r.stdout + r.stderr };
}
