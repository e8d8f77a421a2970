// The semantic fuzzer's loop: generates the spec of each seed (generate.ts), checks it every way
// (differential.ts), and shrinks every mismatch to a small spec that still shows it (tree.ts). In:
// a range of seeds and the options. Out: counts by outcome, and each mismatch with its seed and
// shrunk spec. Used by the CI test (semantics.test.ts) and `npm run fuzz:semantics` (main.ts).

import { differential, type DifferentialOptions, type Outcome } from "./differential.js";
import { generateSpec, type KnownBugSwitches } from "./generate.js";
import { render, shrink } from "./tree.js";

export interface FuzzRun {
  start: number;
  seeds: number;
  switches: KnownBugSwitches;
  differential: Omit<DifferentialOptions, "workers">;
  /** Run the two-worker search on every n-th seed (0: never); worker threads take time to start. */
  workersEvery: number;
  /** Candidates the shrinker may try per mismatch. */
  shrinkBudget: number;
  /** Mismatches of one class shrunk at most (the rest are reported with their seed only). */
  shrinkPerClass?: number;
  /** Called after each seed (progress, early reports). */
  onSeed?: (seed: number, outcome: Outcome, mismatch?: Mismatch) => void;
}

export interface Mismatch {
  seed: number;
  class: string;
  detail: string;
  spec: string;
  shrunk: string;
  shrunkDetail: string;
}

export interface FuzzSummary {
  specs: number;
  agreed: number;
  violations: number;
  skipped: number;
  rejected: { seed: number; diagnostics: string }[];
  mismatches: Mismatch[];
  elapsedMs: number;
  totalStates: number;
}

/** Runs seeds start..start+seeds-1. */
export async function fuzz(run: FuzzRun): Promise<FuzzSummary> {
  const started = Date.now();
  const summary: FuzzSummary = {
    specs: 0,
    agreed: 0,
    violations: 0,
    skipped: 0,
    rejected: [],
    mismatches: [],
    elapsedMs: 0,
    totalStates: 0,
  };
  for (let seed = run.start; seed < run.start + run.seeds; seed++) {
    const g = generateSpec(seed, run.switches);
    const text = render(g.tree);
    const options = { ...run.differential, workers: run.workersEvery > 0 && seed % run.workersEvery === 0 };
    const outcome = await differential(text, options);
    summary.specs++;
    let found: Mismatch | undefined;
    switch (outcome.kind) {
      case "agreed":
        summary.agreed++;
        summary.totalStates += outcome.states;
        if (outcome.verdict !== "ok") summary.violations++;
        break;
      case "skipped":
        summary.skipped++;
        break;
      case "rejected":
        summary.rejected.push({ seed, diagnostics: outcome.diagnostics });
        break;
      case "mismatch": {
        const same = async (t: string) => {
          const o = await differential(t, options);
          return o.kind === "mismatch" && o.class === outcome.class;
        };
        const seen = summary.mismatches.filter((m) => m.class === outcome.class).length;
        const shrunk =
          seen < (run.shrinkPerClass ?? Infinity) ? await shrink(g.tree, same, run.shrinkBudget) : text;
        const again = shrunk === text ? outcome : await differential(shrunk, options);
        found = {
          seed,
          class: outcome.class,
          detail: outcome.detail,
          spec: text,
          shrunk,
          shrunkDetail: again.kind === "mismatch" ? again.detail : "",
        };
        summary.mismatches.push(found);
      }
    }
    run.onSeed?.(seed, outcome, found);
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}

/** A mismatch as a report: the seed, the class, both sides' results and the shrunk spec. */
export function describeMismatch(m: Mismatch): string {
  return [
    `seed ${m.seed}: ${m.class}`,
    m.shrunkDetail || m.detail,
    "shrunk spec:",
    m.shrunk.trimEnd(),
    "",
  ].join("\n");
}
