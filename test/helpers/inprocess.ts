// The one door from tests into the compiler and the checker without spawning the CLI: every
// in-process call of the front end (parse, resolve, type check), of compilation and of check runs
// goes through this file, so a rename in src/ is fixed here once. Specs are written inline by the
// tests; they are put in a fresh temporary folder because the front end reads files (imports are
// resolved beside the spec). What comes out is what `vmaspec check --json` and `vmaspec check`
// print, built by the same functions the command uses, minus the process around it.

import { basename, join } from "node:path";
import {
  compileConfiguration,
  frontEnd,
  typeCheckConfiguration,
  type Compiled,
  type FrontEnd,
} from "../../src/compile.js";
import { planOf } from "../../src/checks/plan.js";
import { runCheck, type CheckRun } from "../../src/checks/run.js";
import { worstStatus, type VerdictStatus } from "../../src/checks/verdict.js";
import type { DiagnosticCode } from "../../src/diagnostics/codes.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { diagnosticsToJson, renderDiagnostics } from "../../src/diagnostics/render.js";
import type { ConstOverride } from "../../src/typecheck/consts.js";
import { EXIT } from "../../src/cli/exit-codes.js";
import { formatRun, runToJson } from "../../src/cli/output.js";
import { summaryLine } from "../../src/cli/check-command.js";
import { format } from "node:util";
import { parseConstOption } from "../../src/cli/options.js";
import { runCommandLine } from "../../src/cli/program.js";
import { repoRoot, specDir, type CliResult } from "./cli.js";

export type { Diagnostic, DiagnosticCode };

/** Files of a spec: `main.vmaspec` and the modules beside it, by file name. */
export type SpecFiles = Record<string, string | Buffer>;

/** Writes `main.vmaspec` (and `others`) into a fresh temporary folder; returns the main file's path. */
export function writeSpec(main: string, others: SpecFiles = {}): string {
  return join(specDir({ "main.vmaspec": main, ...others }), "main.vmaspec");
}

/** Every diagnostic of a spec file through type checking: the front end's, then the checker's. */
export function diagnoseFile(path: string, overrides: readonly ConstOverride[] = []): Diagnostic[] {
  const { front, diagnostics } = frontEnd(path);
  if (!front) return diagnostics;
  return [...diagnostics, ...typeCheckConfiguration(front, overrides).diagnostics];
}

/** Every diagnostic of a spec written inline (and the modules beside it), through type checking. */
export function diagnose(
  main: string,
  others: SpecFiles = {},
  overrides: readonly ConstOverride[] = [],
): Diagnostic[] {
  return diagnoseFile(writeSpec(main, others), overrides);
}

/** A diagnostic reduced to what tests assert: code, position (when it has one) and message. */
export interface Located {
  code: DiagnosticCode;
  /** The file's base name. */
  file?: string;
  line?: number;
  col?: number;
  message: string;
}

/** The code, line, column and message of each diagnostic. */
export function located(diagnostics: readonly Diagnostic[]): Located[] {
  return diagnostics.map((d) => ({
    code: d.code,
    file: d.span && basename(d.span.file),
    line: d.span?.line,
    col: d.span?.col,
    message: d.message,
  }));
}

/** A `--const NAME=VALUE` option as the command line parses it. */
export function constOption(text: string): ConstOverride {
  return parseConstOption(text);
}

/** The front end of a spec written inline, or its diagnostics. */
export function front(
  main: string,
  others: SpecFiles = {},
): { front?: FrontEnd; diagnostics: Diagnostic[]; texts: Map<string, string> } {
  return frontEnd(writeSpec(main, others));
}

/** Compiles a spec written inline in one configuration: the generated module, or the diagnostics. */
export function compileText(
  main: string,
  others: SpecFiles = {},
  overrides: readonly ConstOverride[] = [],
): { compiled?: Compiled; diagnostics: Diagnostic[] } {
  const fe = front(main, others);
  if (!fe.front) return { diagnostics: fe.diagnostics };
  const c = compileConfiguration(fe.front, overrides);
  return { compiled: c.compiled, diagnostics: [...fe.diagnostics, ...c.diagnostics] };
}

/** One check's line of `vmaspec check --json`. */
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

/** One diagnostic of `vmaspec check --json`. */
export interface JsonDiagnostic {
  code: DiagnosticCode;
  file?: string;
  message: string;
  line: number;
  col: number;
}

/** What `vmaspec check FILE` gives: its exit code, each check's JSON line, or the diagnostics
 *  that stopped it (as JSON and rendered), and the text report. */
