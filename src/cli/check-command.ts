// `vmaspec check FILE`: runs every check block (or the one named by --check) and reports each as
// met, NOT MET or INCONCLUSIVE. Exit code: 0 every check met by a complete search, 1 some check not
// met, 2 bad input or usage, 4 inconclusive (a search cut short proved nothing), 130/143 interrupted.

import { frontEnd } from "../compile.js";
import { planOf, type CommandLineSettings } from "../checks/plan.js";
import { runCheck } from "../checks/run.js";
import { worstStatus, type VerdictStatus } from "../checks/verdict.js";
import { renderDiagnostics, diagnosticsToJson } from "../diagnostics/render.js";
import {
  clearProgress,
  defaultProgressSeconds,
  formatRun,
  progressReporter,
  runToJson,
  statusWord,
} from "./output.js";
import { describeExpectation } from "../checks/verdict.js";
import { HtmlReportWriter } from "./html-report.js";
import type { TraceStyle } from "../trace/lanes.js";
import { formatProfile } from "./profile.js";
import {
  collect,
  parseBound,
  parseConstOption,
  parseSeconds,
  parseSize,
  parseWorkers,
  parseMemory,
  UsageError,
  parseTraceStyle,
  TRACE_OPTION,
  HTML_OPTION,
} from "./options.js";
import type { Command } from "commander";
import { EXIT, exitCodesHelp, type SetExit } from "./exit-codes.js";
import { onInterrupt, type Interrupt } from "./interrupt.js";
import { TraceFileWriter } from "./trace-file.js";

/** Bytes of bitstate's filter when --bitstate-size is not given. */
const DEFAULT_BITSTATE = "512M";

export interface CheckCommandOptions extends CommandLineSettings {
  check?: string;
  json: boolean;
  /** `--out FILE`: where to write the first counterexample (ITF). */
  out?: string;
  /** How counterexamples print (--trace). */
  traceStyle?: TraceStyle;
  /** Print where the states come from (--profile). */
  profile?: boolean;
  /** Seconds between progress lines on stderr (0: none). */
  progressSeconds?: number;
  /** `--html FILE`: where to write the HTML report. */
  html?: string;
}

/** Runs the checks of a spec file and returns the exit code. */
export async function checkCommand(file: string, opts: CheckCommandOptions): Promise<number> {
  // From the start: a signal during the front end still ends with the statistics (of nothing) and 130.
  const interrupt = onInterrupt();
  try {
    return await checkCommandBody(file, opts, interrupt);
  } finally {
    interrupt.dispose();
  }
}

