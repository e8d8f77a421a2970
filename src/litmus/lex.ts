// Tokens of the kernel's C litmus format: C identifiers and numbers, the punctuation of C
// bodies, and the `/\`, `\/` and `~` of final conditions. Comments in both styles the kernel's
// tests use, `(* ... *)` (herd's, outside braces) and C's `/* ... */` and `// ...`, are skipped. Every token
// keeps its span, so each diagnostic points at the text it is about.

import type { Span } from "../diagnostics/diagnostic.js";

export interface Token {
  kind: "ident" | "number" | "punct" | "eof";
  text: string;
  span: Span;
}

const PUNCTS = ["/\\", "\\/", "==", "!=", "<=", ">=", "&&", "||", "->", ..."(){}[];,*&=+-<>!^|:~.?/%"];

/** The tokens of `text`, or the span of the first character that starts none (or an unclosed comment). */
export function lex(file: string, text: string): { tokens: Token[] } | { bad: Span; why: string } {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  const span = (start: number, end: number): Span => ({ file, start, end, line, col: start - lineStart + 1 });
  const advanceTo = (end: number) => {
    for (; i < end; i++)
      if (text[i] === "\n") {
        line++;
        lineStart = i + 1;
      }
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "\n" || c === " " || c === "\t" || c === "\r") {
      advanceTo(i + 1);
      continue;
    }
    // herd's `(* *)` comments sit between the parts of a test; inside braces `(*x` is C.
    const open = text.startsWith("(*", i) && depth === 0 ? "*)" : text.startsWith("/*", i) ? "*/" : undefined;
    if (open) {
      const end = text.indexOf(open, i + 2);
      if (end < 0) return { bad: span(i, i + 2), why: "unterminated comment" };
      advanceTo(end + 2);
      continue;
    }
    if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i);
      advanceTo(end < 0 ? text.length : end);
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 200));
    if (word) {
      tokens.push({ kind: "ident", text: word[0], span: span(i, i + word[0].length) });
      advanceTo(i + word[0].length);
      continue;
    }
    const num = /^(0x[0-9a-fA-F]+|[0-9]+)/.exec(text.slice(i, i + 40));
    if (num) {
      tokens.push({ kind: "number", text: num[0], span: span(i, i + num[0].length) });
      advanceTo(i + num[0].length);
      continue;
    }
    const p = PUNCTS.find((q) => text.startsWith(q, i));
    if (!p) return { bad: span(i, i + 1), why: `unexpected character '${c}'` };
    if (p === "{") depth++;
    if (p === "}") depth = Math.max(0, depth - 1);
    tokens.push({ kind: "punct", text: p, span: span(i, i + p.length) });
    advanceTo(i + p.length);
  }
  tokens.push({ kind: "eof", text: "end of file", span: span(i, i) });
  return { tokens };
}
