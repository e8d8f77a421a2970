// Reads a spec file and everything it imports, parsing each once. In: a path. Out: the parsed
// files in dependency order (imports first) with their texts, or diagnostics for a file that is
// missing, a directory, not UTF-8, cyclic or unparsable. Never throws on a user's mistake.

import { existsSync, realpathSync } from "node:fs";
import { dirname, resolve, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceFileNode, ImportNode } from "../ast/ast.js";
import { parseSource } from "../ast/parse.js";
import { error, withHint, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import { MAX_SPEC_BYTES, readRegularFile } from "./read-file.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { printable } from "../diagnostics/printable.js";
import { stdlibModules } from "./stdlib-index.js";

export interface LoadedFile {
  /** The name diagnostics use: the path as given for the root, relative to the cwd for imports. */
  name: string;
  path: string;
  text: string;
  ast: SourceFileNode;
}

export interface LoadedProgram {
  root: LoadedFile;
  /** Every file, imports before the files importing them; the root last. */
  files: LoadedFile[];
  /** Source texts by diagnostic name, for rendering. */
  texts: Map<string, string>;
}

/** The folder holding the standard library modules (`import locks` loads stdlib/locks.vmaspec). */
export function stdlibDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(resolve(dir, "package.json")) && existsSync(resolve(dir, "stdlib")))
      return resolve(dir, "stdlib");
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../stdlib");
}

/** Reads a file as UTF-8 text, or explains why it cannot. */
export function readSourceText(
  path: string,
  shownName: string,
  at?: Span,
): { text?: string; diagnostic?: Diagnostic } {
  const read = readRegularFile(path, MAX_SPEC_BYTES);
  if (!("bytes" in read)) {
    const code = (
      {
        missing: "C001",
        directory: "C002",
        unreadable: "C003",
        special: "C005",
        "too-large": "C006",
      } as const
    )[read.kind];
    // Reading an import is reported at the import; the file given on the command line by its name.
    if (at) return { diagnostic: error(code, `cannot read '${shownName}': ${read.why}`, at) };
    return { diagnostic: { ...error(code, `cannot read this file: ${read.why}`), file: shownName } };
  }
  const bytes = read.bytes;
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const { line, col } = lineColOfByte(bytes, bad);
    return {
      diagnostic: error(
        "C004",
        `'${shownName}' is not UTF-8 text (invalid byte 0x${bytes[bad].toString(16)})`,
        {
          file: shownName,
          start: 0,
          end: 0,
          line,
          col,
        },
      ),
    };
  }
  let text = bytes.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

/** What the language server keeps between loads of a spec it is editing. */
export interface LoadOptions {
  /** Texts of files by absolute path where they differ from the disk (unsaved editors). */
  unsaved?: ReadonlyMap<string, string>;
  /** Parses by absolute path: a file whose name and text did not change is not parsed again. */
  parses?: Map<string, { name: string; text: string; parsed: ReturnType<typeof parseSource> }>;
}