async function checkCommandBody(
  file: string,
  opts: CheckCommandOptions,
  interrupt: Interrupt,
): Promise<number> {
  const fe = frontEnd(file);
  const sources = (n: string) => fe.texts.get(n);
  if (!fe.front) {
    printDiagnostics(fe.diagnostics, sources, opts.json);
    return EXIT.usage;
  }
  const checks = fe.front.table.checks;
  let selected = checks.length ? checks : [undefined];
  if (opts.check !== undefined) {
    const named = checks.filter((c) => c.name.name === opts.check);
    if (!named.length)
      throw new UsageError(
        `${file} has no check named '${opts.check}'${checks.length ? ` (its checks: ${checks.map((c) => c.name.name).join(", ")})` : " (it has no check blocks)"}`,
      );
    selected = named;
  }
  // A pinned state count describes the spec's own configuration: constants or bounds from the
  // command line change it, so the pin is then reported but not compared (runCheck also leaves it
  // out when partial-order reduction is on for the check; a check it declines is full).
  const statesComparable =
    opts.consts.length === 0 &&
    opts.maxDepth === undefined &&
    opts.maxStates === undefined &&
    opts.bitstateBytes === undefined &&
    opts.memory === undefined;
  const statuses: VerdictStatus[] = [];
  const traceFile = new TraceFileWriter(opts.out);
  const htmlReport = new HtmlReportWriter(opts.html, "check", file);
  const progressSeconds = opts.progressSeconds ?? defaultProgressSeconds();
  for (const check of selected) {
    const plan = planOf(check, { ...opts, progressIntervalMs: progressSeconds * 1000 || undefined });
    const run = await runCheck(
      fe.front,
      plan,
      progressReporter(`check ${plan.name}`, progressSeconds),
      statesComparable,
      interrupt.signal,
    );
    clearProgress();
    if (!run.result) {
      printDiagnostics(run.diagnostics, sources, opts.json);
      return EXIT.usage;
    }
    statuses.push(run.verdict!.status);
    const violation = run.result.violation;
    const traceNote = violation
      ? traceFile.offer(run.model!, violation, {
          file,
          check: plan.name,
          consts: opts.consts,
          constants: run.compiled?.spec.consts,
          engine: "check",
        })
      : null;
    if (traceNote && opts.json) process.stderr.write(`${traceNote}\n`);
    htmlReport.add({
      name: plan.name,
      status: statusWord(run.verdict!.status),
      expected: describeExpectation(plan.expect),
      text: formatRun(run, "lanes"),
      model: run.model,
      violation,
      profile: run.result.profile,
    });
    if (opts.json)
      console.log(
        JSON.stringify({
          ...runToJson(run, file),
          ...(opts.profile ? { profile: run.result?.profile } : {}),
        }),
      );
    else {
      console.log(formatRun(run, opts.traceStyle));
      if (opts.profile && run.result) console.log(formatProfile(run).join("\n"));
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
  if (!opts.json) console.log(summaryLine(statuses, selected.length, interrupt.received));
  if (interrupt.received) return interrupt.exitCode;
  return worst === "met" ? EXIT.ok : worst === "not met" ? EXIT.notMet : EXIT.inconclusive;
}

/** The last line of a check's text output: what the exit code says, in words. */
export function summaryLine(statuses: VerdictStatus[], total: number, interrupted?: string): string {
  const count = (s: VerdictStatus) => statuses.filter((x) => x === s).length;
  const checks = (n: number) => `${n} check${n === 1 ? "" : "s"}`;
  if (interrupted)
    return `Interrupted by ${interrupted} after ${statuses.length} of ${checks(total)}: the statistics above are the search so far, which proved nothing.`;
  if (count("not met")) return `Some checks were NOT met (${count("not met")} of ${checks(total)}).`;
  if (count("inconclusive"))
    return `INCONCLUSIVE: ${count("inconclusive")} of ${checks(total)} decided nothing (exit code 4); see the reasons above.`;
  return `All ${checks(total)} met.`;
}

/** Prints diagnostics to stderr (text) or stdout (JSON). */
export function printDiagnostics(
  diagnostics: Parameters<typeof renderDiagnostics>[0],
  sources: (n: string) => string | undefined,
  json: boolean,
): void {
  if (json) console.log(JSON.stringify({ diagnostics: diagnosticsToJson(diagnostics) }));
  else process.stderr.write(renderDiagnostics(diagnostics, sources));
}

/** Adds the check command to the program. */
export function registerCheck(program: Command, setExit: SetExit): void {
  program
    .command("check")
    .description("check a spec: run every check block (or one) and report each as met or not met")
    .argument("<file>", "the .vmaspec file")
    .option("--check <name>", "run only the check block with this name")
    .option("--const <name=value>", "override a constant (repeatable), e.g. --const READERS=3", collect, [])
    .option(
      "--max-depth <n>",
      "explore at most n steps from the initial states (a bounded search: exit 4 unless a violation is found)",
    )
    .option(
      "--max-states <n>",
      "stop after n distinct states (a bounded search: exit 4 unless a violation is found)",
    )
    .option(
      "--max-memory <size>",
      "stop cleanly before the visited set needs more, e.g. 8G (default: half the machine); a search stopped there is inconclusive",
    )
    .option(
      "--bitstate",
      `use a Bloom filter (SPIN's supertrace) instead of the exact visited set; never proves ok (exit 4)`,
    )
    .option(
      "--bitstate-size <size>",
      `the Bloom filter's size, e.g. 1G (implies --bitstate; default ${DEFAULT_BITSTATE})`,
    )
    .option(
      "--workers <n>",
      "search with n worker threads (same states and trace length as one)",
      (text: string) => parseWorkers(text),
      1,
    )
    .option(
      "--por",
      "partial-order reduction: explore one order of independent steps (fewer states; a counterexample may not be the shortest)",
      false,
    )
    .option(
      "--memory <model>",
      "the memory model: sc (sequential consistency) or lkmm (the Linux kernel memory model); default: the check's or the spec's `memory`, else sc",
    )
    .option("--json", "print one JSON object per line per check (JSON Lines)", false)
    .option("--out <file>", "write the first counterexample to this file (Informal Trace Format)")
    .option(...HTML_OPTION)
    .option("--raw-trace", "keep counterexamples in breadth-first order, not regrouped by process", false)
    .option(...TRACE_OPTION)
    .option("--profile", "print where the states come from: per step, per either branch and per depth", false)
    .option(
      "--progress <seconds>",
      "print a progress line to stderr every this many seconds; 0: none (default: 1 on a terminal, 10 otherwise)",
    )
    .addHelpText("after", exitCodesHelp("check"))
    .action(
      async (
        file: string,
        o: {
          check?: string;
          const: string[];
          maxDepth?: string;
          maxStates?: string;
          maxMemory?: string;
          bitstate?: boolean;
          bitstateSize?: string;
          workers: number;
          por: boolean;
          memory?: string;
          json: boolean;
          out?: string;
          html?: string;
          rawTrace: boolean;
          trace?: string;
          profile: boolean;
          progress?: string;
        },
      ) => {
        const bitstate = o.bitstate || o.bitstateSize !== undefined;
        // The profile is counted by the breadth-first search on one thread.
        if (o.profile && o.workers > 1)
          throw new UsageError("--profile needs a search on one thread: drop --workers");
        setExit(
          await checkCommand(file, {
            check: o.check,
            json: o.json,
            out: o.out,
            html: o.html,
            consts: o.const.map(parseConstOption),
            maxDepth: o.maxDepth === undefined ? undefined : parseBound("--max-depth", o.maxDepth),
            maxStates: o.maxStates === undefined ? undefined : parseBound("--max-states", o.maxStates),
            maxMemoryBytes: o.maxMemory === undefined ? undefined : parseSize("--max-memory", o.maxMemory),
            bitstateBytes: bitstate
              ? parseSize("--bitstate-size", o.bitstateSize ?? DEFAULT_BITSTATE)
              : undefined,
            workers: o.workers,
            por: o.por,
            memory: parseMemory(o.memory),
            rawTrace: o.rawTrace,
            traceStyle: parseTraceStyle(o.trace),
            profile: o.profile,
            progressSeconds: o.progress === undefined ? undefined : parseSeconds("--progress", o.progress),
          }),
        );
      },
    );
}
