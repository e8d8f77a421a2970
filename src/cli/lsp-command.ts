// `vmaspec lsp`: the language server (src/lsp/) on standard input and output, for editors. The
// protocol owns stdout, so anything else that would print there goes to stderr instead.

import type { Command } from "commander";
import { exitCodesHelp } from "./exit-codes.js";

/** Adds the lsp command to the program. */
export function registerLsp(program: Command): void {
  program
    .command("lsp")
    .description("run the language server for editors (LSP over standard input and output)")
    .option(
      "--stdio",
      "talk over standard input and output (the only way; accepted for editors that pass it)",
    )
    .addHelpText("after", exitCodesHelp("lsp"))
    .action(async () => {
      console.log = console.error;
      const { startLanguageServer } = await import("../lsp/server.js");
      startLanguageServer(process.stdin, process.stdout);
    });
}
