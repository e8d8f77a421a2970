// Compares what a check found with what its author expected. In: the plan's expectation and the
// engine's result. Out: met or not, with a one-line reason a person can act on.

import type { CheckResult } from "../engines/result.js";
import type { Expectation } from "./plan.js";

export interface Verdict {
  met: boolean;
  /** Why not, or a note on a met check (e.g. that it was bounded). */
  reason?: string;
}

/** What was expected, as the check block says it. */
export function describeExpectation(e: Expectation): string {
  const base = e.verdict === "violation" ? `violation${e.target ? ` ${e.target}` : ""}` : e.verdict;
  return e.states !== undefined ? `${base}, ${e.states} states` : base;
}

/** What was found, in the words of a check block. */
export function describeOutcome(r: CheckResult): string {
  const v = r.violation;
  if (!v) return r.outcome === "bounded" ? "bounded: no violation" : "ok";
  if (v.kind === "deadlock") return "deadlock";
  if (v.kind === "invariant" || v.kind === "liveness") return `violation ${v.name}`;
  return `violation ${v.kind}`;
}

/** Decides whether the result meets the expectation. */
export function judge(expect: Expectation, r: CheckResult, statesComparable = true): Verdict {
  const v = r.violation;
  let met: boolean;
  switch (expect.verdict) {
    case "ok":
      met = !v;
      break;
    case "deadlock":
      met = v?.kind === "deadlock";
      break;
    case "violation":
      met =
        !!v &&
        (expect.target === undefined ||
          (expect.target === "assert" && v.kind === "assert") ||
          (expect.target === "runtime" && v.kind === "runtime") ||
          ((v.kind === "invariant" || v.kind === "liveness") && v.name === expect.target));
      break;
  }
  if (!met)
    return {
      met,
      reason: `expected ${describeExpectation({ ...expect, states: undefined })}, found ${describeOutcome(r)}`,
    };
  if (expect.states !== undefined && statesComparable && r.stats.distinctStates !== expect.states && !v) {
    return {
      met: false,
      reason: `expected exactly ${expect.states} distinct states, found ${r.stats.distinctStates}`,
    };
  }
  if (r.outcome === "bounded") return { met, reason: `bounded by ${BOUND_NAMES[r.boundedBy ?? "states"]}` };
  return { met };
}

/** How each bound that can cut a search short is named in reports. */
export const BOUND_NAMES: Record<string, string> = {
  depth: "max depth",
  states: "max states",
  memory: "max memory",
  bitstate: "bitstate mode (a Bloom filter may take a new state for a visited one)",
};
