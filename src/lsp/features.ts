// What the language server answers from an analysis: hover text, document symbols and
// completions. In: an Analysis (analysis.ts) and a place in a file. Out: the protocol's values.

import {
  CompletionItemKind,
  SymbolKind,
  type CompletionItem,
  type DocumentSymbol,
  type Hover,
} from "vscode-languageserver";
import { allTokens } from "../../grammar/tokens.js";
import type { Decl } from "../ast/ast.js";
import { stdlibModules } from "../resolve/stdlib-index.js";
import type { Analysis } from "./analysis.js";
import type { Definition } from "./names.js";
import { occurrenceAt } from "./names.js";
import { rangeOf } from "./positions.js";

/** Built-in functions, which no file declares. */
const BUILTINS: Record<string, string> = {
  card: "card(S): the number of elements of the set S",
  min: "min(a, b) or min(S): the smaller of two integers, or the least element of a set",
  max: "max(a, b) or max(S): the larger of two integers, or the greatest element of a set",
  some: "some(x): the optional holding x",
  the: "the(o): the value an optional holds (a runtime error on none)",
  len: "len(q): the length of a sequence",
  head: "head(q): the first element of a sequence",
  tail: "tail(q): a sequence without its first element",
  append: "append(q, x): the sequence q with x added at its end",
};

/** The words the lexer knows as keywords (hard and soft), and `bool`, offered as completions. */
export const KEYWORDS: readonly string[] = [
  ...allTokens.flatMap((t) =>
    typeof t.PATTERN === "string" && /^[a-z]+$/.test(t.PATTERN) ? [t.PATTERN] : [],
  ),
  "bool",
];

