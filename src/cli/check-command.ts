// `vmaspec check FILE`: runs every check block (or the one named by --check) and reports each as
// met or not met. Exit code: 0 all met, 1 some check not met, 2 bad input or usage.

import { frontEnd } from "../compile.js";
import { planOf, type CommandLineSettings } from "../checks/plan.js";
import { runCheck } from "../checks/run.js";
import { renderDiagnostics, diagnosticsToJson } from "../diagnostics/render.js";
import { clearProgress, formatRun, runToJson, terminalProgress } from "./output.js";
import { collect, parseConstOption, parseCount, parseSize, parseWorkers, UsageError } from "./options.js";
import type { Command } from "commander";
import { EXIT_CODES, type SetExit } from "./exit-codes.js";
import { TraceFileWriter } from "./trace-file.js";

export interface CheckCommandOptions extends CommandLineSettings {
  check?: string;
  json: boolean;
  /** `--out FILE`: where to write the first counterexample (ITF). */
  out?: string;
}

/** Runs the checks of a spec file and returns the exit code. */
export async function checkCommand(file: string, opts: CheckCommandOptions): Promise<number> {
  const fe = frontEnd(file);
  const sources = (n: string) => fe.texts.get(n);
  if (!fe.front) {
    printDiagnostics(fe.diagnostics, sources, opts.json);
    return 2;
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
  // command line change it, so the pin is then reported but not compared.
  const statesComparable =
    opts.consts.length === 0 &&
    opts.maxDepth === undefined &&
    opts.maxStates === undefined &&
    opts.bitstateBytes === undefined;
  let exit = 0;
  const json: object[] = [];
  const traceFile = new TraceFileWriter(opts.out);
  for (const check of selected) {
    const plan = planOf(check, opts);
    const run = await runCheck(
      fe.front,
      plan,
      opts.json ? undefined : terminalProgress(plan.name),
      statesComparable,
    );
    clearProgress();
    if (!run.result) {
      printDiagnostics(run.diagnostics, sources, opts.json);
      return 2;
    }
    if (!run.verdict!.met) exit = 1;
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
    if (opts.json) json.push(runToJson(run, file));
    else {
      console.log(formatRun(run));
      if (traceNote) console.log(`  ${traceNote}`);
      if (!statesComparable && plan.expect.states !== undefined)
        console.log(
          `  (expect states ${plan.expect.states} not compared: the command line changed the configuration)`,
        );
      console.log("");
    }
  }
  const nothingWritten = traceFile.finish();
  if (nothingWritten) process.stderr.write(`${nothingWritten}\n`);
  if (opts.json) console.log(JSON.stringify(json.length === 1 && opts.check ? json[0] : json, null, 2));
  else {
    const total = selected.length;
    console.log(
      exit === 0 ? `All ${total} check${total === 1 ? "" : "s"} met.` : `Some checks were NOT met.`,
    );
  }
  return exit;
}

/** Prints diagnostics to stderr (text) or stdout (JSON). */
export function printDiagnostics(
  diagnostics: Parameters<typeof renderDiagnostics>[0],
  sources: (n: string) => string | undefined,
  json: boolean,
): void {
  if (json) console.log(JSON.stringify({ diagnostics: diagnosticsToJson(diagnostics) }, null, 2));
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
    .option("--max-depth <n>", "explore at most n steps from the initial states")
    .option("--max-states <n>", "stop after n distinct states")
    .option(
      "--max-memory <size>",
      "stop cleanly before the visited set needs more, e.g. 8G (default: half the machine)",
    )
    .option(
      "--bitstate [size]",
      "use a Bloom filter of this size (default 512M) instead of the exact visited set",
    )
    .option("--workers <n>", "search with n worker threads (same states and trace length as one)", "1")
    .option("--json", "print one machine-readable result per check", false)
    .option("--out <file>", "write the first counterexample to this file (Informal Trace Format)")
    .addHelpText("after", EXIT_CODES)
    .action(
      async (
        file: string,
        o: {
          check?: string;
          const: string[];
          maxDepth?: string;
          maxStates?: string;
          maxMemory?: string;
          bitstate?: string | boolean;
          workers: string;
          json: boolean;
          out?: string;
        },
      ) => {
        setExit(
          await checkCommand(file, {
            check: o.check,
            json: o.json,
            out: o.out,
            consts: o.const.map(parseConstOption),
            maxDepth: o.maxDepth === undefined ? undefined : parseCount("--max-depth", o.maxDepth),
            maxStates: o.maxStates === undefined ? undefined : parseCount("--max-states", o.maxStates),
            maxMemoryBytes: o.maxMemory === undefined ? undefined : parseSize("--max-memory", o.maxMemory),
            bitstateBytes:
              o.bitstate === undefined
                ? undefined
                : parseSize("--bitstate", o.bitstate === true ? "512M" : String(o.bitstate)),
            workers: parseWorkers(o.workers),
          }),
        );
      },
    );
}
