// Lays the items of a file (items.ts) out in the canonical layout: two spaces per level of
// brackets, one statement context per line as the author broke them, spaces between tokens from
// spacing.ts, at most one blank line in a row and none just inside brackets, a blank line around
// top-level declarations that span lines, and a block that spans lines opened and closed on lines
// of their own. Trailing comments and the `{` of one-line steps and checks stay aligned where the
// author aligned them (align.ts). In: items. Out: lines.
//
// Line breaks are the author's, plus those breaking.ts adds to lines longer than the width (it
// only adds breaks: it never joins lines); what is canonical is everything else on and between
// the lines. A continuation line (one that goes on with a statement, or with an element inside
// brackets) is indented one level deeper than the line it continues.

import type { CstNode } from "chevrotain";
import type { CommentItem, Item, TokenItem } from "./items.js";
import { BLOCK_RULES, KNOWN_RULES, spaceBetween } from "./spacing.js";

/** One output line: indentation level, code, an optional trailing comment, alignment marks. */
export interface Line {
  indent: number;
  code: string;
  comment?: { text: string; column: number };
  /** Where a step's or check's `{` may be padded to: the code's length before it, its source
   *  column, and whether the author put more than one space before it. */
  brace?: { at: number; column: number; padded: boolean };
  /** A line holding only a comment (alignment runs pass over it). */
  commentOnly?: boolean;
}

interface Open {
  lineIndent: number;
  rule: string;
  /** The CST node holding the bracket (its own commas separate the bracket's elements). */
  node: CstNode;
}

// Rules whose first token starts a line of its own context (no continuation indent).
const STARTERS = new Set([
  "header",
  "importDecl",
  "decl",
  "statement",
  "varDecl",
  "step",
  "checkItem",
  "refineEntry",
]);
const OPENERS = new Set(["LParen", "LBracket", "LCurly"]);
const CLOSERS = new Set(["RParen", "RBracket", "RCurly"]);

/** Lays out `items`; `rules` are the grammar rules spacing.ts knows (tests pass fewer). */
export function layOut(items: Item[], rules: ReadonlySet<string> = KNOWN_RULES): Line[] {
  const breaks = lineBreaks(items);
  const lines: Line[] = [];
  const stack: Open[] = [];
  let line: Line | undefined;
  let prev: TokenItem | undefined;
  let firstOnLine: TokenItem | undefined;
  let levels: Level[] = []; // the current statement's first line, then its deeper continuations

  items.forEach((item, i) => {
    if (item.kind === "comment" && !item.block && breaks[i] === 0 && line) {
      line.comment = { text: item.text, column: item.column };
      return;
    }
    if (!line || breaks[i] > 0) {
      if (line && breaks[i] > 1) lines.push({ indent: 0, code: "" });
      const place = indentOf(items, i, stack);
      const column = item.kind === "token" ? item.token.startColumn! - 1 : item.column;
      let indent = place.indent;
      // A continuation keeps the author's extra indentation relative to its statement's first line.
      if (place.continued && levels.length > 0) indent = continuationIndent(levels, column);
      else if (item.kind === "token") levels = [{ indent, column }];
      line = { indent, code: "" };
      lines.push(line);
      firstOnLine = item.kind === "token" ? item : undefined;
    } else if (line.code !== "") {
      line.code +=
        item.kind === "comment" || !prev || lastWasComment(items, i) ? " " : spaceBetween(prev, item, rules);
    }
    if (item.kind === "comment") {
      if (line.code === "") line.commentOnly = true;
      line.code += item.text;
      return;
    }
    const kind = item.token.tokenType.name;
    if (kind === "LCurly" && !line.brace && firstOnLine && isAlignableHead(firstOnLine, item)) {
      const padded = item.gap.length > 1;
      line.brace = { at: line.code.trimEnd().length, column: item.token.startColumn! - 1, padded };
    }
    line.code += item.token.image;
    if (OPENERS.has(kind)) stack.push({ lineIndent: line.indent, rule: item.rule, node: item.node });
    else if (CLOSERS.has(kind)) stack.pop();
    prev = item;
  });
  return lines;
}

interface Level {
  indent: number;
  column: number;
}

/**
 * A continuation line's indentation: one level deeper than its statement's first line, and deeper
 * again for each further step right the author took (as Python reads indentation), so the author's
 * nesting of a long condition survives whatever width their indentation had.
 */
function continuationIndent(levels: Level[], column: number): number {
  while (levels.length > 1 && levels[levels.length - 1].column > column) levels.pop();
  const top = levels[levels.length - 1];
  if (levels.length > 1 && top.column === column) return top.indent;
  levels.push({ indent: top.indent + 1, column });
  return top.indent + 1;
}

function lastWasComment(items: Item[], i: number): boolean {
  return i > 0 && items[i - 1].kind === "comment";
}

