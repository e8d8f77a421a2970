// Regenerates the grammar's checked-in artefacts: grammar/cst.d.ts (CST typings) and
// docs/syntax.html (railroad diagrams). In: the compiled parser. Out: the two files, rewritten.
// Run as `npm run gen:grammar` after changing a rule; test/grammar/generated.test.ts fails until
// you do.

import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The CST typings generator needs chevrotain's own modules, not its bundle (grammar/chevrotain.ts).
process.env.VMASPEC_CHEVROTAIN = "package";
const { generateCstTypings, generateLookaheadPaths, generatedPaths, generateSyntaxDiagrams } = await import(
  "../grammar/generate.js"
);
const { VmaParser } = await import("../grammar/parser.js");

// This file runs from dist/scripts/, two levels below the repository root.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const parser = new VmaParser();
writeFileSync(path.join(root, generatedPaths.cstTypings), generateCstTypings(parser));
writeFileSync(path.join(root, generatedPaths.syntaxDiagrams), generateSyntaxDiagrams(parser));
writeFileSync(path.join(root, generatedPaths.lookaheadPaths), generateLookaheadPaths());
console.log(`wrote ${Object.values(generatedPaths).join(", ")}`);