/** Loads the root spec and its imports transitively. */
export function loadProgram(
  rootPath: string,
  options: LoadOptions = {},
): {
  program?: LoadedProgram;
  diagnostics: Diagnostic[];
  texts: Map<string, string>;
} {
  const diagnostics: Diagnostic[] = [];
  const files: LoadedFile[] = [];
  const texts = new Map<string, string>();
  const done = new Map<string, LoadedFile>();
  const inProgress: string[] = [];

  const visit = (path: string, name: string, from?: ImportNode): LoadedFile | undefined => {
    const absolute = resolve(path);
    const cached = done.get(absolute);
    if (cached) return cached;
    if (inProgress.includes(absolute)) {
      const cycle = [...inProgress.slice(inProgress.indexOf(absolute)), absolute].map(
        (p) => relative(process.cwd(), p) || p,
      );
      diagnostics.push(error("N010", `import cycle: ${cycle.join(" -> ")}`, from?.span));
      return undefined;
    }
    const refused = from && importRefusal(absolute, name, from);
    if (refused) {
      diagnostics.push(refused);
      return undefined;
    }
    const open = options.unsaved?.get(absolute);
    const read = open !== undefined ? { text: open } : readSourceText(absolute, name, from?.span);
    if (read.diagnostic) {
      if (from && read.diagnostic.code === "C001")
        read.diagnostic.message = `cannot import '${importLabel(from)}': no file '${name}'`;
      else if (from)
        read.diagnostic.message = `cannot import '${importLabel(from)}': ${read.diagnostic.message}`;
      if (from) read.diagnostic.code = read.diagnostic.code === "C001" ? "N011" : read.diagnostic.code;
      diagnostics.push(read.diagnostic);
      return undefined;
    }
    texts.set(name, read.text!);
    const kept = options.parses?.get(absolute);
    const parsed =
      kept?.name === name && kept.text === read.text ? kept.parsed : parseSource(name, read.text!);
    options.parses?.set(absolute, { name, text: read.text!, parsed });
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.ast || parsed.diagnostics.some((d) => d.severity === "error")) return undefined;
    inProgress.push(absolute);
    for (const imp of parsed.ast.imports) {
      const target =
        imp.target.kind === "stdlib"
          ? resolve(stdlibDir(), `${imp.target.name}.vmaspec`)
          : resolve(dirname(absolute), imp.target.path);
      if (imp.target.kind === "stdlib" && !existsSync(target)) {
        diagnostics.push(missingStdlibModule(imp.target.name, imp.span));
        continue;
      }
      if (imp.target.kind === "path" && !existsSync(target) && existsSync(`${target}.vmaspec`)) {
        const message = `cannot import '${imp.target.path}': no file '${shownPath(target)}'`;
        diagnostics.push(withHint(error("N011", message, imp.span), `write '${imp.target.path}.vmaspec'`));
        continue;
      }
      visit(target, shownPath(target), imp);
    }
    inProgress.pop();
    const file: LoadedFile = { name, path: absolute, text: read.text!, ast: parsed.ast };
    done.set(absolute, file);
    files.push(file);
    return file;
  };

  const root = visit(rootPath, printable(rootPath));
  if (!root || diagnostics.some((d) => d.severity === "error")) return { diagnostics, texts };
  return { program: { root, files, texts }, diagnostics, texts };
}

/** Why an import may not read `path`: only regular `.vmaspec` files are imported, whatever a
 *  symbolic link at the name points at, so a spec cannot make vmaspec read (and quote in its
 *  errors) /etc/passwd or /proc/self/environ. Undefined when the import may go ahead. */
function importRefusal(path: string, name: string, from: ImportNode): Diagnostic | undefined {
  const label = importLabel(from);
  const notSpec = (what: string) =>
    error("N020", `cannot import '${label}': ${what}; only .vmaspec files can be imported`, from.span);
  if (!path.endsWith(".vmaspec")) return notSpec(`'${name}' is not a .vmaspec file`);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined; // Missing or a link loop: reading it explains which.
  }
  if (!real.endsWith(".vmaspec"))
    return notSpec(`'${name}' leads to '${real}', which is not a .vmaspec file`);
  return undefined;
}

/** How messages name an imported file: relative to the working folder, unless that climbs out of
 * it (`../../usr/lib/node_modules/vmaspec/stdlib/locks.vmaspec`); then in full. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return printable(rel && !rel.startsWith("..") ? rel : path);
}

/** N011 for `import lock` when the standard library has no module of that name. */
function missingStdlibModule(name: string, span: Span): Diagnostic {
  const modules = stdlibModules();
  const hint = didYouMean(name, modules) ?? `the library modules are ${modules.join(", ")}`;
  return withHint(error("N011", `cannot import '${name}': the library has no module '${name}'`, span), hint);
}

function importLabel(imp: ImportNode): string {
  return imp.target.kind === "stdlib" ? imp.target.name : imp.target.path;
}

/** Offset of the first byte that is not part of valid UTF-8, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) ((need = 1), (min = 0x80));
    else if (c >= 0xe0 && c <= 0xef) ((need = 2), (min = 0x800));
    else if (c >= 0xf0 && c <= 0xf4) ((need = 3), (min = 0x10000));
    else return i;
    if (i + need >= n) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineColOfByte(b: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (b[i] === 0x0a) (line++, (lineStart = i + 1));
  return { line, col: offset - lineStart + 1 };
}
