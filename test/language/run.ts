// Helpers for the language tests: write a spec (and the modules it imports) into a temporary
// folder and run the built CLI on it, returning the parsed --json output.
import { join } from "node:path";
import { jsonLines, specDir, vmaspec } from "../helpers/cli.js";

export interface JsonRun {
  check: string;
  met: boolean;
  outcome: string;
  stats: { distinctStates: number };
  violation?: {
    kind: string;
    name?: string;
    message?: string;
    file?: string;
    length: number;
    trace: { step: number; action: string; file?: string; changes: Record<string, string> }[];
  };
}

export interface JsonDiagnostic {
  code: string;
  message: string;
  line: number;
  col: number;
}

/** Checks `main.vmaspec` among `files`; every check's run, or the diagnostics that stopped it. */
export function check(
  files: Record<string, string>,
  extra: string[] = [],
): { code: number; runs: JsonRun[]; diagnostics: JsonDiagnostic[]; text: string } {
  const dir = specDir(files);
  const r = vmaspec(["check", join(dir, "main.vmaspec"), "--json", ...extra]);
  const lines = jsonLines<JsonRun | { diagnostics: JsonDiagnostic[] }>(r.stdout);
  const first = lines[0];
  if (first && "diagnostics" in first)
    return { code: r.code, runs: [], diagnostics: first.diagnostics, text: r.stdout };
  return { code: r.code, runs: lines as JsonRun[], diagnostics: [], text: r.stdout };
}

/** Runs `vmaspec check` without --json and returns what it prints. */
export function checkText(files: Record<string, string>, extra: string[] = []): string {
  const dir = specDir(files);
  return vmaspec(["check", join(dir, "main.vmaspec"), ...extra]).stdout;
}
