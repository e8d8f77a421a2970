// The vmaspec extension for VS Code: starts the language server (`vmaspec lsp --stdio`) for
// .vmaspec files, and adds a command that checks the current file with `vmaspec check`, its report
// in an output panel. Highlighting comes from the TextMate grammar in syntaxes/.

import { spawn } from "node:child_process";
import { dirname } from "node:path";
import * as vscode from "vscode";
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The vmaspec command the user configured (a name on PATH by default). */
function command(): string {
  return vscode.workspace.getConfiguration("vmaspec").get<string>("path") || "vmaspec";
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const server: ServerOptions = { command: command(), args: ["lsp", "--stdio"] };
  const options: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "vmaspec" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.vmaspec") },
  };
  client = new LanguageClient("vmaspec", "vmaspec language server", server, options);
  const output = vscode.window.createOutputChannel("vmaspec check");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("vmaspec.checkFile", () => checkCurrentFile(output)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** Saves the current file and runs `vmaspec check` on it, its output shown in the panel. */
async function checkCurrentFile(output: vscode.OutputChannel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "vmaspec") {
    void vscode.window.showWarningMessage("vmaspec: open a .vmaspec file to check it");
    return;
  }
  await editor.document.save();
  const file = editor.document.uri.fsPath;
  output.clear();
  output.show(true);
  output.appendLine(`$ ${command()} check ${file}`);
  const child = spawn(command(), ["check", file], { cwd: dirname(file) });
  child.stdout.on("data", (chunk: Buffer) => output.append(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => output.append(chunk.toString()));
  child.on("error", (e) => output.appendLine(`cannot run ${command()}: ${e.message}`));
  child.on("close", (code) => {
    const verdicts: Record<number, string> = {
      0: "every check met",
      1: "some check NOT MET",
      2: "errors in the spec",
      4: "inconclusive",
    };
    output.appendLine(`\nexit code ${code}: ${verdicts[code ?? -1] ?? "internal error"}`);
  });
}
