// The vmaspec package's programmatic entry point: the compiler pipeline, the check runner and the
// engines, for tools that embed the checker rather than run the CLI. Generated code imports
// `vmaspec/runtime`; compiled tests import `vmaspec/testing`.

export { frontEnd, compileConfiguration, modelOf } from "./compile.js";
export type { FrontEnd, Compiled } from "./compile.js";
export { planOf } from "./checks/plan.js";
export type { CheckPlan, Expectation } from "./checks/plan.js";
export { runCheck } from "./checks/run.js";
export type { CheckRun } from "./checks/run.js";
export { searchBreadthFirst } from "./engines/bfs/search.js";
export { searchLiveness } from "./engines/liveness/search.js";
export type { Model, Transition, StepInfo, ShownValue } from "./model/model.js";
export type { CheckOptions, CheckResult, Trace, Violation } from "./engines/result.js";
export { renderDiagnostics, diagnosticsToJson } from "./diagnostics/render.js";
export type { Diagnostic, Span } from "./diagnostics/diagnostic.js";
