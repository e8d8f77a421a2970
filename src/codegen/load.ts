// Compiles generated TypeScript in memory and returns its tables, so `vmaspec check` runs exactly
// the code `vmaspec compile` writes to disk. The module's only import, the runtime, is supplied
// directly instead of being resolved from node_modules.

import ts from "typescript";
import * as runtime from "../runtime/index.js";
import type { GeneratedSpec } from "../runtime/build-model.js";

/** Transpiles a generated module and evaluates it; throws only on a code-generation bug. */
export function instantiate(source: string): GeneratedSpec {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exports: { spec?: GeneratedSpec } = {};
  const require = (name: string) => {
    if (name === "vmaspec/runtime") return runtime;
    throw new Error(`generated code imports an unknown module '${name}'`);
  };
  new Function("exports", "require", js)(exports, require);
  if (!exports.spec) throw new Error("generated code did not export its spec");
  return exports.spec;
}
