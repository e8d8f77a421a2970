// The runtime that generated state machines import (`vmaspec/runtime`): value helpers under `rt`,
// the choice enumerator, and buildModel, which wraps a generated module into the engines' Model.

import * as values from "./values.js";
import { Choices as ChoiceEnumerator } from "./choices.js";
import type { ChoicePoints } from "../model/generated.js";

export const rt = values;
export { buildModel } from "./build-model.js";
export type {
  GeneratedSpec,
  GeneratedProcess,
  GeneratedAction,
  StepFn,
  StateShape,
} from "../model/generated.js";
export { GENERATED_FORMAT_VERSION } from "../model/generated.js";

/** The choice enumerator generated step functions are handed (the class, for callers that run one). */
export const Choices = ChoiceEnumerator;
/** What generated step functions may call on it (a type, so generated code does not depend on the class). */
export type Choices = ChoicePoints;
export type { SuccessorSink, Transition } from "../model/model.js";
