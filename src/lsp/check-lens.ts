// The code lens above each check block: "run check NAME", and after a run its verdict. Running a
// check compiles its configuration and searches it, as `vmaspec check --check NAME` does, in a
// worker thread (check-worker.ts): the server stays responsive while it runs, and a run can be
// cancelled. In: an analysis and a check's name. Out: the verdict, in a sentence.

import { Worker } from "node:worker_threads";
import type { CodeLens } from "vscode-languageserver";
import { workerScriptUrl } from "../engines/threads/worker-script.js";
import { planOf } from "../checks/plan.js";
import { runCheck } from "../checks/run.js";
import { describeExpectation, describeOutcome } from "../checks/verdict.js";
import type { Analysis } from "./analysis.js";
import { rangeOf } from "./positions.js";

/** The command a lens runs; its arguments are the file's URI and the check's name. */
export const RUN_CHECK_COMMAND = "vmaspec.runCheck";
/** The command that ends a running check; the same arguments. */
export const CANCEL_CHECK_COMMAND = "vmaspec.cancelCheck";

/** What a run of a check found, as the lens and the message show it. */
export interface CheckSummary {
  check: string;
  status: "met" | "not met" | "inconclusive" | "error";
  text: string;
}

/** What a worker thread needs to run a check: the spec, the editors' unsaved texts, the check. */
export interface CheckJob {
  path: string;
  unsaved: [string, string][];
  check: string;
}

/** A check running in a worker thread: its summary when it ends, and a way to end it sooner. */
export interface CheckRun {
  done: Promise<CheckSummary>;
  /** Ends the thread; `done` then gives a summary saying the run was cancelled. */
  cancel(): void;
}

/** Starts a worker thread running `job`. */
export function startCheck(job: CheckJob): CheckRun {
  const worker = new Worker(workerScriptUrl(import.meta.url, "check-worker.js"), { workerData: job });
  let cancelled = false;
  const done = new Promise<CheckSummary>((resolve) => {
    const fail = (why: string) =>
      resolve({ check: job.check, status: "error", text: `check ${job.check}: ${why}` });
    worker.once("message", (summary: CheckSummary) => resolve(summary));
    worker.once("error", (e) => fail(`not run: internal error: ${e.message}`));
    worker.once("exit", () => fail(cancelled ? "cancelled" : "not run: the worker thread stopped"));
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      void worker.terminate();
    },
  };
}

/** Lenses over the check blocks of the analysed file, with the last verdict of each if any. */
export function checkLenses(
  a: Analysis,
  uri: string,
  text: string,
  verdicts: Map<string, CheckSummary>,
  isRunning: (check: string) => boolean = () => false,
): CodeLens[] {
  const checks = a.program?.root.ast.decls.flatMap((d) => (d.kind === "check" ? [d] : [])) ?? [];
  return checks.map((c) => {
    if (isRunning(c.name.name)) {
      const title = `… running check ${c.name.name} — cancel`;
      const command = { title, command: CANCEL_CHECK_COMMAND, arguments: [uri, c.name.name] };
      return { range: rangeOf(text, c.name.span), command };
    }
    const last = verdicts.get(c.name.name);
    const title = last ? `${mark(last.status)} ${last.text} — run again` : `▶ run check ${c.name.name}`;
    return {
      range: rangeOf(text, c.name.span),
      command: { title, command: RUN_CHECK_COMMAND, arguments: [uri, c.name.name] },
    };
  });
}

function mark(status: CheckSummary["status"]): string {
  return status === "met" ? "✓" : status === "inconclusive" ? "?" : "✗";
}

/** Runs the check block `name` of the analysed spec and sums up its verdict. */
export async function runNamedCheck(a: Analysis, name: string): Promise<CheckSummary> {
  const check = a.front?.table.checks.find((c) => c.name.name === name);
  if (!a.front || !check) {
    const why = a.front ? `no check block named '${name}'` : "the spec has errors";
    return { check: name, status: "error", text: `check ${name}: not run: ${why}` };
  }
  const run = await runCheck(a.front, planOf(check, { consts: [] }));
  if (!run.result || !run.verdict) {
    const first = run.diagnostics[0];
    return {
      check: name,
      status: "error",
      text: `check ${name}: not run: ${first?.code}: ${first?.message}`,
    };
  }
  const { verdict, result, plan } = run;
  const states = `${result.stats.distinctStates.toLocaleString("en-US")} states`;
  const found = describeOutcome(result);
  const because = verdict.reason ? ` (${verdict.reason})` : "";
  return {
    check: name,
    status: verdict.status,
    text: `check ${name}: ${verdict.status}: ${found} in ${states}, expected ${describeExpectation(plan.expect)}${because}`,
  };
}
