// `vmaspec simulate FILE`: runs every check block (or the one named by --check) by seeded random
// walks instead of exhaustive search, and reports each as met or not met, with the seed that
// reproduces what it found. Exit code: 0 all met, 1 some check not met, 2 bad input or usage, 4
// inconclusive: a walk that finds nothing proves nothing, so a check expecting ok is inconclusive
// unless --accept-unproven, and one expecting a violation no walk found is inconclusive too.
// With --workers N the walks run on N threads, which report the same violation as one.

import { randomInt } from "node:crypto";
import type { Command } from "commander";
import type { CheckDecl } from "../ast/ast.js";
import { frontEnd, type FrontEnd } from "../compile.js";
import { planOf } from "../checks/plan.js";
import { runSimulation } from "../checks/simulate.js";
import { MAX_SEED } from "../engines/simulate/prng.js";
import { MAX_PARALLEL_RUNS } from "../engines/simulate/protocol.js";
import type { ConstOverride } from "../typecheck/consts.js";
import { printDiagnostics } from "./check-command.js";
import { EXIT, exitCodesHelp, type SetExit } from "./exit-codes.js";
import { describeExpectation, worstStatus, type VerdictStatus } from "../checks/verdict.js";
import {
  collect,
  parseBound,
  parseConstOption,
  parseSeconds,
  parseTraceStyle,
  parseWorkers,
  TRACE_OPTION,
  HTML_OPTION,
  UsageError,
} from "./options.js";
import type { TraceStyle } from "../trace/lanes.js";
import { clearProgress, defaultProgressSeconds, statusWord } from "./output.js";
import { HtmlReportWriter } from "./html-report.js";
import { DEFAULT_STEPS, formatSimulation, simulationProgress, simulationToJson } from "./simulate-output.js";
import { TraceFileWriter } from "./trace-file.js";
import { onInterrupt, type Interrupt } from "./interrupt.js";

const DEFAULT_RUNS = 10_000;

export interface SimulateCommandOptions {
  check?: string;
  consts: ConstOverride[];
  /** The `--const` arguments as written, to print the command that reproduces a walk. */
  constArgs: string[];
  seed: number;
  runs: number;
  steps: number;
  /** Worker threads walking runs (1: this thread alone). */
  workers: number;
  json: boolean;
  out?: string;
  /** `--accept-unproven`: a check expecting ok is met when no walk finds a violation. */
  acceptUnproven?: boolean;
  /** Seconds between progress lines on stderr (0: none). */
  progressSeconds?: number;
  /** How counterexamples print (--trace). */
  traceStyle?: TraceStyle;
  /** `--html FILE`: where to write the HTML report. */
  html?: string;
}

/** The check blocks a command runs: all of them, or the one `--check` names (a usage error if none). */
export function selectChecks(front: FrontEnd, file: string, name?: string): (CheckDecl | undefined)[] {
  const checks = front.table.checks;
  if (name === undefined) return checks.length ? checks : [undefined];
  const named = checks.filter((c) => c.name.name === name);
  if (named.length) return named;
  if (name === "default" && !checks.length) return [undefined];
  throw new UsageError(
    `${file} has no check named '${name}'${checks.length ? ` (its checks: ${checks.map((c) => c.name.name).join(", ")})` : " (it has no check blocks)"}`,
  );
}

/** Simulates the checks of a spec file and returns the exit code. */
export async function simulateCommand(file: string, opts: SimulateCommandOptions): Promise<number> {
  // From the start: a signal during the front end still ends with the statistics (of nothing) and 130.
  const interrupt = onInterrupt();
  try {
    return await simulateCommandBody(file, opts, interrupt);
  } finally {
    interrupt.dispose();
  }
}

