// The formatter's entry point: source text in, the same spec in the canonical layout out (or the
// syntax diagnostics that stop it). Only whitespace changes: the output is lexed again and must give
// the same tokens and the same comments, or formatSource throws (a bug, never a silent change).

import { vmaLexer } from "../../grammar/tokens.js";
import { parseSource } from "../ast/parse.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { readItems } from "./items.js";
import { layOut } from "./layout.js";
import { renderLines } from "./align.js";
import { KNOWN_RULES } from "./spacing.js";
import { lineBreaker, DEFAULT_WIDTH } from "./breaking.js";

export { DEFAULT_WIDTH };

/** How to format: the line width, and the grammar rules spacing.ts knows (tests pass fewer). */
export interface FormatOptions {
  /** Lines longer than this break where they can (default DEFAULT_WIDTH, 110). */
  width?: number;
  rules?: ReadonlySet<string>;
}

/** Rounds of line breaking before the formatter gives up (each adds at least one line break). */
const MAX_ROUNDS = 1000;

export type FormatResult = { text: string; diagnostics: [] } | { text: undefined; diagnostics: Diagnostic[] };

/** Formats one file's text; `file` names it in diagnostics. Never changes a token or a comment. */
export function formatSource(file: string, text: string, options: FormatOptions = {}): FormatResult {
  const rules = options.rules ?? KNOWN_RULES;
  const width = options.width ?? DEFAULT_WIDTH;
  const parsed = parseSource(file, text);
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { text: undefined, diagnostics: errors };
  const items = readItems(text);
  if (!items) {
    const d = error(
      "S099",
      "internal error in the formatter: the parser disagrees with parseSource",
      undefined,
    );
    return { text: undefined, diagnostics: [d] };
  }
  let formatted = items.length === 0 ? "" : renderLines(layOut(items, rules));
  // Break the lines longer than the width, lay out again, until no long line has a place to break.
  const breaker = formatted.split("\n").some((l) => l.length > width) ? lineBreaker(formatted) : undefined;
  for (let round = 0; breaker; round++) {
    const broken = breaker(formatted, width);
    if (broken === undefined) break;
    if (round === MAX_ROUNDS) throw new Error(`the formatter did not settle on ${file}`);
    const again = readItems(broken);
    if (!again) throw new Error(`the formatter broke a line of ${file} into text that does not parse`);
    formatted = renderLines(layOut(again, rules));
  }
  const mismatch = firstDifference(text, formatted);
  if (mismatch) throw new Error(`the formatter changed ${file} beyond whitespace: ${mismatch}`);
  return { text: formatted, diagnostics: [] };
}

/** Where two texts differ in tokens or comments (ignoring comments' trailing spaces), or undefined. */
export function firstDifference(a: string, b: string): string | undefined {
  const ta = significant(a);
  const tb = significant(b);
  for (let i = 0; i < Math.max(ta.length, tb.length); i++)
    if (ta[i] !== tb[i]) return `${JSON.stringify(ta[i])} became ${JSON.stringify(tb[i])}`;
  return undefined;
}

function significant(text: string): string[] {
  const lexed = vmaLexer.tokenize(text);
  const out = lexed.tokens.map((t) => `${t.tokenType.name} ${t.image}`);
  // The lexer skips comments: read them from a comment-only pass over the gaps.
  let pos = 0;
  const comments: string[] = [];
  for (const t of [...lexed.tokens, { startOffset: text.length, endOffset: text.length }]) {
    const gap = text.slice(pos, t.startOffset);
    for (const m of gap.matchAll(/\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g)) comments.push(m[0].trimEnd());
    pos = (t.endOffset ?? 0) + 1;
  }
  return [...out, ...comments];
}
