// The code lens above each check block: "run check NAME", and after a run its verdict. Running a
// check compiles its configuration and searches it in the server's process, as `vmaspec check
// --check NAME` does. In: an analysis and a check's name. Out: the verdict, in a sentence.

import type { CodeLens } from "vscode-languageserver";
import { planOf } from "../checks/plan.js";
import { runCheck } from "../checks/run.js";
import { describeExpectation, describeOutcome } from "../checks/verdict.js";
import type { Analysis } from "./analysis.js";
import { rangeOf } from "./positions.js";

/** The command a lens runs; its arguments are the file's URI and the check's name. */
export const RUN_CHECK_COMMAND = "vmaspec.runCheck";

/** What a run of a check found, as the lens and the message show it. */
export interface CheckSummary {
  check: string;
  status: "met" | "not met" | "inconclusive" | "error";
  text: string;
}

/** Lenses over the check blocks of the analysed file, with the last verdict of each if any. */
export function checkLenses(
  a: Analysis,
  uri: string,
  text: string,
  verdicts: Map<string, CheckSummary>,
): CodeLens[] {
  const checks = a.program?.root.ast.decls.flatMap((d) => (d.kind === "check" ? [d] : [])) ?? [];
  return checks.map((c) => {
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
