// The parser skips chevrotain's grammar validations at start-up (they are half of what building it
// costs); here they run, so a grammar change that breaks them fails the suite instead.
import { describe, expect, it } from "vitest";

describe("grammar validation", () => {
  it("builds the parser with chevrotain's validations on", async () => {
    process.env.VMASPEC_VALIDATE_GRAMMAR = "1";
    try {
      // The lexer is built when its module loads, so this import builds it with validations on.
      const { VmaParser } = await import("../../grammar/parser.js");
      const { vmaLexer } = await import("../../grammar/tokens.js");
      expect(vmaLexer.lexerDefinitionErrors).toEqual([]);
      expect(() => new VmaParser()).not.toThrow();
      expect(() => new VmaParser("eager")).not.toThrow();
    } finally {
      delete process.env.VMASPEC_VALIDATE_GRAMMAR;
    }
  });
});
