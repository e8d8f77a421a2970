// Line breaking at the project's width. In: text already in the canonical layout. Out: the same
// text with line breaks added to its lines longer than the width, or undefined when no such line
// has a place to break; format.ts lays the result out again and repeats until nothing changes.
//
// As in Wadler's and prettier's printers, the places a line may break come in groups, and a group
// breaks whole, outermost first: a bracket breaks after its opener, after each comma and before its
// closer; a one-line block breaks before each statement and its `}`; an operator chain (`a || b ||
// c`) breaks after every operator; a head (`x =`, `invariant I:`, `forall a in S:`, `|->`) breaks
// after its `=` or `:`, unless what follows is one bracketed value, which breaks inside instead
// (`x = [` ... `]`, as prettier hugs). On a line too long, the outermost group with a place on that
// line breaks; its pieces still too long break again on the next round, at their outermost group.
// Only whitespace is added, so the tokens and comments stay as they were (format.ts checks it);
// the layout (layout.ts) then indents the new lines, so a second run finds nothing to change.

import type { CstElement, CstNode, IToken } from "chevrotain";
import { vmaLexer } from "../../grammar/tokens.js";
import { parseTokens } from "./items.js";
import { BLOCK_RULES } from "./spacing.js";

/** The width `vmaspec fmt` formats to: the repository's prettier printWidth (.prettierrc). */
export const DEFAULT_WIDTH = 110;

/** A set of places that break together; a place k is the gap between tokens k and k + 1. */
interface Group {
  depth: number;
  gaps: number[];
  /** The token the group's node starts with (its line sets the new lines' indentation). */
  first: number;
  /** Operands of a chain starting its line stand in that line's column; else one level deeper. */
  hanging: boolean;
  /** The places before closing brackets: a closer goes back to its opener's column. */
  closers: Set<number>;
}

const OPENERS = new Set(["LParen", "LBracket", "LCurly"]);
const CLOSERS = new Set(["RParen", "RBracket", "RCurly"]);
/** Chains of binary operators, and the operator tokens they break after. */
const CHAINS: Record<string, (kind: string) => boolean> = {
  expression: (k) => k === "Implies",
  disjunction: () => true,
  conjunction: () => true,
  comparison: (k) => k !== "At",
  setExpr: () => true,
  additive: () => true,
  multiplicative: () => true,
  temporal: (k) => k === "LeadsTo" || k === "Implies",
};
/** Heads that break after their `=` or `:` (the tokens named), the value on the lines below. */
const HEADS: Record<string, (kind: string) => boolean> = {
  constDecl: (k) => k === "Assign",
  typeDecl: (k) => k === "Assign",
  varDecl: (k) => k === "Assign" || k === "In",
  fnDecl: (k) => k === "Assign",
  letStmt: (k) => k === "Assign",
  exprStmt: (k) => k === "Assign" || k === "PlusAssign" || k === "MinusAssign",
  invariantDecl: (k) => k === "Colon",
  propertyDecl: (k) => k === "Colon",
  constraintDecl: (k) => k === "Colon",
  assertStmt: (k) => k === "Colon",
  quantExpr: (k) => k === "Colon",
  pickExpr: (k) => k === "Colon",
  letExpr: (k) => k === "In",
  bracketExpr: (k) => k === "MapsTo",
};
/** Brackets that never break: a parenthesised expression, an index, a temporal formula's parens. */
const TIGHT_BRACKETS = new Set(["parenExpr", "selector", "temporal"]);

/**
 * Breaks the long lines of a file, round after round: its groups are read from the first text's
 * syntax tree once, as a place is named by the tokens around it and every round has the same
 * tokens (only whitespace changes). Undefined when the text does not parse.
 */
export function lineBreaker(text: string): ((text: string, width: number) => string | undefined) | undefined {
  const parsed = parseTokens(text);
  if (!parsed) return undefined;
  const groups = collectGroups(parsed.cst, parsed.tokens, text);
  const byGap = new Map<number, Group[]>();
  for (const g of groups) for (const k of g.gaps) byGap.set(k, [...(byGap.get(k) ?? []), g]);
  return (again, width) => breakLongLines(again, width, byGap);
}

/**
 * `text` with line breaks added where its lines are longer than `width`, or undefined when no
 * line longer than `width` has a place to break.
 */
