// Builds a worker thread's own copy of a model. In: a ModelFactory (a module URL, the name of a
// function it exports, and a structured-cloneable argument). Out: the Model that function returns.
//
// Why a file of its own: a model cannot be passed between threads, so every kind of worker (the
// parallel checker's, the parallel simulator's) rebuilds it the same way, and importing one
// worker's script from another would start that worker.

import type { Model } from "../../model/model.js";

/** How a worker gets its own copy of the model: `(await import(module))[exportName](argument)`. */
export interface ModelFactory {
  /** URL (file://...) of a JavaScript module. */
  module: string;
  exportName: string;
  /** Structured-cloneable argument, e.g. the generated source and the ignored invariants. */
  argument: unknown;
}

/** Builds the model as the factory says. */
export async function modelFromFactory(factory: ModelFactory): Promise<Model> {
  const module = (await import(factory.module)) as Record<
    string,
    (argument: unknown) => Model | Promise<Model>
  >;
  const make = module[factory.exportName];
  if (typeof make !== "function")
    throw new Error(`${factory.module} exports no function ${factory.exportName}`);
  return await make(factory.argument);
}
