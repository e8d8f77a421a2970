// Evaluates a generated module emitted as JavaScript (a CommonJS body: emitModule(..., "js")) and
// returns its tables. The module's only import, the runtime, is supplied directly instead of
// being resolved from node_modules. The main thread and every parallel worker build their model
// this way, from the same text, and none of them loads the TypeScript compiler.

import * as runtime from "../runtime/index.js";
import type { GeneratedSpec } from "../model/generated.js";

/** Evaluates the JavaScript of a generated module; throws only on a code-generation bug. */
export function evaluateGenerated(js: string): GeneratedSpec {
  const exports: { spec?: GeneratedSpec } = {};
  const require = (name: string) => {
    if (name === "vmaspec/runtime") return runtime;
    throw new Error(`generated code imports an unknown module '${name}'`);
  };
  new Function("exports", "require", js)(exports, require);
  if (!exports.spec) throw new Error("generated code did not export its spec");
  return exports.spec;
}
