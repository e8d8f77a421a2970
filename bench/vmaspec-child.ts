// One vmaspec measurement, in a process of its own so that its peak RSS is its own. In: a spec file,
// constants, and how to check it (serial, parallel workers, bitstate), on the command line. Out: one
// JSON line on stdout: the statistics of the search and the process's peak RSS.
//
// It uses the public API the CLI uses: compile.ts (front end, configuration, model) and the
// engines' checkModel / checkModelParallel. The search time excludes compiling, as SPIN's rate
// excludes generating and compiling pan; the workers' start-up (each evaluates the generated
// code again) is reported apart.

import { compileConfiguration, frontEnd, modelOf, type Compiled } from "../src/compile.js";
import { checkModel } from "../src/engines/bfs.js";
import { checkModelParallel } from "../src/engines/parallel.js";
import { simulateModel } from "../src/engines/simulate.js";
import { simulateModelParallel } from "../src/engines/simulate-parallel.js";
import type { CheckOptions, CheckResult } from "../src/engines/result.js";
import type { ConstOverride } from "../src/typecheck/consts.js";
import { workerFactory } from "../src/checks/worker-model.js";

/** What the child reports for a simulation (--simulate-runs). */
export interface SimulationMeasurement {
  runs: number;
  steps: number;
  searchMs: number;
  outcome: string;
}

/** What the child reports. */
export interface VmaspecMeasurement {
  outcome: CheckResult["outcome"];
  boundedBy?: string;
  violation?: string;
  states: number;
  generated: number;
  depth: number;
  searchMs: number;
  /** Wall time of the whole check, workers' start-up included. */
  totalMs: number;
  visitedBytes: number;
  memoryBytes: number;
  packedBits: number;
  peakRssBytes: number;
  coverage?: number;
  bitsPerState?: number;
}

function parseArgs(argv: string[]): {
  spec: string;
  consts: ConstOverride[];
  workers: number;
  options: CheckOptions;
  simulateRuns: number;
} {
  let spec = "";
  let simulateRuns = 0;
  const consts: ConstOverride[] = [];
  let workers = 0;
  const options: CheckOptions = { allowDeadlock: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--spec") spec = value;
    else if (flag === "--const") {
      const [name, v] = value.split("=");
      consts.push({
        name,
        value: v === "true" ? true : v === "false" ? false : Number(v),
        origin: "--const",
      });
    } else if (flag === "--workers") workers = Number(value);
    else if (flag === "--bitstate-bytes") options.bitstate = { bytes: Number(value) };
    else if (flag === "--max-memory") options.maxMemoryBytes = Number(value);
    else if (flag === "--simulate-runs") simulateRuns = Number(value);
    else throw new Error(`vmaspec-child: unknown option ${flag}`);
    i++;
  }
  return { spec, consts, workers, options, simulateRuns };
}

/** Random walks instead of a search: runs of up to SIMULATE_STEPS steps from seed 1. */
const SIMULATE_STEPS = 1000;

async function simulate(compiled: Compiled, runs: number, workers: number): Promise<SimulationMeasurement> {
  const model = modelOf(compiled);
  const options = { seed: 1, runs, maxSteps: SIMULATE_STEPS, allowDeadlock: false };
  const result =
    workers > 0
      ? await simulateModelParallel(model, workerFactory(compiled, []), { ...options, workers })
      : simulateModel(model, options);
  const s = result.stats;
  return { runs: s.runs, steps: s.steps, searchMs: s.elapsedMs, outcome: result.outcome };
}

async function main(): Promise<void> {
  const { spec, consts, workers, options, simulateRuns } = parseArgs(process.argv.slice(2));
  const front = frontEnd(spec).front;
  if (!front) throw new Error(`${spec} does not compile`);
  const { compiled, diagnostics } = compileConfiguration(front, consts);
  if (!compiled) throw new Error(`${spec}: ${diagnostics.map((d) => d.message).join("; ")}`);
  if (simulateRuns > 0) {
    process.stdout.write(JSON.stringify(await simulate(compiled, simulateRuns, workers)) + "\n");
    return;
  }
  const model = modelOf(compiled);
  const start = performance.now();
  let result: CheckResult;
  if (workers > 0) {
    const factory = workerFactory(compiled, []);
    result = await checkModelParallel(model, factory, { ...options, workers });
  } else {
    result = checkModel(model, options);
  }
  const s = result.stats;
  const out: VmaspecMeasurement = {
    outcome: result.outcome,
    boundedBy: result.boundedBy,
    violation: result.violation?.message,
    states: s.distinctStates,
    generated: s.statesGenerated,
    depth: s.depth,
    searchMs: s.elapsedMs,
    totalMs: performance.now() - start,
    visitedBytes: s.visitedBytes ?? s.memoryBytes,
    memoryBytes: s.memoryBytes,
    packedBits: model.packedBits,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    coverage: s.bitstate?.estimatedCoverage,
    bitsPerState: s.bitstate?.bitsPerState,
  };
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
