// The parser skips chevrotain's grammar validations at start-up (they are half of what building it
// costs); here they run, so a grammar change that breaks them fails the suite instead.
import { describe, expect, it } from "vitest";

describe("grammar validation", () => {
  it("builds the parser with chevrotain's validations on", async () => {
    process.env.VMASPEC_VALIDATE_GRAMMAR = "1";
    try {
      const { VmaParser } = await import("../../grammar/parser.js");
      expect(() => new VmaParser()).not.toThrow();
    } finally {
      delete process.env.VMASPEC_VALIDATE_GRAMMAR;
    }
  });
});