export interface CheckOutcome {
  code: number;
  runs: JsonRun[];
  diagnostics: JsonDiagnostic[];
  /** The text `vmaspec check` (without --json) prints on stdout. */
  text: string;
  /** The rendered diagnostics `vmaspec check` prints on stderr. */
  stderr: string;
}

/** Options of `vmaspec check` the in-process runs support. */
export interface CheckFileOptions {
  /** `--const NAME=VALUE`, as given on the command line. */
  consts?: string[];
  /** `--check NAME`. */
  check?: string;
  /** The working folder to run in (as `cd DIR && vmaspec check FILE`): files are named relative to
   *  it. Test files run in forked workers (vitest.config.ts), one test at a time, so the change of
   *  folder is this run's alone; it is undone when the run ends. */
  cwd?: string;
}

/**
 * Runs every check block of a spec file in this process the way `vmaspec check` does (one plan per
 * block, in order, stopping at the first configuration that does not compile), with the exit code
 * the command would return.
 */
export async function checkFile(path: string, opts: CheckFileOptions = {}): Promise<CheckOutcome> {
  if (opts.cwd === undefined) return checkHere(path, opts);
  const back = process.cwd();
  process.chdir(opts.cwd);
  try {
    return await checkHere(path, opts);
  } finally {
    process.chdir(back);
  }
}

async function checkHere(path: string, opts: CheckFileOptions): Promise<CheckOutcome> {
  const fe = frontEnd(path);
  const sources = (n: string) => fe.texts.get(n);
  const stopped = (diagnostics: Diagnostic[], text: string): CheckOutcome => ({
    code: EXIT.usage,
    runs: [],
    diagnostics: JSON.parse(JSON.stringify(diagnosticsToJson(diagnostics))) as JsonDiagnostic[],
    text,
    stderr: renderDiagnostics(diagnostics, sources),
  });
  if (!fe.front) return stopped(fe.diagnostics, "");
  const consts = (opts.consts ?? []).map(parseConstOption);
  const checks = fe.front.table.checks;
  const selected =
    opts.check === undefined
      ? checks.length
        ? checks
        : [undefined]
      : checks.filter((c) => c.name.name === opts.check);
  if (!selected.length) throw new Error(`${path} has no check named '${opts.check}'`);
  const statesComparable = consts.length === 0;
  const runs: JsonRun[] = [];
  const statuses: VerdictStatus[] = [];
  const text: string[] = [];
  for (const check of selected) {
    const run: CheckRun = await runCheck(fe.front, planOf(check, { consts }), undefined, statesComparable);
    if (!run.result) return stopped(run.diagnostics, text.join("\n"));
    statuses.push(run.verdict!.status);
    runs.push(JSON.parse(JSON.stringify(runToJson(run, path))) as JsonRun);
    text.push(formatRun(run));
    text.push("");
  }
  text.push(summaryLine(statuses, selected.length));
  const worst = worstStatus(statuses);
  const code = worst === "met" ? EXIT.ok : worst === "not met" ? EXIT.notMet : EXIT.inconclusive;
  return { code, runs, diagnostics: [], text: text.join("\n") + "\n", stderr: "" };
}

/** Runs every check block of `main.vmaspec` among `files` in this process, as `vmaspec check`. */
export function checkFiles(files: SpecFiles, opts: CheckFileOptions = {}): Promise<CheckOutcome> {
  return checkFile(join(specDir(files), "main.vmaspec"), opts);
}

/**
 * Runs `vmaspec ARGS` in this process, in the folder `cwd` with the variables `env` set: the commands of src/cli/commands.ts
 * run by the program src/cli/main.ts runs (src/cli/program.ts), with what they print on stdout and
 * stderr captured; the spawned tests of test/cli/ keep the real process (exit status, signals,
 * closed pipes).
 */
export async function vmaspecInProcess(
  args: string[],
  cwd: string = repoRoot,
  env: Record<string, string> = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const saved = {
    log: console.log,
    error: console.error,
    out: process.stdout.write,
    err: process.stderr.write,
    cwd: process.cwd(),
    env: Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]])),
  };
  const out = (chunk: unknown): boolean => ((stdout += String(chunk)), true);
  const err = (chunk: unknown): boolean => ((stderr += String(chunk)), true);
  console.log = (...a: unknown[]) => void out(`${format(...a)}\n`);
  console.error = (...a: unknown[]) => void err(`${format(...a)}\n`);
  process.stdout.write = out as typeof process.stdout.write;
  process.stderr.write = err as typeof process.stderr.write;
  process.chdir(cwd);
  Object.assign(process.env, env);
  try {
    const code = await runCommandLine(["node", "vmaspec", ...args]);
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved.env))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    process.chdir(saved.cwd);
    console.log = saved.log;
    console.error = saved.error;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}
