// Builds a worker thread's own copy of a model. In: a ModelFactory (a module URL, the name of a
// function it exports, and a structured-cloneable argument). Out: the Model that function returns.
//
// Why a file of its own: a model cannot be passed between threads, so every kind of worker (the
// parallel checker's, the parallel simulator's) rebuilds it the same way, and importing one
// worker's script from another would start that worker.

import type { Model } from "../../model/model.js";
import type { ModelFactory } from "../parallel/protocol.js";

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
