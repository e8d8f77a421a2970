// `vmaspec compile FILE -o DIR`: writes the spec's generated state machines (`<name>.model.ts`, plus
// `<name>.<check>.model.ts` for checks whose constants change the code) and a vitest file
// (`<name>.test.ts`) with one test per check block. It overwrites only files that carry the
// generated header, unless --force, and removes this spec's modules that a check no longer needs.
// Exit code: 0 files written and every check met, 1 files written but some check not met now (its
// test will fail), 2 bad input or usage, or a file it refuses to overwrite.

import { existsSync, lstatSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { basename, join } from "node:path";
import type { Command } from "commander";
import { frontEnd } from "../compile.js";
import {
  compileFiles,
  formatFiles,
  OutputError,
  refusalOf,
  writeGeneratedFiles,
  type GeneratedFile,
} from "../compiled/files.js";
import type { CheckRun } from "../checks/run.js";
import { describeExpectation, describeOutcome } from "../checks/verdict.js";
import { traceLength } from "../engines/result.js";
import type { ConstOverride } from "../typecheck/consts.js";
import { printDiagnostics } from "./check-command.js";
import { EXIT, exitCodesHelp, worseExit, type SetExit } from "./exit-codes.js";
import { collect, parseConstOption, UsageError } from "./options.js";

export interface CompileCommandOptions {
  out: string;
  consts: ConstOverride[];
  force: boolean;
}

/** Compiles a spec into model modules and a test file in `opts.out`; returns the exit code. */
export async function compileCommand(file: string, opts: CompileCommandOptions): Promise<number> {
  if (existsSync(opts.out) && !statSync(opts.out).isDirectory())
    throw new UsageError(`-o ${opts.out}: not a folder`);
  const fe = frontEnd(file);
  const sources = (n: string) => fe.texts.get(n);
  if (!fe.front) {
    printDiagnostics(fe.diagnostics, sources, false);
    return 2;
  }
  const name = basename(file).replace(/\.vmaspec$/, "");
  const compiled = await compileFiles(fe.front, name, opts.consts);
  if (!compiled.files) {
    printDiagnostics(compiled.diagnostics, sources, false);
    return 2;
  }

  const pathOf = (f: GeneratedFile) => join(opts.out, f.name);
  const refused = opts.force ? [] : compiled.files.map(pathOf).filter((p) => refusalOf(p));
  for (const p of refused)
    process.stderr.write(
      `vmaspec: refusing to overwrite ${p}: ${refusalOf(p)} (use --force to replace it)\n`,
    );
  if (refused.length) return 2;

  const files = await formatFiles(compiled.files, pathOf);
  try {
    for (const p of writeGeneratedFiles(opts.out, files)) console.log(`wrote ${p}`);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    process.stderr.write(`vmaspec: ${e.message}\n`);
    return 2;
  }
  for (const stale of staleModules(opts.out, name, files, compiled.header!)) {
    unlinkSync(stale);
    console.log(`removed ${stale} (no check needs it any more)`);
  }

  let exit = 0;
  for (const run of compiled.runs) {
    if (!run.verdict!.met)
      exit = worseExit(exit, run.verdict!.status === "inconclusive" ? EXIT.inconclusive : 1);
    console.log(summary(run));
  }
  const n = compiled.runs.length;
  console.log(
    exit === 0
      ? `${n} test${n === 1 ? "" : "s"} written; every check is met now.`
      : exit === EXIT.inconclusive
        ? "Some checks are INCONCLUSIVE now (their search proved nothing): their generated tests will fail."
        : "Some checks are NOT met now: their generated tests will fail.",
  );
  return exit;
}

/** This spec's `<name>.*.model.ts` files from an earlier compile that this one did not write. */
function staleModules(dir: string, name: string, written: GeneratedFile[], header: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${name}.`) && f.endsWith(".model.ts"))
    .filter((f) => !written.some((w) => w.name === f))
    .map((f) => join(dir, f))
    .filter((p) => lstatSync(p).isFile() && readFileSync(p, "utf8").split("\n")[0] === header);
}

/** `check no_seq_check: met (violation NoReadDuringWrite, shortest counterexample 5 steps)`. */
function summary(run: CheckRun): string {
  const r = run.result!;
  const found = r.violation
    ? `${describeOutcome(r)}, shortest counterexample ${traceLength(r.violation.trace)} steps`
    : `${describeOutcome(r)}, ${r.stats.distinctStates} distinct states`;
  if (run.verdict!.met) return `  check ${run.plan.name}: met (${found})`;
  if (run.verdict!.status === "inconclusive")
    return `  check ${run.plan.name}: INCONCLUSIVE (expected ${describeExpectation(run.plan.expect)}; ${run.verdict!.reason})`;
  return `  check ${run.plan.name}: NOT MET (expected ${describeExpectation(run.plan.expect)}, found ${found})`;
}

/** Adds the compile command to the program. */
export function registerCompile(program: Command, setExit: SetExit): void {
  program
    .command("compile")
    .description("compile a spec into TypeScript state machines and a vitest file with one test per check")
    .argument("<file>", "the .vmaspec file")
    .requiredOption("-o, --out <dir>", "the folder to write <name>.model.ts and <name>.test.ts into")
    .option("--const <name=value>", "override a constant (repeatable), e.g. --const READERS=3", collect, [])
    .option("--force", "overwrite files even if vmaspec compile did not write them", false)
    .addHelpText("after", exitCodesHelp("compile"))
    .action(async (file: string, o: { out: string; const: string[]; force: boolean }) => {
      setExit(
        await compileCommand(file, { out: o.out, consts: o.const.map(parseConstOption), force: o.force }),
      );
    });
}