/** The `{` of a one-line `step`, `check` or `action` that starts its line. */
function isAlignableHead(first: TokenItem, brace: TokenItem): boolean {
  const head = first.token.tokenType.name;
  const owner = brace.rule === "checkDecl" ? brace.node : brace.ancestors[0];
  const oneLine = owner?.location?.startLine === owner?.location?.endLine;
  return (
    oneLine &&
    owner?.location?.startOffset === first.token.startOffset &&
    ((head === "Step" && owner.name === "step") ||
      (head === "Check" && owner.name === "checkDecl") ||
      (head === "Action" && owner.name === "actionDecl"))
  );
}

/** The indentation of a line that starts with items[i], and whether it continues a statement. */
function indentOf(items: Item[], i: number, stack: Open[]): { indent: number; continued: boolean } {
  const top = stack[stack.length - 1];
  const base = top ? top.lineIndent + 1 : 0;
  let next: TokenItem | undefined;
  for (let j = i; j < items.length && !next; j++) {
    const it = items[j];
    if (it.kind === "token") next = it;
  }
  if (!next) return { indent: base, continued: false };
  const closer = CLOSERS.has(next.token.tokenType.name);
  if (closer) return { indent: items[i] === next ? (top?.lineIndent ?? 0) : base, continued: false };
  const inStatements = !top || BLOCK_RULES.has(top.rule);
  // Inside brackets, a line that starts an element (after the opener or a comma of the bracket)
  // stands at the bracket's indentation; one that goes on with an element is a continuation.
  const continued = inStatements ? !startsLine(next) : !startsElement(items, i, top);
  return { indent: continued ? base + 1 : base, continued };
}

function startsElement(items: Item[], i: number, top: Open): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const it = items[j];
    if (it.kind !== "token") continue;
    const kind = it.token.tokenType.name;
    return OPENERS.has(kind) || (kind === "Comma" && it.node === top.node);
  }
  return true;
}

function startsLine(item: TokenItem): boolean {
  const kind = item.token.tokenType.name;
  if (kind === "Semi") return true;
  if ((kind === "Or" && item.rule === "eitherStmt") || (kind === "Else" && item.rule === "ifStmt"))
    return true;
  return item.starts.some((rule) => STARTERS.has(rule));
}

/**
 * The line breaks before each item: the author's (at most one blank line), with breaks added where
 * the layout needs them and blank lines dropped just inside brackets and at the start.
 */
function lineBreaks(items: Item[]): number[] {
  const breaks = items.map((item) => Math.min(item.breaks, 2));
  const multiLineBlocks = new Set<object>();
  let depth = 0;
  let lastUnit: { start: number; multiLine: boolean } | undefined;
  items.forEach((item, i) => {
    if (i === 0) breaks[i] = 0;
    if (item.kind !== "token") return;
    const kind = item.token.tokenType.name;
    const after = items[i + 1];
    if (
      kind === "LCurly" &&
      after?.kind === "token" &&
      after.node === item.node &&
      after.token.tokenType.name === "RCurly"
    )
      breaks[i + 1] = 0; // an empty block: `{ }`
    else if (kind === "LCurly" && BLOCK_RULES.has(item.rule) && spansLines(item)) {
      multiLineBlocks.add(item.node);
      const next = items[i + 1];
      if (next && !(next.kind === "comment" && !next.block && next.breaks === 0)) breaks[i + 1] ||= 1;
    }
    if (kind === "RCurly" && multiLineBlocks.has(item.node)) breaks[i] ||= 1;
    // No blank line just after an opener or just before a closer.
    if (CLOSERS.has(kind)) breaks[i] = Math.min(breaks[i], 1);
    if (OPENERS.has(kind) && items[i + 1]) breaks[i + 1] = Math.min(breaks[i + 1], 1);
    if (depth === 0 && (item.starts.includes("decl") || item.starts.includes("importDecl"))) {
      const node = unitNode(item);
      const multiLine = node.location!.startLine !== node.location!.endLine;
      if (lastUnit && i > 0) {
        const at = attachedCommentsStart(items, breaks, i);
        breaks[at] = Math.max(breaks[at], multiLine || lastUnit.multiLine ? 2 : 1);
      }
      lastUnit = { start: i, multiLine };
    }
    if (OPENERS.has(kind)) depth++;
    else if (CLOSERS.has(kind)) depth--;
  });
  return breaks;
}

/** The top-level declaration or import that starts at `item`. */
function unitNode(item: TokenItem): CstNode {
  return item.startNodes.find((n) => n.name === "decl" || n.name === "importDecl")!;
}

function spansLines(brace: TokenItem): boolean {
  const open = brace.node.children["LCurly"]?.[0];
  const close = brace.node.children["RCurly"]?.[0];
  return (
    !!open && !!close && "startLine" in open && "startLine" in close && open.startLine !== close.startLine
  );
}

/** The first of the comment lines directly above items[i] (no blank line between), else i. */
function attachedCommentsStart(items: Item[], breaks: number[], i: number): number {
  let at = i;
  while (
    at > 0 &&
    breaks[at] === 1 &&
    items[at - 1].kind === "comment" &&
    (items[at - 1] as CommentItem).breaks > 0
  )
    at--;
  return at;
}
