// Builds the CLI into dist/ before the suite, so tests run the same command users run.
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  execFileSync(
    process.execPath,
    [resolve(root, "node_modules/typescript/bin/tsc"), "-p", resolve(root, "tsconfig.json")],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}
