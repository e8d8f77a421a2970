import { defineConfig } from "vitest/config";

// CLI tests run the built command (dist/), so the suite builds it first (incrementally).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
