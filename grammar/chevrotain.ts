// The parts of chevrotain the grammar uses, loaded from the single-file bundle the package ships
// beside its modules. Types come from the package as usual.
//
// Why: chevrotain's modules import lodash-es, several hundred small files, and loading them took a
// third of a second of every command's start-up; the bundle (same version, same code) takes a
// tenth of that. If a future version stops shipping it, the package itself is loaded instead.
//
// VMASPEC_CHEVROTAIN=package loads the package's modules even so: generate.ts hands the grammar to
// @chevrotain/cst-dts-gen, which recognises the grammar's parts by the classes of those modules.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as Chevrotain from "chevrotain";

async function load(): Promise<typeof Chevrotain> {
  // The package's entry is lib/src/api.js; the bundle is lib/chevrotain.mjs.
  const bundle = new URL("../chevrotain.mjs", import.meta.resolve("chevrotain"));
  const wanted = process.env.VMASPEC_CHEVROTAIN !== "package";
  if (wanted && bundle.protocol === "file:" && existsSync(fileURLToPath(bundle)))
    return (await import(bundle.href)) as typeof Chevrotain;
  return await import("chevrotain");
}

const chevrotain = await load();

export const {
  createToken,
  createSyntaxDiagramsCode,
  CstParser,
  EOF,
  Lexer,
  LLkLookaheadStrategy,
  getLookaheadPaths,
  serializeGrammar,
  tokenLabel,
  tokenMatcher,
} = chevrotain;
