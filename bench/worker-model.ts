// The model factory the parallel checker's workers call (src/engines/parallel.ts: ModelFactory).
// In: the TypeScript source vmaspec generated for a configuration, and the invariants the check
// ignores. Out: the Model, built exactly as the main thread built its own (compile.ts modelOf).
//
// Why the source and not the spec file: compiling the source again is all a worker needs, takes a
// fraction of the front end's time, and cannot drift from the main thread's configuration.

import { instantiate } from "../src/codegen/load.js";
import type { Model } from "../src/engines/model.js";
import { buildModel } from "../src/runtime/build-model.js";

/** What a worker receives to build its model. */
export interface SourceModel {
  source: string;
  ignored: string[];
}

/** Builds the model of a generated module (the parallel checker's worker factory). */
export function modelFromSource(argument: SourceModel): Model {
  return buildModel(instantiate(argument.source), argument.ignored);
}
