// The vmaspec language server: LSP over a pair of streams (stdio for `vmaspec lsp`). It keeps the
// open files' texts, re-analyses a file a short while after its last change (analysis.ts runs the
// same front end as the command line), publishes every diagnostic of the file, and answers hover,
// definition, references, rename, document symbols, completion, formatting and the check lens
// from the latest analysis. A check the lens runs searches in a worker thread (check-lens.ts), so
// the server goes on answering; the client cancels it with $/cancelRequest or the lens's cancel.

import { fileURLToPath } from "node:url";
import { sep } from "node:path";
import {
  createConnection,
  ErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Location,
  type TextEdit,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { formatSource } from "../format/format.js";
import { stdlibDir, type LoadOptions } from "../resolve/load.js";
import { analyse, diagnosticsByUri, locationOf, type Analysis } from "./analysis.js";
import {
  CANCEL_CHECK_COMMAND,
  checkLenses,
  RUN_CHECK_COMMAND,
  startCheck,
  type CheckRun,
  type CheckSummary,
} from "./check-lens.js";
import { completionsAt, documentSymbols, hoverAt, KEYWORDS } from "./features.js";
import { occurrenceAt, occurrencesOf } from "./names.js";
import { offsetAt } from "./positions.js";

/** Milliseconds between the last change to a file and its analysis: typing does not queue work. */
export const DEBOUNCE_MS = 40;

/** Starts the server on the given streams; it runs until the client ends the connection. */
export function startLanguageServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Connection {
  const connection = createConnection(input, output);
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>(); // latest analysis by URI, kept while the text does not parse
  const timers = new Map<string, NodeJS.Timeout>();
  const published = new Map<string, Set<string>>(); // URIs each open file published diagnostics to
  const verdicts = new Map<string, Map<string, CheckSummary>>();
  const parses: LoadOptions["parses"] = new Map(); // shared by every open file's analyses

  const pathOf = (uri: string): string | undefined =>
    uri.startsWith("file:") ? fileURLToPath(uri) : undefined;
  const unsaved = () => {
    const texts = new Map<string, string>();
    for (const d of documents.all()) {
      const p = pathOf(d.uri);
      if (p) texts.set(p, d.getText());
    }
    return texts;
  };

  const validate = (uri: string): void => {
    const path = pathOf(uri);
    if (!path || !documents.get(uri)) return;
    const version = documents.get(uri)!.version;
    const a = analyse(path, { unsaved: unsaved(), parses });
    const previous = analyses.get(uri);
    // A file that stopped parsing keeps its last index (for completion), with the new diagnostics.
    analyses.set(uri, a.index || !previous ? a : { ...previous, diagnostics: a.diagnostics, texts: a.texts });
    const byUri = diagnosticsByUri(a);
    const now = new Set<string>();
    for (const [target, diagnostics] of byUri) {
      if (target !== uri && documents.get(target)) continue; // an open import reports for itself
      now.add(target);
      void connection.sendDiagnostics({
        uri: target,
        diagnostics,
        version: target === uri ? version : undefined,
      });
    }
    for (const old of published.get(uri) ?? [])
      if (!now.has(old)) void connection.sendDiagnostics({ uri: old, diagnostics: [] });
    published.set(uri, now);
  };

  const schedule = (uri: string, delay: number): void => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        validate(uri);
      }, delay),
    );
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: true,
      documentSymbolProvider: true,
      completionProvider: { triggerCharacters: [" ", "."] },
      documentFormattingProvider: true,
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [RUN_CHECK_COMMAND, CANCEL_CHECK_COMMAND] },
    },
    serverInfo: { name: "vmaspec", version: "0.1.0" },
  }));

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => {
    schedule(e.document.uri, DEBOUNCE_MS);
    // Files importing this one see its unsaved text too.
    for (const other of documents.all())
      if (other.uri !== e.document.uri) schedule(other.uri, DEBOUNCE_MS * 4);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    analyses.delete(e.document.uri);
    for (const uri of published.get(e.document.uri) ?? [])
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    published.delete(e.document.uri);
  });

  /** The analysis of an open file (up to date if a change is pending) and the place asked about. */
  const at = (uri: string, position: { line: number; character: number }) => {
    if (timers.has(uri)) {
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      validate(uri);
    }
    const doc = documents.get(uri);
    const a = analyses.get(uri);
    const path = pathOf(uri);
    if (!doc || !a || !path) return undefined;
    const text = doc.getText();
    return { a, path, text, offset: offsetAt(text, position) };
  };

  connection.onHover((p) => {
    const q = at(p.textDocument.uri, p.position);
    return q ? hoverAt(q.a, q.path, q.offset, q.text) : null;
  });

  connection.onDefinition((p): Location[] => {
    const q = at(p.textDocument.uri, p.position);
    const o = q?.a.index && occurrenceAt(q.a.index, q.path, q.offset);
    return q && o ? [locationOf(q.a, o.definition.path, o.definition.span)] : [];
  });

  connection.onReferences((p): Location[] => {
    const q = at(p.textDocument.uri, p.position);
    const o = q?.a.index && occurrenceAt(q.a.index, q.path, q.offset);
    if (!q || !o) return [];
    return occurrencesOf(q.a.index!, o.definition)
      .filter((r) => p.context.includeDeclaration || r.span !== o.definition.span)
      .map((r) => locationOf(q.a, r.path, r.span));
  });

  connection.onRenameRequest((p) => {
    const q = at(p.textDocument.uri, p.position);
    const o = q?.a.index && occurrenceAt(q.a.index, q.path, q.offset);
    if (!q || !o) return null;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.newName) || KEYWORDS.includes(p.newName))
      throw new ResponseError(ErrorCodes.InvalidParams, `'${p.newName}' is not a name`);
    const all = occurrencesOf(q.a.index!, o.definition);
    const library = stdlibDir() + sep;
    if (all.some((r) => r.path.startsWith(library)))
      throw new ResponseError(
        ErrorCodes.InvalidRequest,
        `'${o.definition.name}' is declared or used in the standard library`,
      );
    const changes: Record<string, TextEdit[]> = {};
    for (const r of all) {
      const { uri, range } = locationOf(q.a, r.path, r.span);
      (changes[uri] ??= []).push({ range, newText: p.newName });
    }
    return { changes };
  });

  connection.onDocumentSymbol((p) => {
    const q = at(p.textDocument.uri, { line: 0, character: 0 });
    return q ? documentSymbols(q.a, q.path, q.text) : [];
  });

  connection.onCompletion((p) => {
    const q = at(p.textDocument.uri, p.position);
    return q ? completionsAt(q.a, q.path, q.text, q.offset) : [];
  });

  connection.onDocumentFormatting((p): TextEdit[] => {
    const doc = documents.get(p.textDocument.uri);
    const path = pathOf(p.textDocument.uri) ?? "untitled.vmaspec";
    if (!doc) return [];
    const text = doc.getText();
    const r = formatSource(path, text);
    if (r.text === undefined || r.text === text) return [];
    return [{ range: { start: doc.positionAt(0), end: doc.positionAt(text.length) }, newText: r.text }];
  });

  connection.onCodeLens((p) => {
    const q = at(p.textDocument.uri, { line: 0, character: 0 });
    return q
      ? checkLenses(q.a, p.textDocument.uri, q.text, verdicts.get(p.textDocument.uri) ?? new Map(), (name) =>
          running.has(runKey(p.textDocument.uri, name)),
        )
      : [];
  });

  // Checks run in worker threads, one per check block at most: the server answers on meanwhile.
  const running = new Map<string, CheckRun>(); // by URI and check name
  const runKey = (uri: string, name: string) => `${uri}\0${name}`;

  connection.onExecuteCommand(async (p, token) => {
    const [uri, name] = (p.arguments ?? []) as [string, string];
    if (p.command === CANCEL_CHECK_COMMAND) {
      running.get(runKey(uri, name))?.cancel();
      return null;
    }
    if (p.command !== RUN_CHECK_COMMAND) return null;
    const q = at(uri, { line: 0, character: 0 });
    if (!q) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open`);
    const key = runKey(uri, name);
    running.get(key)?.cancel(); // a run started again replaces the one still going
    const run = startCheck({ path: q.path, unsaved: [...unsaved()], check: name });
    running.set(key, run);
    token.onCancellationRequested(() => run.cancel());
    void connection.sendRequest("workspace/codeLens/refresh").catch(() => undefined);
    const summary = await run.done;
    if (running.get(key) === run) running.delete(key);
    const byCheck = verdicts.get(uri) ?? new Map<string, CheckSummary>();
    if (summary.status !== "error" || !summary.text.endsWith(": cancelled")) byCheck.set(name, summary);
    verdicts.set(uri, byCheck);
    // A notification, not a request: the verdict needs no answer from the user.
    void connection.sendNotification("window/showMessage", {
      type: summary.status === "met" ? 3 : 2,
      message: summary.text,
    });
    void connection.sendRequest("workspace/codeLens/refresh").catch(() => undefined);
    return summary;
  });

  connection.onShutdown(() => {
    for (const run of running.values()) run.cancel();
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
