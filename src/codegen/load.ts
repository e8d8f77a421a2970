// Compiles generated TypeScript in memory and returns its tables, so `vmaspec check` runs exactly
// the code `vmaspec compile` writes to disk.

import ts from "typescript";
import type { GeneratedSpec } from "../runtime/build-model.js";
import { evaluateGenerated } from "./evaluate.js";

/** The JavaScript (CommonJS) of a generated module. */
export function transpileGenerated(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/** Transpiles a generated module and evaluates it; throws only on a code-generation bug. */
export function instantiate(source: string): GeneratedSpec {
  return evaluateGenerated(transpileGenerated(source));
}