/** Hover over a name: its declaration's first line and the comment above it. */
export function hoverAt(a: Analysis, path: string, offset: number, text: string): Hover | undefined {
  const o = a.index && occurrenceAt(a.index, path, offset);
  if (!o) {
    const word = wordAt(text, offset);
    const builtin = word && BUILTINS[word.text];
    return builtin ? { contents: { kind: "markdown", value: `built-in function\n\n${builtin}` } } : undefined;
  }
  const d = o.definition;
  const source = a.program?.files.find((f) => f.path === d.path)?.text ?? "";
  const head = source
    .slice(d.declSpan.start, d.declSpan.end)
    .split(/\r?\n/)[0]
    .replace(/\s*\{\s*$/, "");
  const doc = commentAbove(source, d.declSpan.start);
  const where = d.container ? ` of ${d.container}` : "";
  const known = d.kind === "const" ? a.consts?.get(d.name) : undefined;
  const evaluated = known === undefined ? "" : `value in the default configuration: \`${String(known)}\``;
  const value = [`(${d.kind}${where}) \`\`\`vmaspec\n${head}\n\`\`\``, evaluated, doc]
    .filter(Boolean)
    .join("\n\n");
  return { contents: { kind: "markdown", value }, range: rangeOf(text, o.span) };
}

/** The `//` comment lines directly above `offset`'s line, without their slashes. */
function commentAbove(text: string, offset: number): string {
  const lines = text.slice(0, offset).split(/\r?\n/);
  lines.pop();
  const doc: string[] = [];
  while (lines.length > 0 && /^\s*\/\//.test(lines[lines.length - 1]))
    doc.unshift(lines.pop()!.replace(/^\s*\/\/\s?/, ""));
  return doc.join("\n");
}

/** The name at `offset`, if any. */
export function wordAt(text: string, offset: number): { text: string; start: number } | undefined {
  let start = offset;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && /\w/.test(text[end])) end++;
  return end > start ? { text: text.slice(start, end), start } : undefined;
}

const SYMBOL_KINDS: Record<string, SymbolKind> = {
  const: SymbolKind.Constant,
  type: SymbolKind.Class,
  var: SymbolKind.Variable,
  fn: SymbolKind.Function,
  macro: SymbolKind.Function,
  proc: SymbolKind.Method,
  action: SymbolKind.Event,
  process: SymbolKind.Module,
  invariant: SymbolKind.Boolean,
  property: SymbolKind.Boolean,
  constraint: SymbolKind.Boolean,
  check: SymbolKind.Key,
};

/** The outline of a file: its declarations, with the steps and locals of processes and procs. */
export function documentSymbols(a: Analysis, path: string, text: string): DocumentSymbol[] {
  const file = a.program?.files.find((f) => f.path === path);
  if (!file) return [];
  const symbol = (
    name: string,
    kind: SymbolKind,
    span: Decl["span"],
    nameSpan: Decl["span"],
    detail?: string,
  ) => ({
    name,
    kind,
    detail,
    range: rangeOf(text, span),
    selectionRange: rangeOf(text, nameSpan),
  });
  return file.ast.decls.flatMap((d): DocumentSymbol[] => {
    if (d.kind === "init") return [{ ...symbol("init", SymbolKind.Constructor, d.span, d.span) }];
    if (d.kind === "memory") return [];
    const s: DocumentSymbol = symbol(
      d.name.name,
      SYMBOL_KINDS[d.kind] ?? SymbolKind.Object,
      d.span,
      d.name.span,
      d.kind,
    );
    if (d.kind === "process" || d.kind === "proc")
      s.children = [
        ...d.locals.map((l) => symbol(l.name.name, SymbolKind.Variable, l.span, l.name.span, "local")),
        ...d.steps.map((st) => symbol(st.name.name, SymbolKind.Event, st.span, st.name.span, "step")),
      ];
    return [s];
  });
}

/** Completions at `offset`: stdlib modules after `import`, steps after `goto` and `at`, else names and keywords. */
export function completionsAt(
  a: Analysis | undefined,
  path: string,
  text: string,
  offset: number,
): CompletionItem[] {
  const line = text.slice(text.lastIndexOf("\n", offset - 1) + 1, offset);
  if (/^\s*import\s+\w*$/.test(line))
    return stdlibModules().map((m) => ({
      label: m,
      kind: CompletionItemKind.Module,
      detail: `stdlib/${m}.vmaspec`,
    }));
  const index = a?.index;
  const at = /(\w+)(\[[^\]]*\])?\s+at\s+\w*$/.exec(line);
  if (at) return stepItems(index?.steps.get(at[1]) ?? []);
  if (/\bgoto\s+\w*$/.test(line)) {
    const owner = enclosingOwner(text, offset);
    return stepItems(owner ? (index?.steps.get(owner) ?? []) : []);
  }
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  const add = (label: string, kind: CompletionItemKind, detail?: string) => {
    if (seen.has(label)) return;
    seen.add(label);
    items.push({ label, kind, detail });
  };
  for (const d of index?.definitions ?? []) if (inScope(d, path, offset)) add(d.name, itemKind(d), d.kind);
  for (const name of Object.keys(BUILTINS)) add(name, CompletionItemKind.Function, "built-in");
  for (const k of KEYWORDS) add(k, CompletionItemKind.Keyword);
  return items;
}

function stepItems(steps: Definition[]): CompletionItem[] {
  return steps.map((s) => ({
    label: s.name,
    kind: CompletionItemKind.Event,
    detail: `step of ${s.container}`,
  }));
}

/** Globals anywhere; local names only inside the declaration that holds them. */
function inScope(d: Definition, path: string, offset: number): boolean {
  const local =
    d.kind === "parameter" || d.kind === "let" || d.kind === "bound variable" || d.kind === "process index";
  if (d.kind === "step" || d.kind === "check") return false;
  if (!local && d.kind !== "local") return true;
  return d.path === path && d.span.start <= offset;
}

/** The process or proc whose body holds `offset`: the last one declared before it. Read from the
 *  text, not the analysis, which may be of an earlier text while the file does not parse. */
function enclosingOwner(text: string, offset: number): string | undefined {
  let owner: string | undefined;
  for (const m of text
    .slice(0, offset)
    .matchAll(/^\s*(?:(?:fair|symmetric|override)\s+)*(?:process|proc)\s+(\w+)/gm))
    owner = m[1];
  return owner;
}

function itemKind(d: Definition): CompletionItemKind {
  switch (d.kind) {
    case "const":
      return CompletionItemKind.Constant;
    case "fn":
    case "macro":
    case "proc":
      return CompletionItemKind.Function;
    case "type":
      return CompletionItemKind.Class;
    case "enum member":
      return CompletionItemKind.EnumMember;
    case "process":
      return CompletionItemKind.Module;
    default:
      return CompletionItemKind.Variable;
  }
}