async function simulateCommandBody(
  file: string,
  opts: SimulateCommandOptions,
  interrupt: Interrupt,
): Promise<number> {
  const fe = frontEnd(file);
  const sources = (n: string) => fe.texts.get(n);
  if (!fe.front) {
    printDiagnostics(fe.diagnostics, sources, opts.json);
    return 2;
  }
  const selected = selectChecks(fe.front, file, opts.check);
  const traceFile = new TraceFileWriter(opts.out);
  const htmlReport = new HtmlReportWriter(opts.html, "simulate", file);
  const statuses: VerdictStatus[] = [];
  let skipped = 0;
  const progressSeconds = opts.progressSeconds ?? defaultProgressSeconds();
  for (const check of selected) {
    const plan = planOf(check, { consts: opts.consts, workers: opts.workers });
    const settings = {
      seed: opts.seed,
      runs: opts.runs,
      steps: opts.steps,
      acceptUnproven: opts.acceptUnproven,
      progressIntervalMs: progressSeconds * 1000 || undefined,
    };
    const run = await runSimulation(
      fe.front,
      plan,
      settings,
      simulationProgress(plan.name, progressSeconds),
      interrupt.signal,
    );
    clearProgress();
    if (!run.model || (!run.result && !run.skipped)) {
      printDiagnostics(run.diagnostics, sources, opts.json);
      return 2;
    }
    statuses.push(run.verdict!.status);
    if (run.skipped) skipped++;
    const violation = run.result?.violation;
    const traceNote = violation
      ? traceFile.offer(run.model!, violation, {
          file,
          check: plan.name,
          consts: opts.consts,
          constants: run.compiled?.spec.consts,
          engine: "simulate",
          seed: run.result!.violationRun!.seed,
        })
      : null;
    htmlReport.add({
      name: plan.name,
      status: statusWord(run.verdict!.status),
      expected: describeExpectation(plan.expect),
      text: formatSimulation(run, file, opts.constArgs, "lanes"),
      model: run.model,
      violation,
    });
    if (opts.json) {
      console.log(JSON.stringify(simulationToJson(run, file, opts.constArgs)));
      if (traceNote) process.stderr.write(`${traceNote}\n`);
    } else {
      console.log(formatSimulation(run, file, opts.constArgs, opts.traceStyle));
      if (traceNote) console.log(`  ${traceNote}`);
      console.log("");
    }
    if (interrupt.received) break;
  }
  const nothingWritten = traceFile.finish();
  if (nothingWritten) process.stderr.write(`${nothingWritten}\n`);
  const reportNote = htmlReport.finish(fe.texts);
  if (reportNote) (opts.json ? process.stderr : process.stdout).write(`${reportNote}\n`);
  const worst = worstStatus(statuses);
  if (!opts.json) {
    const note = skipped ? `; ${skipped} skipped: run check for liveness properties` : "";
    const inconclusive = statuses.filter((s) => s === "inconclusive").length;
    const head =
      worst === "met"
        ? "All checks met"
        : worst === "not met"
          ? "Some checks were NOT met"
          : `INCONCLUSIVE: ${inconclusive} of ${statuses.length} check${statuses.length === 1 ? "" : "s"} decided nothing (exit code 4)`;
    console.log(
      interrupt.received
        ? `Interrupted by ${interrupt.received} after ${statuses.length} of ${selected.length} check${selected.length === 1 ? "" : "s"} (seed ${opts.seed}): the walks so far proved nothing.`
        : `${head} (seed ${opts.seed}${note}).`,
    );
  }
  if (interrupt.received) return interrupt.exitCode;
  return worst === "met" ? EXIT.ok : worst === "not met" ? EXIT.notMet : EXIT.inconclusive;
}

/** `--seed S`: an unsigned 32-bit integer, decimal or 0x hex. */
export function parseSeed(text: string): number {
  const value = /^(0x[0-9a-fA-F]+|\d+)$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= MAX_SEED))
    throw new UsageError(`--seed expects an integer from 0 to ${MAX_SEED}, not '${text}'`);
  return value;
}

/** Adds the simulate command to the program. */
export function registerSimulate(program: Command, setExit: SetExit): void {
  program
    .command("simulate")
    .description("run seeded random walks over a spec's check blocks (or one) to look for violations")
    .argument("<file>", "the .vmaspec file")
    .option("--check <name>", "run only the check block with this name")
    .option("--const <name=value>", "override a constant (repeatable), e.g. --const READERS=5", collect, [])
    .option("--seed <n>", "the base seed (0 to 4294967295; random when absent, and always printed)")
    .option("--runs <n>", `how many walks per check (default: ${DEFAULT_RUNS})`)
    .option("--steps <n>", `the most steps per walk (default: ${DEFAULT_STEPS})`)
    .option(
      "--workers <n>",
      "walk with n worker threads (same violation as one)",
      (text: string) => parseWorkers(text),
      1,
    )
    .option(
      "--accept-unproven",
      "exit 0 for a check expecting ok when no walk finds a violation (by default inconclusive, exit 4: walks prove nothing)",
      false,
    )
    .option("--json", "print one JSON object per line per check (JSON Lines)", false)
    .option("--out <file>", "write the first counterexample to this file (Informal Trace Format)")
    .option(...HTML_OPTION)
    .option(...TRACE_OPTION)
    .option(
      "--progress <seconds>",
      "print a progress line to stderr every this many seconds; 0: none (default: 1 on a terminal, 10 otherwise)",
    )
    .addHelpText(
      "after",
      `\nRun i of a simulation uses a seed derived from the base seed, and run 1 the base seed itself:\n` +
        `the seed printed with a violation, given with --runs 1, replays that walk exactly.\n` +
        `A check that expects ok and whose walks find no violation is inconclusive (exit 4): no walk\n` +
        `proves ok. With --accept-unproven it is met instead, reported as "not a proof".\n${exitCodesHelp("simulate")}`,
    )
    .action(
      async (
        file: string,
        o: {
          check?: string;
          const: string[];
          seed?: string;
          runs?: string;
          steps?: string;
          workers: number;
          acceptUnproven: boolean;
          json: boolean;
          out?: string;
          html?: string;
          trace?: string;
          progress?: string;
        },
      ) => {
        const runs = o.runs === undefined ? DEFAULT_RUNS : parseBound("--runs", o.runs);
        const workers = o.workers;
        if (workers > 1 && runs > MAX_PARALLEL_RUNS)
          throw new UsageError(`--workers: a parallel simulation walks at most ${MAX_PARALLEL_RUNS} runs`);
        setExit(
          await simulateCommand(file, {
            check: o.check,
            consts: o.const.map(parseConstOption),
            constArgs: o.const,
            seed: o.seed === undefined ? randomInt(0, MAX_SEED + 1) : parseSeed(o.seed),
            runs,
            steps: o.steps === undefined ? DEFAULT_STEPS : parseBound("--steps", o.steps),
            workers,
            json: o.json,
            out: o.out,
            html: o.html,
            acceptUnproven: o.acceptUnproven,
            traceStyle: parseTraceStyle(o.trace),
            progressSeconds: o.progress === undefined ? undefined : parseSeconds("--progress", o.progress),
          }),
        );
      },
    );
}
