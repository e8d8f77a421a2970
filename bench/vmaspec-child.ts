// One vmaspec measurement, in a process of its own so that its peak RSS is its own. In: a spec file,
// optionally one of its check blocks, constants, and how to check it (serial, parallel workers,
// bitstate), on the command line. Out: one JSON line on stdout: the statistics of the search and
// the process's peak RSS.
//
// It uses the public API the CLI uses: compile.ts (front end, configuration, model), the check
// plan of checks/plan.ts (so --check and --const combine as in `vmaspec check`: the check block's
// constants, ignored invariants, bounds and `allow deadlock`, then --const on top) and the
// engines' searchBreadthFirst / searchParallel. The search time excludes compiling, as SPIN's rate
// excludes generating and compiling pan; the workers' start-up (each evaluates the generated
// code again) is reported apart.

import { planOf, type CheckPlan } from "../src/checks/plan.js";
import { compileConfiguration, frontEnd, modelOf, type Compiled } from "../src/compile.js";
import { searchBreadthFirst } from "../src/engines/bfs/search.js";
import { searchParallel } from "../src/engines/parallel/search.js";
import { simulateModel } from "../src/engines/simulate/simulate.js";
import { simulateModelParallel } from "../src/engines/simulate/parallel.js";
import type { CheckOptions, CheckResult } from "../src/engines/result.js";
import type { ConstOverride } from "../src/typecheck/consts.js";
import { workerFactory } from "../src/checks/worker-model.js";
import { reducedModel } from "../src/engines/por/ample.js";

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
  /** CPU time (user + system) of this process during the search, workers' threads included. */
  cpuMs: number;
  visitedBytes: number;
  memoryBytes: number;
  packedBits: number;
  peakRssBytes: number;
  coverage?: number;
  bitsPerState?: number;
}

function parseArgs(argv: string[]): {
  spec: string;
  check?: string;
  consts: ConstOverride[];
  workers: number;
  options: CheckOptions;
  simulateRuns: number;
  por: boolean;
} {
  let spec = "";
  let check: string | undefined;
  let simulateRuns = 0;
  const consts: ConstOverride[] = [];
  let workers = 0;
  let por = false;
  const options: CheckOptions = { allowDeadlock: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--spec") spec = value;
    else if (flag === "--check") check = value;
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
    else if (flag === "--por" || flag === "--flat-table") {
      // Flags without a value: partial-order reduction; the uncompressed table on one thread.
      if (flag === "--por") por = true;
      else options.treeCompression = false;
      continue;
    } else throw new Error(`vmaspec-child: unknown option ${flag}`);
    i++;
  }
  return { spec, check, consts, workers, options, simulateRuns, por };
}

/** Random walks instead of a search: runs of up to SIMULATE_STEPS steps from seed 1. */
const SIMULATE_STEPS = 1000;

async function simulate(
  compiled: Compiled,
  plan: CheckPlan,
  runs: number,
  workers: number,
): Promise<SimulationMeasurement> {
  const model = modelOf(compiled, plan.ignore);
  const options = { seed: 1, runs, maxSteps: SIMULATE_STEPS, allowDeadlock: plan.allowDeadlock };
  const result =
    workers > 0
      ? await simulateModelParallel(model, workerFactory(compiled, plan.ignore), { ...options, workers })
      : simulateModel(model, options);
  const s = result.stats;
  return { runs: s.runs, steps: s.steps, searchMs: s.elapsedMs, outcome: result.outcome };
}

async function main(): Promise<void> {
  const { spec, check, consts, workers, options, simulateRuns, por } = parseArgs(process.argv.slice(2));
  const front = frontEnd(spec).front;
  if (!front) throw new Error(`${spec} does not compile`);
  const checkDecl = check === undefined ? undefined : front.table.checks.find((c) => c.name.name === check);
  if (check !== undefined && !checkDecl) throw new Error(`${spec} has no check named '${check}'`);
  const plan = planOf(checkDecl, { consts });
  options.allowDeadlock = plan.allowDeadlock;
  options.maxDepth = plan.maxDepth;
  options.maxStates = plan.maxStates;
  const { compiled, diagnostics } = compileConfiguration(front, plan.overrides);
  if (!compiled) throw new Error(`${spec}: ${diagnostics.map((d) => d.message).join("; ")}`);
  if (simulateRuns > 0) {
    process.stdout.write(JSON.stringify(await simulate(compiled, plan, simulateRuns, workers)) + "\n");
    return;
  }
  const full = modelOf(compiled, plan.ignore);
  const model = (por && reducedModel(full)) || full;
  const start = performance.now();
  const cpu = process.cpuUsage();
  let result: CheckResult;
  if (workers > 0) {
    const factory = workerFactory(compiled, plan.ignore, por);
    result = await searchParallel(model, factory, { ...options, workers });
  } else {
    result = searchBreadthFirst(model, options);
  }
  const s = result.stats;
  const used = process.cpuUsage(cpu);
  const out: VmaspecMeasurement = {
    outcome: result.outcome,
    boundedBy: result.boundedBy,
    violation: result.violation?.message,
    states: s.distinctStates,
    generated: s.statesGenerated,
    depth: s.depth,
    searchMs: s.elapsedMs,
    totalMs: performance.now() - start,
    cpuMs: (used.user + used.system) / 1000,
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
