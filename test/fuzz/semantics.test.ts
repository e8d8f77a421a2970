// The semantic fuzzer in CI: a fixed budget of generated specs (seeds 0..SPECS-1), each checked by
// the generated code and the reference interpreter, and by the production checker with two workers
// (every WORKERS_EVERY-th seed), bitstate and symmetry (differential.ts). Any mismatch fails the
// test with its seed and shrunk spec; `npm run fuzz:semantics -- --start SEED --seeds 1` reproduces it.
// CI runs the full generator: every bug class the switches in generate.ts (AVOID_KNOWN_BUGS) were
// made for is fixed. Longer runs: `npm run fuzz:semantics -- --seeds N`.

import { expect, it } from "vitest";
import { describeMismatch, fuzz } from "./fuzz.js";

const SPECS = 200;
const WORKERS_EVERY = 25;

it(`the generated code agrees with the reference interpreter on ${SPECS} generated specs`, async () => {
  const summary = await fuzz({
    start: 0,
    seeds: SPECS,
    switches: {},
    differential: { maxStates: 3000, bitstateUpTo: 3000 },
    workersEvery: WORKERS_EVERY,
    shrinkBudget: 150,
    shrinkPerClass: 1,
  });
  console.log(
    `semantic fuzzer: ${summary.specs} specs in ${(summary.elapsedMs / 1000).toFixed(1)} s, ` +
      `${summary.agreed} agreed (${summary.violations} with a violation, ${summary.totalStates} states), ` +
      `${summary.skipped} skipped, ${summary.mismatches.length} mismatches`,
  );
  const report = summary.mismatches.map(describeMismatch).join("\n");
  const rejected = summary.rejected.map((r) => `seed ${r.seed}: ${r.diagnostics}`).join("\n");
  expect(rejected, "generated specs that do not type-check (a generator bug)").toBe("");
  expect(report, "mismatches").toBe("");
  // The budget must decide something: most specs are compared, and some of them at length.
  expect(summary.agreed).toBeGreaterThan(SPECS * 0.9);
  expect(summary.totalStates).toBeGreaterThan(SPECS * 5);
}, 120_000);
