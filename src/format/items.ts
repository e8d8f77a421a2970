// The formatter's view of a source file: its tokens in order, each with the CST rule that holds it,
// and the comments between them, each with the line breaks before it. In: source text that parses
// without errors. Out: a flat list of items that format.ts lays out again.
//
// Comments are not parser tokens (the lexer skips them), so they are read from the gaps between
// tokens: a gap holds only whitespace and comments in a file without lexical errors, and strings
// are tokens, so a `//` in a gap always starts a comment.

import type { CstElement, CstNode, IToken } from "chevrotain";
import { VmaParser } from "../../grammar/parser.js";
import { vmaLexer } from "../../grammar/tokens.js";

/** A token with the rule that consumed it and the rules whose first token it is. */
export interface TokenItem {
  kind: "token";
  token: IToken;
  /** The name of the CST rule that consumed it ("block", "args", ...). */
  rule: string;
  /** The CST node that consumed it (its braces, its span). */
  node: CstNode;
  /** The nodes around `node`, nearest first (at most three). */
  ancestors: CstNode[];
  /** Names of the rules that start at this token, outermost first. */
  starts: string[];
  /** The nodes of those rules, outermost first. */
  startNodes: CstNode[];
  /** Line breaks in the source between the previous item and this one. */
  breaks: number;
  /** The source text between the previous item and this one when it held no line break. */
  gap: string;
}

/** A line comment (`// ...`, right end trimmed) or a block comment (verbatim). */
export interface CommentItem {
  kind: "comment";
  text: string;
  block: boolean;
  breaks: number;
  /** Column (0-based) of the comment in its source line. */
  column: number;
}

export type Item = TokenItem | CommentItem;

let parser: VmaParser | undefined;

/** The tokens and CST of `text`, or undefined when it does not lex and parse cleanly. */
export function parseTokens(text: string): { tokens: IToken[]; cst: CstNode } | undefined {
  const lexed = vmaLexer.tokenize(text);
  if (lexed.errors.length > 0 || (lexed.groups["invalid"]?.length ?? 0) > 0) return undefined;
  parser ??= new VmaParser();
  let cst: CstNode;
  try {
    cst = parser.parseFile(lexed.tokens, 1);
  } catch {
    return undefined;
  }
  if (parser.errors.length > 0) return undefined;
  return { tokens: lexed.tokens, cst };
}

/**
 * The items of `text`, or undefined when it does not lex and parse cleanly (the caller reports
 * the diagnostics through the front end).
 */
export function readItems(text: string): Item[] | undefined {
  const parsed = parseTokens(text);
  if (!parsed) return undefined;
  const { tokens, cst } = parsed;
  const owner = new Map<IToken, Owner>();
  const starts = new Map<number, CstNode[]>();
  collect(cst, [], owner, starts);

  const items: Item[] = [];
  let pos = 0;
  for (const token of tokens) {
    let breaks = readGap(text, pos, token.startOffset, items);
    const at = owner.get(token);
    if (!at) return undefined; // a token the parser never consumed (recovery): not formattable
    const gapText = text.slice(pos, token.startOffset);
    items.push({
      kind: "token",
      token,
      rule: at.node.name,
      node: at.node,
      ancestors: at.ancestors,
      starts: (starts.get(token.startOffset) ?? []).map((n) => n.name),
      startNodes: starts.get(token.startOffset) ?? [],
      breaks,
      gap: breaks === 0 ? lastGapPart(gapText) : "",
    });
    breaks = 0;
    pos = token.endOffset! + 1;
  }
  readGap(text, pos, text.length, items);
  return items;
}

interface Owner {
  node: CstNode;
  ancestors: CstNode[];
}

/** Records the owner of every token and the rules starting at each offset. */
function collect(
  node: CstNode,
  ancestors: CstNode[],
  owner: Map<IToken, Owner>,
  starts: Map<number, CstNode[]>,
) {
  const offset = node.location?.startOffset;
  if (offset !== undefined && !Number.isNaN(offset)) {
    const list = starts.get(offset) ?? [];
    list.push(node);
    starts.set(offset, list);
  }
  const inner = [node, ...ancestors.slice(0, 2)];
  for (const children of Object.values(node.children) as CstElement[][]) {
    for (const child of children) {
      if ("children" in child) collect(child, inner, owner, starts);
      else owner.set(child, { node, ancestors });
    }
  }
}

/** Reads the comments of text[from, to) into `items`; the line breaks after the last of them. */
function readGap(text: string, from: number, to: number, items: Item[]): number {
  let breaks = 0;
  let i = from;
  while (i < to) {
    const ch = text[i];
    if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) {
      breaks++;
      i++;
    } else if (ch === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      const block = text[i + 1] === "*";
      const end = block ? text.indexOf("*/", i + 2) + 2 : lineEnd(text, i, to);
      const lineStart = Math.max(text.lastIndexOf("\n", i - 1), text.lastIndexOf("\r", i - 1)) + 1;
      const raw = text.slice(i, end);
      items.push({
        kind: "comment",
        text: block ? raw : raw.trimEnd(),
        block,
        breaks,
        column: i - lineStart,
      });
      breaks = 0;
      i = end;
    } else i++;
  }
  return breaks;
}

function lineEnd(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && text[i] !== "\n" && text[i] !== "\r") i++;
  return i;
}

/** The whitespace just before a token on its own line (after any comment in the gap). */
function lastGapPart(gap: string): string {
  const end = gap.lastIndexOf("*/");
  return end >= 0 ? gap.slice(end + 2) : gap;
}
