// Offsets in a text and the protocol's positions (line, UTF-16 character, both from 0), for files
// the editor has open and for the imports the server reads itself. Spans count offsets in
// JavaScript strings, which are UTF-16 too; the lines are found by the protocol library's own
// TextDocument.

import type { Position, Range } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Span } from "../diagnostics/diagnostic.js";

/** Documents by text: a few texts are live at a time (the open files and their imports). */
const cache = new Map<string, TextDocument>();

function documentOf(text: string): TextDocument {
  let doc = cache.get(text);
  if (!doc) {
    if (cache.size > 64) cache.clear();
    doc = TextDocument.create("vmaspec:text", "vmaspec", 0, text);
    cache.set(text, doc);
  }
  return doc;
}

/** The position of `offset` in `text`. */
export function positionAt(text: string, offset: number): Position {
  return documentOf(text).positionAt(offset);
}

/** The offset of `position` in `text`. */
export function offsetAt(text: string, position: Position): number {
  return documentOf(text).offsetAt(position);
}

/** The range of `span` in `text`. */
export function rangeOf(text: string, span: Span): Range {
  return { start: positionAt(text, span.start), end: positionAt(text, span.end) };
}
