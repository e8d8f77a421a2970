// `vmaspec fmt FILE... [--check]`: rewrites spec files in the canonical layout (src/format/), or with
// --check lists the files that would change and exits 1. A file whose layout is already canonical
// is never written; a changed one is written to a temporary file beside it and renamed over it, so
// an interrupted run leaves either the old text or the new, never half of one.

import {
  chmodSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Command } from "commander";
import { DEFAULT_WIDTH, formatSource } from "../format/format.js";
import { readSourceText } from "../resolve/load.js";
import { printable } from "../diagnostics/printable.js";
import { printDiagnostics } from "./check-command.js";
import { EXIT, exitCodesHelp, type SetExit } from "./exit-codes.js";

/** Adds the fmt command to the program. */
export function registerFmt(program: Command, setExit: SetExit): void {
  program
    .command("fmt")
    .description("format spec files in the canonical layout (--check: list the files that would change)")
    .argument("<files...>", "the .vmaspec files")
    .option("--check", "write nothing; list the files that would change and exit 1 if any", false)
    .option("--width <n>", `break lines longer than n characters where they can`, String(DEFAULT_WIDTH))
    .addHelpText("after", exitCodesHelp("fmt"))
    .action((files: string[], o: { check: boolean; width: string }) => {
      const width = Number(o.width);
      if (!/^\d+$/.test(o.width) || width < 1) {
        console.error(`error: --width takes a positive whole number of characters, not '${o.width}'`);
        setExit(EXIT.usage);
        return;
      }
      for (const file of files) setExit(formatFile(file, o.check, width));
    });
}

function formatFile(file: string, check: boolean, width: number): number {
  const shown = printable(file);
  const read = readSourceText(file, shown);
  if (read.diagnostic) {
    printDiagnostics([read.diagnostic], () => undefined, false);
    return EXIT.usage;
  }
  const text = read.text!;
  const result = formatSource(shown, text, { width });
  if (result.text === undefined) {
    printDiagnostics(result.diagnostics, () => text, false);
    return EXIT.usage;
  }
  if (result.text === text) return EXIT.ok;
  if (check) {
    console.log(shown);
    return EXIT.notMet;
  }
  // readSourceText drops a byte-order mark; put it back.
  const bom = hasByteOrderMark(file) ? "\ufeff" : "";
  writeAtomically(file, bom + result.text);
  console.log(`formatted ${shown}`);
  return EXIT.ok;
}

function hasByteOrderMark(file: string): boolean {
  const head = readFileSync(file).subarray(0, 3);
  return head.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

/** Replaces the file (through any symbolic link) by a rename, keeping its permissions. */
function writeAtomically(file: string, text: string): void {
  const target = realpathSync(file);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.fmt-tmp`);
  try {
    writeFileSync(temporary, text, { flag: "wx" });
    chmodSync(temporary, statSync(target).mode & 0o7777);
    renameSync(temporary, target);
  } catch (e) {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written, or the rename already moved it.
    }
    throw e;
  }
}
