// Builds the CLI into dist/ before the suite, so the CLI tests run the same command users run.
// In-process tests need no build; the build is skipped when dist/ is newer than every source
// (the usual case when only tests changed) and is incremental otherwise (tsc --incremental, its
// record in dist/.tsbuildinfo), so a one-file change rebuilds in seconds, not the whole of dist/.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BUILD_INFO = join(root, "dist/.tsbuildinfo");
/** What tsconfig.json compiles, and the files that change how it compiles. */
const SOURCES = ["grammar", "src", "scripts", "bench"];
const CONFIG = ["tsconfig.json", "package.json", "package-lock.json"];

/** The newest modification time among the sources and configuration, in ms. */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string): void => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (st.isFile()) newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of [...SOURCES, ...CONFIG]) visit(join(root, p));
  return newest;
}

export default function setup(): void {
  const built = statSync(BUILD_INFO, { throwIfNoEntry: false });
  const cli = join(root, "dist/src/cli/main.js");
  if (built && existsSync(cli) && built.mtimeMs > newestSource()) return;
  // Without the CLI in dist/, the record of a previous build is not to be trusted.
  if (!existsSync(cli)) rmSync(BUILD_INFO, { force: true });
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/typescript/bin/tsc"),
      "-p",
      join(root, "tsconfig.json"),
      "--incremental",
      "--tsBuildInfoFile",
      BUILD_INFO,
    ],
    { cwd: root, stdio: "inherit" },
  );
  // tsc leaves its record alone when nothing changed: mark dist/ as up to date with the sources.
  const now = new Date();
  utimesSync(BUILD_INFO, now, now);
}
