// Compares what a check found with what its author expected. In: the plan's expectation, the
// engine's result and whether a bound that cut the search short was one the check block declared.
// Out: met, not met or inconclusive, with a one-line reason a person can act on.
//
// Why three answers: users gate patches on the exit code, so "met" must mean the search proved the
// expected verdict: it explored every reachable state (or found the expected violation). A search
// cut short by a command-line bound, the memory budget, bitstate's filter, an interrupt or a
// skipped liveness phase decided nothing about the states it did not reach: that is
// "inconclusive", never "met". A bound the check block itself declares (`max depth 3`) is a
// deliberate bounded check: it may be met as such, and says so.

import type { CheckResult } from "../engines/result.js";
import type { Expectation } from "./plan.js";

export type VerdictStatus = "met" | "not met" | "inconclusive";

export interface Verdict {
  /** True only when the expectation was proved (status "met"). */
  met: boolean;
  status: VerdictStatus;
  /** Why not, or a note on a met check (e.g. that it was a deliberately bounded check). */
  reason?: string;
}

/** How a search's completeness is to be judged beside its result. */
export interface JudgeContext {
  /** Whether `expect states` may be compared (no command-line change to the configuration). */
  statesComparable?: boolean;
  /** The search stopped at a bound the check block declared, not one from the command line. */
  deliberateBound?: boolean;
  /** A phase of the check did not run (e.g. liveness skipped): why. No violation then proves nothing. */
  incomplete?: string;
}

/** What was expected, as the check block says it. */
export function describeExpectation(e: Expectation): string {
  const base = e.verdict === "violation" ? `violation${e.target ? ` ${e.target}` : ""}` : e.verdict;
  const parts = [base];
  if (e.states !== undefined) parts.push(`${e.states} states`);
  if (e.covered) parts.push("covered");
  if (e.reached?.length) parts.push(`reached ${e.reached.join(", ")}`);
  return parts.join(", ");
}

/** What was found, in the words of a check block. */
export function describeOutcome(r: CheckResult): string {
  const v = r.violation;
  if (!v) return r.outcome === "bounded" ? "bounded: no violation" : "ok";
  if (v.kind === "deadlock") return "deadlock";
  if (v.kind === "invariant" || v.kind === "liveness" || v.kind === "refinement")
    return `violation ${v.name}`;
  return `violation ${v.kind}`;
}

/** Whether a violation is the one expected. */
function matches(expect: Expectation, r: CheckResult): boolean {
  const v = r.violation;
  switch (expect.verdict) {
    case "ok":
      return !v;
    case "deadlock":
      return v?.kind === "deadlock";
    case "violation":
      return (
        !!v &&
        (expect.target === undefined ||
          (expect.target === "assert" && v.kind === "assert") ||
          (expect.target === "runtime" && v.kind === "runtime") ||
          ((v.kind === "invariant" || v.kind === "liveness" || v.kind === "refinement") &&
            v.name === expect.target))
      );
  }
}

/** Decides whether the result meets the expectation, and whether the search could decide it. */
export function judge(expect: Expectation, r: CheckResult, context: JudgeContext = {}): Verdict {
  const v = r.violation;
  const expected = describeExpectation({
    ...expect,
    states: undefined,
    covered: undefined,
    reached: undefined,
  });
  // A violation is a fact however the search was cut: it meets or fails the expectation outright.
  if (v) {
    if (matches(expect, r)) return { met: true, status: "met" };
    return { met: false, status: "not met", reason: `expected ${expected}, found ${describeOutcome(r)}` };
  }
  // No initial state: every invariant holds vacuously, which proves nothing about the design.
  if (r.stats.distinctStates === 0)
    return {
      met: false,
      status: "not met",
      reason:
        "the spec has no initial state (a variable `in` an empty set, or an init block with nothing to choose): every property holds vacuously",
    };
  const complete = r.outcome === "ok" && context.incomplete === undefined;
  if (
    !complete &&
    !(r.outcome === "bounded" && context.deliberateBound && context.incomplete === undefined)
  ) {
    const why =
      context.incomplete ??
      `the search was cut short by ${BOUND_NAMES[r.boundedBy ?? "states"]} before it reached every state`;
    return {
      met: false,
      status: "inconclusive",
      reason: `inconclusive: no violation found, but ${why}; nothing was proved about the states not reached`,
    };
  }
  if (!matches(expect, r)) {
    return {
      met: false,
      status: "not met",
      reason: `expected ${expected}, found ${describeOutcome(r)}${complete ? "" : ` within the check's ${BOUND_NAMES[r.boundedBy ?? "states"]}`}`,
    };
  }
  if (expect.states !== undefined && context.statesComparable !== false) {
    if (r.stats.distinctStates !== expect.states)
      return {
        met: false,
        status: "not met",
        reason: `expected exactly ${expect.states} distinct states, found ${r.stats.distinctStates}`,
      };
  }
  if (!complete)
    return {
      met: true,
      status: "met",
      reason: `met as a bounded check: no violation within the ${BOUND_NAMES[r.boundedBy ?? "states"]} the check block declares`,
    };
  return { met: true, status: "met" };
}

/** The worst of several verdicts, for a summary: not met, then inconclusive, then met. */
export function worstStatus(statuses: VerdictStatus[]): VerdictStatus {
  if (statuses.includes("not met")) return "not met";
  if (statuses.includes("inconclusive")) return "inconclusive";
  return "met";
}

/** How each bound that can cut a search short is named in reports. */
export const BOUND_NAMES: Record<string, string> = {
  depth: "max depth",
  states: "max states",
  memory: "max memory",
  bitstate: "bitstate mode (a Bloom filter may take a new state for a visited one)",
  interrupted: "an interrupt",
};
