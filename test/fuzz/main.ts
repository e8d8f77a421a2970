// `npm run fuzz:semantics -- --seeds N [--start S]`: the semantic fuzzer for long runs. Generates
// and checks N specs from seed S (default 0), prints progress, every mismatch (seed, both results,
// shrunk spec) and a summary line; exits 1 if any spec mismatched or failed to type-check.
// Options: --workers-every K (two-worker search on every K-th seed, default 5; 0 never),
// --max-states N (skip larger spaces, default 5000), --avoid-known-bugs (the generator's
// KnownBugSwitches, see generate.ts, and differential.ts's tolerateTranspileMisread),
// --shrink-per-class N (shrink at most N mismatches of each class, default 3), --quiet.

import { describeMismatch, fuzz } from "./fuzz.js";
import { AVOID_KNOWN_BUGS } from "./generate.js";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`${name} needs a non-negative integer\n`);
    process.exit(2);
  }
  return v;
}

const seeds = option("--seeds", 1000);
const start = option("--start", 0);
const avoid = process.argv.includes("--avoid-known-bugs");
const quiet = process.argv.includes("--quiet");
const summary = await fuzz({
  start,
  seeds,
  switches: avoid ? AVOID_KNOWN_BUGS : {},
  differential: {
    maxStates: option("--max-states", 5000),
    bitstateUpTo: 3000,
    tolerateTranspileMisread: avoid,
  },
  workersEvery: option("--workers-every", 5),
  shrinkBudget: 300,
  shrinkPerClass: option("--shrink-per-class", 3),
  onSeed(seed, outcome, m) {
    if (m) process.stdout.write(describeMismatch(m) + "\n");
    if (outcome.kind === "rejected")
      process.stdout.write(`seed ${seed}: not well typed:\n${outcome.diagnostics}\n`);
    if (!quiet && (seed - start + 1) % 500 === 0) process.stdout.write(`... ${seed - start + 1} specs\n`);
  },
});
const classes = new Map<string, number[]>();
for (const m of summary.mismatches) classes.set(m.class, [...(classes.get(m.class) ?? []), m.seed]);
for (const [c, s] of classes)
  process.stdout.write(`mismatch class "${c}": ${s.length} (seeds ${s.slice(0, 10).join(", ")})\n`);
process.stdout.write(
  `${summary.specs} specs (seeds ${start}..${start + seeds - 1}) in ${(summary.elapsedMs / 1000).toFixed(1)} s: ` +
    `${summary.agreed} agreed (${summary.violations} with a violation, ${summary.totalStates} states), ` +
    `${summary.skipped} skipped as too large, ${summary.rejected.length} not well typed, ` +
    `${summary.mismatches.length} mismatches\n`,
);
process.exit(summary.mismatches.length || summary.rejected.length ? 1 : 0);
