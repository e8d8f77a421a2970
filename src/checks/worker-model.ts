// The model factory a parallel check's worker threads call (engines/parallel.ts: ModelFactory). In:
// the JavaScript of the generated module of a configuration, and the invariants the check ignores.
// Out: the Model, built exactly as the main thread built its own (compile.ts modelOf).
//
// Why the generated code and not the spec file: evaluating it is all a worker needs, is quick, and
// cannot drift from the main thread's configuration.

import type { Compiled } from "../compile.js";
import { evaluateGenerated } from "../codegen/evaluate.js";
import type { Model } from "../model/model.js";
import type { ModelFactory } from "../engines/parallel/search.js";
import { buildModel } from "../runtime/build-model.js";
import { workerScriptUrl } from "../engines/threads/worker-script.js";
import { reducedModel } from "../engines/por/ample.js";

/** What a worker receives to build its model. */
export interface GeneratedModelArgument {
  js: string;
  ignored: string[];
  /** Partial-order reduction (--por): the worker explores the reduced model. */
  por?: boolean;
}

/** Builds the model of a generated module (the parallel checker's worker factory). */
export function modelFromGenerated(argument: GeneratedModelArgument): Model {
  const model = buildModel(evaluateGenerated(argument.js), argument.ignored);
  return (argument.por && reducedModel(model)) || model;
}

/** The factory by which parallel workers build the model of `compiled`, minus `ignored` invariants. */
export function workerFactory(
  compiled: Pick<Compiled, "js">,
  ignored: readonly string[],
  por = false,
): ModelFactory {
  const argument: GeneratedModelArgument = { js: compiled.js, ignored: [...ignored], por };
  return {
    module: workerScriptUrl(import.meta.url, "worker-model.js").href,
    exportName: "modelFromGenerated",
    argument,
  };
}
