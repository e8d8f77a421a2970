import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// CLI tests run the built command (dist/), so the suite builds it first when a source is newer
// (incrementally: test/global-setup.ts). Test files run in child processes (forks), one per core:
// the machine the suite is timed on has two, and more workers than cores only adds contention.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    maxWorkers: Math.max(1, availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
