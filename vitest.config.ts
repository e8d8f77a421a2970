import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// CLI tests run the built command (dist/), so the suite builds it first when a source is newer
// (incrementally: test/global-setup.ts). Test files run in child processes (forks), one per core:
// the machine the suite is timed on has two, and more workers than cores only adds contention.
// A worker runs its files one after another in one module graph (isolate: false): loading the
// compiler once per worker instead of once per file saves about a second per file. Files that
// must load a module under their own environment run isolated.
const ISOLATED = ["test/grammar/generated.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    maxWorkers: Math.max(1, availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "shared", include: ["test/**/*.test.ts"], exclude: ISOLATED, isolate: false },
      },
      { extends: true, test: { name: "isolated", include: ISOLATED, isolate: true } },
    ],
  },
});
