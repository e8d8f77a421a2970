// Helpers for the language tests: run a spec (and the modules it imports), written inline, through
// every check block in this process (test/helpers/inprocess.ts), as `vmaspec check --json` would.
import { checkFiles, type CheckOutcome } from "../helpers/inprocess.js";

export type { JsonDiagnostic, JsonRun } from "../helpers/inprocess.js";

/** Checks `main.vmaspec` among `files`; every check's run, or the diagnostics that stopped it. */
export function check(files: Record<string, string>): Promise<CheckOutcome> {
  return checkFiles(files);
}

/** What `vmaspec check` prints without --json. */
export async function checkText(files: Record<string, string>): Promise<string> {
  return (await checkFiles(files)).text;
}
