// Compiles generated TypeScript in memory and returns its tables, so `vmaspec check` runs exactly
// the code `vmaspec compile` writes to disk.
//
// TypeScript is loaded on first use, and with require: imported as an ES module, Node scans all
// 9 MB of it for its exports before running it, which doubled the start-up of every command.

import { createRequire } from "node:module";
import type * as TypeScript from "typescript";
import type { GeneratedSpec } from "../runtime/build-model.js";
import { evaluateGenerated } from "./evaluate.js";

let typescript: typeof TypeScript | undefined;

function loadTypeScript(): typeof TypeScript {
  typescript ??= createRequire(import.meta.url)("typescript") as typeof TypeScript;
  return typescript;
}

/** The JavaScript (CommonJS) of a generated module. */
export function transpileGenerated(source: string): string {
  const ts = loadTypeScript();
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/** Transpiles a generated module and evaluates it; throws only on a code-generation bug. */
export function instantiate(source: string): GeneratedSpec {
  return evaluateGenerated(transpileGenerated(source));
}
