// Evaluates a generated module already transpiled to JavaScript (CommonJS) and returns its tables.
// The module's only import, the runtime, is supplied directly instead of being resolved from
// node_modules.
//
// Why apart from load.ts: a parallel worker builds its model from the JavaScript the main thread
// transpiled, and so never loads the TypeScript compiler (about 0.6 s a worker).

import * as runtime from "../runtime/index.js";
import type { GeneratedSpec } from "../runtime/build-model.js";

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
