// The grammar's generated files are checked in: grammar/cst.d.ts (the CST typings build.ts is
// written against) and docs/syntax.html (railroad diagrams). These tests fail when either no
// longer matches the grammar; the fix is to run `npm run gen:grammar` and commit the result.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

// The CST typings generator needs chevrotain's own modules, not its bundle (grammar/chevrotain.ts).
vi.stubEnv("VMASPEC_CHEVROTAIN", "package");
const { generateCstTypings, generateLookaheadPaths, generatedPaths, generateSyntaxDiagrams } = await import(
  "../../grammar/generate.js"
);
const { VmaParser } = await import("../../grammar/parser.js");
vi.unstubAllEnvs();

const root = path.resolve(import.meta.dirname, "../..");
const parser = new VmaParser();
const checkedIn = (file: string) => readFileSync(path.join(root, file), "utf8");
const stale = (file: string) => `${file} is stale: run \`npm run gen:grammar\` and commit the result`;

describe("generated grammar files", () => {
  it("keeps the CST typings in grammar/cst.d.ts up to date", () => {
    expect(checkedIn(generatedPaths.cstTypings), stale(generatedPaths.cstTypings)).toBe(
      generateCstTypings(parser),
    );
  });

  it("keeps the syntax diagrams in docs/syntax.html up to date", () => {
    expect(checkedIn(generatedPaths.syntaxDiagrams), stale(generatedPaths.syntaxDiagrams)).toBe(
      generateSyntaxDiagrams(parser),
    );
  });

  it("keeps the stored lookahead paths in grammar/lookahead-paths.ts up to date", () => {
    expect(checkedIn(generatedPaths.lookaheadPaths), stale(generatedPaths.lookaheadPaths)).toBe(
      generateLookaheadPaths(),
    );
  });
});
