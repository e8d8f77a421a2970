// Runs one check block both ways: through the production pipeline (frontEnd → compileConfiguration
// → modelOf → searchBreadthFirst) and through the reference interpreter (test/reference) on the same typed
// tree. In: a spec path. Out: for each check block, both results reduced to what can be compared —
// outcome, distinct-state count, violation kind/name and counterexample length — and the check's
// own expectation, for the differential suite to assert on.

import { compileConfiguration, frontEnd, modelOf } from "../../src/compile.js";
import { planOf, type CheckPlan, type Expectation } from "../../src/checks/plan.js";
import { searchBreadthFirst } from "../../src/engines/bfs/search.js";
import { traceLength, type ViolationKind } from "../../src/engines/result.js";
import { referenceModel } from "../reference/interpreter.js";
import { referenceSearch, type RefResult, type RefViolation } from "../reference/search.js";

/** A violation as both sides can report it. */
export interface Found {
  /** The reference reports only safety violations; production may also report `liveness`. */
  kind: ViolationKind;
  name?: string;
  length: number;
}

export interface ProductionSummary {
  outcome: "ok" | "bounded" | "violation";
  distinctStates: number;
  violation?: Found;
}

export interface CheckCase {
  file: string;
  plan: CheckPlan;
  /** Runs both checkers once; later calls return the same results. */
  run(): { production: ProductionSummary; reference: RefResult };
}

/** The check blocks of a spec (or its one implicit check), ready to run both ways. */
export function checkCases(file: string): CheckCase[] {
  const fe = frontEnd(file);
  if (!fe.front) throw new Error(`${file}: ${fe.diagnostics.map((d) => d.message).join("; ")}`);
  const front = fe.front;
  const checks = front.table.checks.length ? front.table.checks : [undefined];
  return checks.map((check) => {
    const plan = planOf(check, { consts: [] });
    let results: ReturnType<CheckCase["run"]> | undefined;
    return {
      file,
      plan,
      run() {
        if (results) return results;
        const { compiled, diagnostics } = compileConfiguration(front, plan.overrides);
        if (!compiled)
          throw new Error(`${file} check ${plan.name}: ${diagnostics.map((d) => d.message).join("; ")}`);
        const options = { allowDeadlock: plan.allowDeadlock, maxDepth: plan.maxDepth };
        const result = searchBreadthFirst(modelOf(compiled, plan.ignore), options);
        const v = result.violation;
        const production: ProductionSummary = {
          outcome: result.outcome,
          distinctStates: result.stats.distinctStates,
        };
        if (v)
          production.violation = {
            kind: v.kind,
            ...(v.name ? { name: v.name } : {}),
            length: traceLength(v.trace),
          };
        const reference = referenceSearch(
          referenceModel(compiled.spec, plan.ignore, { symmetry: true }),
          options,
        );
        results = { production, reference };
        return results;
      },
    };
  });
}

/** A violation without its message, for comparisons. */
export function found(v: RefViolation): Found {
  return { kind: v.kind, ...(v.name ? { name: v.name } : {}), length: v.length };
}

/** Whether a violation is the kind an expectation names (`expect violation X`, `expect deadlock`). */
export function matchesExpectation(expect: Expectation, v: Found): boolean {
  if (expect.verdict === "deadlock") return v.kind === "deadlock";
  if (expect.verdict !== "violation") return false;
  const t = expect.target;
  if (t === undefined) return true;
  if (t === "assert" || t === "runtime") return v.kind === t;
  return v.kind === "invariant" && v.name === t;
}
