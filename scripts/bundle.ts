// `npm run build`'s second half: bundles the compiled command (dist/src/cli/main.js) into a few
// files in dist/bundle/, which package.json's `bin` runs. In: dist/ as tsc wrote it. Out:
// dist/bundle/vmaspec.js, one chunk per command (loaded on demand, so `--help` stays small), and the
// worker-thread scripts under the names the engines look for beside their own code.
//
// Why: Node loads an ES module graph file by file. The command's ~50 modules cost about 70 ms of
// every run (a 14-state check: 0.43 s → 0.36 s wall), more than half the start-up budget.
// chevrotain stays outside: it is loaded from its own single-file bundle (grammar/chevrotain.ts);
// prettier and typescript only by `compile`, when it needs them.

import { chmodSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dist = join(root, "dist");

/** Entry name → compiled module. Worker scripts keep the file names the engines ask for. */
const ENTRIES: Record<string, string> = {
  vmaspec: "src/cli/main.js",
  "search-worker": "src/engines/parallel/search-worker.js",
  "walk-worker": "src/engines/simulate/walk-worker.js",
  "worker-model": "src/checks/worker-model.js",
  "check-worker": "src/lsp/check-worker.js",
};

export async function bundle(): Promise<void> {
  const out = join(dist, "bundle");
  rmSync(out, { recursive: true, force: true });
  await build({
    input: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(dist, file)])),
    platform: "node",
    external: [/^node:/, "chevrotain", /^prettier(\/|$)/, /^typescript(\/|$)/],
    logLevel: "warn",
    output: {
      dir: out,
      format: "esm",
      entryFileNames: "[name].js",
      chunkFileNames: "chunk-[name]-[hash].js",
    },
  });
  // The command is package.json's bin: executable, so `npx vmaspec` runs it even where npx reuses
  // a link it made earlier instead of installing (and chmod-ing) the bin again.
  chmodSync(join(out, "vmaspec.js"), 0o755);
}

await bundle();
