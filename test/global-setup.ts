// Builds the CLI into dist/ before the suite, so tests run the same command users run: tsc, then
// the bundle that package.json's `bin` points at (scripts/bundle.ts).
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  node([resolve(root, "node_modules/typescript/bin/tsc"), "-p", resolve(root, "tsconfig.json")]);
  node([resolve(root, "dist/scripts/bundle.js")]);
}