function breakLongLines(text: string, width: number, byGap: Map<number, Group[]>): string | undefined {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const lineEnds = lineStarts.map((_, i) =>
    i + 1 < lineStarts.length ? lineStarts[i + 1] - 1 : text.length,
  );
  const long = new Set<number>();
  lineStarts.forEach((s, i) => {
    if (lineEnds[i] - s > width) long.add(i);
  });
  if (long.size === 0) return undefined;
  const tokens = vmaLexer.tokenize(text).tokens;
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const startLine = tokens.map((t) => lineOf(t.startOffset));
  const endLine = tokens.map((t) => lineOf(t.endOffset!));
  const open = (k: number) => k + 1 < tokens.length && endLine[k] === startLine[k + 1];

  const chosen = new Set<Group>();
  let k = 0;
  for (const line of [...long].sort((a, b) => a - b)) {
    // The outermost group with a place on this line; the leftmost of equals.
    let best: Group | undefined;
    while (k + 1 < tokens.length && startLine[k + 1] < line) k++;
    for (; k + 1 < tokens.length && startLine[k + 1] === line; k++)
      if (open(k)) for (const g of byGap.get(k) ?? []) if (!best || g.depth < best.depth) best = g;
    if (best) chosen.add(best);
  }
  if (chosen.size === 0) return undefined;

  const indentOf = (line: number) => /^ */.exec(text.slice(lineStarts[line], lineEnds[line]))![0].length;
  const inserts = new Map<number, number>(); // gap -> column of the new line
  const brokenLines = new Set<number>();
  for (const g of chosen) {
    const firstLine = startLine[g.first];
    const base = indentOf(firstLine);
    const column =
      g.hanging && text.slice(lineStarts[firstLine], tokens[g.first].startOffset).trim() === ""
        ? base
        : base + 2;
    for (const k of g.gaps)
      if (open(k)) {
        inserts.set(k, g.closers.has(k) ? base : column);
        brokenLines.add(startLine[k + 1]);
      }
  }
  // Edits of the text, [from, to, replacement], applied from the end so offsets stay valid.
  const edits: [number, number, string][] = [];
  for (const [k, column] of inserts) {
    const end = tokens[k].endOffset! + 1;
    const gap = text.slice(end, tokens[k + 1].startOffset);
    edits.push([end + gap.trimEnd().length, tokens[k + 1].startOffset, "\n" + " ".repeat(column)]);
  }
  // A trailing comment of a line that broke moves to its last piece; the padding that aligned it
  // with its neighbours would push it far right of short code, so it is cut to one space (the
  // layout then puts it the usual two spaces after the code).
  for (const line of brokenLines) {
    const source = text.slice(lineStarts[line], lineEnds[line]);
    const m = /\S( +)\/\//.exec(source);
    if (m && !isInsideString(source, m.index)) {
      const from = lineStarts[line] + m.index + 1;
      edits.push([from, from + m[1].length, " "]);
    }
  }
  let out = text;
  for (const [from, to, by] of edits.sort((a, b) => b[0] - a[0]))
    out = out.slice(0, from) + by + out.slice(to);
  return out;
}

