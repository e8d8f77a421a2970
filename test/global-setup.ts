// Builds the CLI into dist/ before the suite, so the CLI tests run the same command users run: tsc,
// then the bundle that package.json's `bin` points at (scripts/bundle.ts).
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

/** The newest (or, `oldest`, the oldest) modification time of the files under `paths`, in ms. */
function mtimes(paths: string[], oldest = false): number {
  let found = oldest ? Infinity : 0;
  const visit = (path: string): void => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (st.isFile()) found = oldest ? Math.min(found, st.mtimeMs) : Math.max(found, st.mtimeMs);
  };
  for (const p of paths) visit(join(root, p));
  return found === Infinity ? 0 : found;
}

/** Whether dist/ was built after the last change to a source: by our incremental build (its record
 *  is newer), or by a full build such as `npm ci`'s prepare script (every file it wrote is newer). */
function upToDate(): boolean {
  if (!existsSync(join(root, "dist/src/cli/main.js"))) return false;
  const newest = mtimes([...SOURCES, ...CONFIG]);
  const record = statSync(BUILD_INFO, { throwIfNoEntry: false });
  if (record) return record.mtimeMs > newest;
  return (
    mtimes(
      SOURCES.map((s) => `dist/${s}`),
      true,
    ) > newest
  );
}

export default function setup(): void {
  const bundle = join(root, "dist/bundle/vmaspec.js");
  if (upToDate()) {
    if (!existsSync(bundle))
      execFileSync(process.execPath, [join(root, "dist/scripts/bundle.js")], { cwd: root });
    return;
  }
  // Without the CLI in dist/, the record of a previous build is not to be trusted.
  if (!existsSync(join(root, "dist/src/cli/main.js"))) rmSync(BUILD_INFO, { force: true });
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
  execFileSync(process.execPath, [join(root, "dist/scripts/bundle.js")], { cwd: root, stdio: "inherit" });
}
