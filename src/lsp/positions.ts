// Offsets in a text and the protocol's positions (line, UTF-16 character, both from 0). Spans
// count offsets in JavaScript strings, which are UTF-16 too, so only lines need finding.

import type { Position, Range } from "vscode-languageserver";
import type { Span } from "../diagnostics/diagnostic.js";

/** Line starts by text: a few texts are live at a time (the open files and their imports). */
const cache = new Map<string, number[]>();

function startsOf(text: string): number[] {
  let starts = cache.get(text);
  if (!starts) {
    starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
    if (cache.size > 64) cache.clear();
    cache.set(text, starts);
  }
  return starts;
}

/** The position of `offset` in `text`. */
export function positionAt(text: string, offset: number): Position {
  const starts = startsOf(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** The offset of `position` in `text`. */
export function offsetAt(text: string, position: Position): number {
  const starts = startsOf(text);
  const line = Math.min(Math.max(position.line, 0), starts.length - 1);
  return Math.min(starts[line] + position.character, text.length);
}

/** The range of `span` in `text`. */
export function rangeOf(text: string, span: Span): Range {
  return { start: positionAt(text, span.start), end: positionAt(text, span.end) };
}
