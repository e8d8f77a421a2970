// Diagnostics as data. Every phase returns a list of these instead of throwing on a user's
// mistake; one renderer (render.ts) turns them into text or JSON. Each code is a key of the
// registry in codes.ts, which says what it reports.

import type { DiagnosticCode } from "./codes.js";

/** A region of a source file. Offsets are 0-based and `end` is exclusive; line and col are 1-based. */
export interface Span {
  file: string;
  start: number;
  end: number;
  line: number;
  col: number;
}

export interface RelatedSpan {
  message: string;
  span: Span;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span?: Span;
  /** The file a diagnostic without a span is about (one that cannot be read, say), as shown. */
  file?: string;
  related?: RelatedSpan[];
  /** What to do about it, when the checker can tell: "did you mean 'current'?", "add 'import locks'". */
  hint?: string;
}

/** Builds an error diagnostic. */
export function error(
  code: DiagnosticCode,
  message: string,
  span?: Span,
  related?: RelatedSpan[],
): Diagnostic {
  return { code, severity: "error", message, span, related };
}

/** The diagnostic with a hint added (after any it already has). */
export function withHint(d: Diagnostic, hint: string | undefined): Diagnostic {
  if (!hint) return d;
  return { ...d, hint: d.hint ? `${d.hint}; ${hint}` : hint };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** A span covering `a` through `b` (both in the same file). */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: a.start, end: Math.max(a.end, b.end), line: a.line, col: a.col };
}