function isInsideString(line: string, upTo: number): boolean {
  return (line.slice(0, upTo + 1).match(/"/g)?.length ?? 0) % 2 === 1;
}

/** Where each token stands in the file's token list: by token, and by its start or end offset
 *  (a node's location names its first and last tokens; a walk of its tokens is the fallback). */
interface TokenIndex {
  of: Map<IToken, number>;
  byStart: Map<number, number>;
  byEnd: Map<number, number>;
}

/** Every group of places to break in the file, with the depth of the node that holds it. */
function collectGroups(cst: CstNode, tokens: IToken[], text: string): Group[] {
  const index: TokenIndex = {
    of: new Map(tokens.map((t, i) => [t, i])),
    byStart: new Map(tokens.map((t, i) => [t.startOffset, i])),
    byEnd: new Map(tokens.map((t, i) => [t.endOffset!, i])),
  };
  const groups: Group[] = [];
  // The blocks of one `if` / `else if` / `else` chain, or of one `either` / `or`, break together.
  const CHAINED = new Set(["ifStmt", "eitherStmt"]);
  const visit = (node: CstNode, depth: number, linked?: Group) => {
    const own: number[] = [];
    const children: CstNode[] = [];
    for (const list of Object.values(node.children) as CstElement[][])
      for (const child of list) {
        if ("children" in child) children.push(child);
        else if (index.of.has(child)) own.push(index.of.get(child)!);
      }
    own.sort((a, b) => a - b);
    children.sort((a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0));
    const first = firstToken(node, index);
    if (first !== undefined) {
      const add = (gaps: number[], d: number, hanging = false, closer?: number) => {
        const unique = [...new Set(gaps)].filter((k) => k >= 0 && k + 1 < tokens.length);
        if (unique.length > 0)
          groups.push({
            depth: d,
            gaps: unique,
            first,
            hanging,
            closers: new Set(closer === undefined ? [] : [closer]),
          });
      };
      const kind = (k: number) => tokens[k].tokenType.name;
      if (BLOCK_RULES.has(node.name)) {
        const lc = own.find((k) => kind(k) === "LCurly");
        const rc = own.find((k) => kind(k) === "RCurly");
        if (lc !== undefined && rc !== undefined && rc > lc + 1) {
          const starts = children.map((c) => firstToken(c, index)!).filter((k) => k > lc && k < rc);
          const gaps = [lc, ...starts.map((k) => k - 1), rc - 1];
          if (linked) {
            linked.gaps.push(...gaps.filter((k) => !linked.gaps.includes(k)));
            linked.closers.add(rc - 1);
          } else add(gaps, depth, false, rc - 1);
        }
      } else if (!TIGHT_BRACKETS.has(node.name)) {
        const stack: number[] = [];
        for (const k of own) {
          if (OPENERS.has(kind(k))) stack.push(k);
          else if (CLOSERS.has(kind(k))) {
            const o = stack.pop();
            if (o === undefined || k === o + 1) continue;
            const commas = own.filter((c) => c > o && c < k && kind(c) === "Comma");
            add([o, ...commas, k - 1], depth, false, k - 1);
          }
        }
      }
      const chain = CHAINS[node.name];
      if (chain) {
        // A tight operator is a range's bound (`0..N-1`): it stays whole.
        const ops = own.filter((k) => chain(kind(k)) && text[tokens[k].endOffset! + 1] === " ");
        add(ops, depth, true);
      }
      const head = HEADS[node.name];
      if (head) {
        const at = own.filter((k) => head(kind(k)));
        const value =
          at.length > 0 ? children.find((c) => (firstToken(c, index) ?? -1) > at[at.length - 1]) : undefined;
        if (at.length > 0 && !(value && hugs(value, tokens, index))) add([at[at.length - 1]], depth + 0.5);
      }
      if (node.name === "quantExpr") {
        const commas = own.filter((k) => kind(k) === "Comma");
        add(commas, depth + 0.75);
      }
      if (node.name === "foldExpr") {
        const at = own.filter((k) => kind(k) === "Comma" || kind(k) === "Colon").slice(1);
        add(at, depth + 0.5);
      }
      if (node.name === "ifExpr") {
        const words = own.filter((k) => kind(k) === "Then" || kind(k) === "Else");
        add(
          words.map((k) => k - 1),
          depth + 0.5,
        );
      }
    }
    let shared: Group | undefined;
    if (CHAINED.has(node.name) && first !== undefined) {
      shared = linked ?? { depth, gaps: [], first, hanging: false, closers: new Set() };
      if (!linked) groups.push(shared);
    }
    for (const child of children)
      visit(
        child,
        depth + 1,
        shared && (BLOCK_RULES.has(child.name) || child.name === "ifStmt") ? shared : undefined,
      );
  };
  visit(cst, 0);
  return groups;
}

/** A value that is one bracketed whole (`[..]`, `{..}`, `f(..)`): it breaks inside its brackets. */
function hugs(value: CstNode, tokens: IToken[], index: TokenIndex): boolean {
  const first = firstToken(value, index);
  const last = lastToken(value, index);
  if (first === undefined || last === undefined || !CLOSERS.has(tokens[last].tokenType.name)) return false;
  let depth = 0;
  for (let k = last; k >= first; k--) {
    const kind = tokens[k].tokenType.name;
    if (CLOSERS.has(kind)) depth++;
    else if (OPENERS.has(kind) && --depth === 0)
      return (
        (k === first && kind !== "LParen") ||
        (k === first + 1 && tokens[first].tokenType.name === "Identifier")
      );
  }
  return false;
}

function firstToken(node: CstNode, index: TokenIndex): number | undefined {
  const located = index.byStart.get(node.location?.startOffset ?? NaN);
  if (located !== undefined) return located;
  let best: number | undefined;
  walkTokens(node, (t) => {
    const k = index.of.get(t);
    if (k !== undefined && (best === undefined || k < best)) best = k;
  });
  return best;
}

function lastToken(node: CstNode, index: TokenIndex): number | undefined {
  const located = index.byEnd.get(node.location?.endOffset ?? NaN);
  if (located !== undefined) return located;
  let best: number | undefined;
  walkTokens(node, (t) => {
    const k = index.of.get(t);
    if (k !== undefined && (best === undefined || k > best)) best = k;
  });
  return best;
}

function walkTokens(node: CstNode, f: (t: IToken) => void): void {
  for (const list of Object.values(node.children) as CstElement[][])
    for (const child of list) {
      if ("children" in child) walkTokens(child, f);
      else f(child);
    }
}
