// Runs the built `vmaspec` command as a user would, capturing its output and exit code.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The acceptance specs (byte-identical copies of the reference specs kept in specs/). */
export const acceptanceDir = resolve(repoRoot, "specs");
export const acceptanceSpecs = ["diehard.vmaspec", "peterson.vmaspec", "vma_refcount.vmaspec"];
/** The command as package.json's `bin` installs it: the bundle of dist/src (scripts/bundle.ts). */
export const cliPath = resolve(repoRoot, "dist/bundle/vmaspec.js");
const cli = cliPath;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `vmaspec ARGS` in `cwd` (the repo root by default), with `env` added to the environment. */
export function vmaspec(args: string[], cwd = repoRoot, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Writes spec files into a fresh temporary folder and returns its path. */
export function specDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "vmaspec-test-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The objects of `--json` output: JSON Lines, one object per line (one per check). */
export function jsonLines<T = any>(stdout: string): T[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}
