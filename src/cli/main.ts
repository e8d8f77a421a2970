#!/usr/bin/env node
// The `vmaspec` command line (commander). Each command lives in its own module with a register
// function; this file wires them up and turns outcomes into exit codes (exit-codes.ts): 0 every
// check met (or no errors), 1 a check not met, 2 bad input or usage, 3 an internal error (a bug to
// report), 4 inconclusive (nothing proved), 130/143 interrupted.

import { runCommandLine } from "./program.js";

// A reader that stops early (`vmaspec check ... | head`) closes stdout under us: stop quietly, as
// other command-line tools do, instead of dying on the unhandled write error with a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
});

process.exitCode = await runCommandLine(process.argv);
