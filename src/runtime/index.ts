// The runtime that generated state machines import (`vmaspec/runtime`): value helpers under `rt`,
// the choice enumerator, and buildModel, which wraps a generated module into the engines' Model.

import * as values from "./values.js";

export const rt = values;
export { Choices } from "./choices.js";
export { buildModel } from "./build-model.js";
export type { GeneratedSpec, GeneratedProcess, GeneratedAction, StepFn } from "./build-model.js";
export type { StateShape } from "./show.js";
export type { SuccessorSink, Transition } from "../model/model.js";
