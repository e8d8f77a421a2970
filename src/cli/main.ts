#!/usr/bin/env node
// The `vmaspec` command line (commander). Commands: check, parse. Exit codes: 0 every check met
// (or no errors), 1 a check not met, 2 bad input or usage, 3 an internal error (a bug to report).
// The only module that decides exit codes; engines and the compiler report through return values.

import { Command, CommanderError } from "commander";
import { checkCommand, printDiagnostics } from "./check-command.js";
import { collect, parseConstOption, parseCount, UsageError } from "./options.js";
import { frontEnd, compileConfiguration } from "../compile.js";

const EXIT_CODES = `
Exit codes:
  0  every check met (parse: no errors)
  1  some check not met
  2  bad input or usage (syntax, name or type errors, unreadable file, bad option)
  3  internal error (a bug in vmaspec: please report it)`;

function run(argv: string[]): number {
  let exit = 0;
  const program = new Command();
  program
    .name("vmaspec")
    .description("Specify and model-check concurrency designs of the Linux memory manager.")
    .version("0.1.0")
    .addHelpText("after", EXIT_CODES)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("check")
    .description("check a spec: run every check block (or one) and report each as met or not met")
    .argument("<file>", "the .vmaspec file")
    .option("--check <name>", "run only the check block with this name")
    .option("--const <name=value>", "override a constant (repeatable), e.g. --const READERS=3", collect, [])
    .option("--max-depth <n>", "explore at most n steps from the initial states")
    .option("--max-states <n>", "stop after n distinct states")
    .option("--json", "print one machine-readable result per check", false)
    .addHelpText("after", EXIT_CODES)
    .action(
      (
        file: string,
        o: { check?: string; const: string[]; maxDepth?: string; maxStates?: string; json: boolean },
      ) => {
        exit = checkCommand(file, {
          check: o.check,
          json: o.json,
          consts: o.const.map(parseConstOption),
          maxDepth: o.maxDepth === undefined ? undefined : parseCount("--max-depth", o.maxDepth),
          maxStates: o.maxStates === undefined ? undefined : parseCount("--max-states", o.maxStates),
        });
      },
    );

  program
    .command("parse")
    .description("parse, resolve and type-check a spec; print its diagnostics only")
    .argument("<file>", "the .vmaspec file")
    .option("--json", "print diagnostics as JSON", false)
    .addHelpText("after", EXIT_CODES)
    .action((file: string, o: { json: boolean }) => {
      const fe = frontEnd(file);
      let diagnostics = fe.diagnostics;
      if (fe.front) diagnostics = [...diagnostics, ...compileConfiguration(fe.front, []).diagnostics];
      if (diagnostics.length) printDiagnostics(diagnostics, (n) => fe.texts.get(n), o.json);
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      if (!errors && !o.json) console.log(`${file}: no errors`);
      else if (!errors) console.log(JSON.stringify({ diagnostics: [] }));
      exit = errors ? 2 : 0;
    });

  try {
    program.parse(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`vmaspec: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(
      `vmaspec: internal error: ${(e as Error).message ?? e}\n(this is a bug in vmaspec; please report it with the spec that triggered it)\n`,
    );
    if (process.env.VMASPEC_DEBUG) console.error(e);
    return 3;
  }
  return exit;
}

process.exitCode = run(process.argv);
