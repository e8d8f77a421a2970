// `vmaspec parse FILE`: parses, resolves and type-checks a spec (in its default configuration)
// and prints its diagnostics only. Exit code 0 when there are none, 2 otherwise.

import type { Command } from "commander";
import { frontEnd, typeCheckConfiguration } from "../compile.js";
import { printDiagnostics } from "./check-command.js";
import { exitCodesHelp, type SetExit } from "./exit-codes.js";

/** Adds the parse command to the program. */
export function registerParse(program: Command, setExit: SetExit): void {
  program
    .command("parse")
    .description("parse, resolve and type-check a spec; print its diagnostics only")
    .argument("<file>", "the .vmaspec file")
    .option("--json", "print diagnostics as JSON", false)
    .addHelpText("after", exitCodesHelp("parse"))
    .action((file: string, o: { json: boolean }) => {
      const fe = frontEnd(file);
      let diagnostics = fe.diagnostics;
      if (fe.front) diagnostics = [...diagnostics, ...typeCheckConfiguration(fe.front, []).diagnostics];
      if (diagnostics.length) printDiagnostics(diagnostics, (n) => fe.texts.get(n), o.json);
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      if (!errors && !o.json) console.log(`${file}: no errors`);
      else if (!errors) console.log(JSON.stringify({ diagnostics: [] }));
      setExit(errors ? 2 : 0);
    });
}
