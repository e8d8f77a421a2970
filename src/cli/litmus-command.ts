// `vmaspec litmus FILE.litmus [FILE...]`: runs litmus tests in the kernel's C format under the
// Linux kernel memory model (src/litmus/, src/weakmem/) and prints, per file, herd7's verdict for
// its `exists` clause (Never or Sometimes) with the number of states explored, and for Sometimes
// the shortest execution that reaches it, in lanes: which write each read read from and where each
// write went in coherence order. `--expect` compares each verdict with the `Result:` line of the
// test's comment, as the kernel's checklitmus.sh does. Exit codes: 0 every file got a verdict
// (and, with --expect, the announced one), 1 with --expect some verdict differs, 2 some file could
// not be read or has a construct outside the supported subset (the other files still run).

import type { Command } from "commander";
import { announcedResult, runLitmusFile, type LitmusRun } from "../litmus/run.js";
import { formatLanes } from "../trace/lanes.js";
import { formatTrace } from "../trace/format.js";
import { printDiagnostics } from "./check-command.js";
import { EXIT, exitCodesHelp, type SetExit } from "./exit-codes.js";
import { traceToJson } from "./output.js";
import { UsageError } from "./options.js";

interface LitmusOptions {
  json: boolean;
  expect: boolean;
  trace: string;
}

/** The exit code one run contributes, after printing it. */
function report(run: LitmusRun & { text?: string }, o: LitmusOptions): number {
  if (!run.verdict) {
    printDiagnostics(run.diagnostics, (n) => (n === run.file ? run.text : undefined), o.json);
    return EXIT.usage;
  }
  const announced = run.text !== undefined ? announcedResult(run.text) : undefined;
  const mismatch = o.expect && announced !== run.verdict;
  const states = run.stats!.distinctStates;
  if (o.json) {
    const w = run.witness;
    console.log(
      JSON.stringify({
        file: run.file,
        test: run.test!.name,
        verdict: run.verdict,
        states,
        ...(run.executions !== undefined ? { executions: run.executions } : {}),
        ...(o.expect ? { expected: announced ?? null, met: !mismatch } : {}),
        ...(w ? { witness: { length: w.trace.steps.length, trace: traceToJson(run.model!, w.trace) } } : {}),
      }),
    );
  } else {
    const expectNote = o.expect
      ? mismatch
        ? `  (expected ${announced ?? "a 'Result:' line"}: NOT MET)`
        : "  (as expected)"
      : "";
    const vacuous =
      run.executions === 0
        ? ", but no execution finishes (a spin_lock that never gets its lock, or a filter that excludes all)"
        : "";
    console.log(`Test ${run.test!.name}: ${run.verdict}, ${states} states explored${vacuous}${expectNote}`);
    if (run.witness && o.trace !== "none") {
      const lines =
        o.trace === "steps"
          ? formatTrace(run.model!, run.witness.trace)
          : formatLanes(run.model!, run.witness.trace, "the exists clause holds in this final state");
      // The checker's counterexample to "the exists clause is never reached" is the test's witness.
      console.log(lines.join("\n").replace(/^(\s*)Counterexample:/, "$1Witness:"));
    }
  }
  return mismatch ? EXIT.notMet : EXIT.ok;
}

/** Adds the litmus command to the program. */
export function registerLitmus(program: Command, setExit: SetExit): void {
  program
    .command("litmus")
    .description(
      "run litmus tests in the kernel's C format under the Linux kernel memory model (herd7's verdicts)",
    )
    .argument("<files...>", "the .litmus files")
    .option("--json", "print one JSON object per file (JSON Lines)", false)
    .option(
      "--expect",
      "compare each verdict with the 'Result:' line in the test's comment (exit 1 if one differs)",
      false,
    )
    .option("--trace <style>", "print Sometimes witnesses as 'lanes', 'steps' or 'none'", "lanes")
    .addHelpText("after", exitCodesHelp("litmus"))
    .action((files: string[], o: LitmusOptions) => {
      if (!["lanes", "steps", "none"].includes(o.trace))
        throw new UsageError(`--trace must be 'lanes', 'steps' or 'none', not '${o.trace}'`);
      for (const file of files) setExit(report(runLitmusFile(file), o));
    });
}
