// Turns diagnostics into what a person or a script reads: `file:line:col: error[CODE]: message`,
// the source line and a caret under the span, related places as notes, and the hint as a last
// `= help: ...` line; or JSON. The only place diagnostics become text.

import type { Diagnostic, Span } from "./diagnostic.js";

/** Looks up source text by file name, so the renderer can quote the offending line. */
export type SourceLookup = (file: string) => string | undefined;

/** Renders diagnostics as text, each with its source line and a caret under the span. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: SourceLookup): string {
  return diagnostics.map((d) => renderOne(d, sources)).join("\n");
}

function renderOne(d: Diagnostic, sources: SourceLookup): string {
  const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : d.file ? `${d.file}: ` : "";
  const lines = [`${where}${d.severity}[${d.code}]: ${d.message}`];
  if (d.span) lines.push(...quote(d.span, sources));
  for (const r of d.related ?? []) {
    lines.push(`  ${r.span.file}:${r.span.line}:${r.span.col}: note: ${r.message}`);
    lines.push(...quote(r.span, sources).map((l) => "  " + l));
  }
  if (d.hint) lines.push(`  = help: ${d.hint}`);
  return lines.join("\n") + "\n";
}

function quote(span: Span, sources: SourceLookup): string[] {
  const text = sources(span.file);
  if (text === undefined) return [];
  const lineText = sourceLine(text, span.line);
  if (lineText === undefined) return [];
  const shown = lineText.replace(/\t/g, " ");
  const width = Math.max(1, Math.min(span.end - span.start, shown.length - (span.col - 1)));
  const gutter = String(span.line).length;
  return [
    `${" ".repeat(gutter)} |`,
    `${span.line} | ${shown.slice(0, 300)}`,
    `${" ".repeat(gutter)} | ${" ".repeat(Math.max(0, span.col - 1))}${"^".repeat(Math.min(width, 300))}`,
  ];
}

function sourceLine(text: string, line: number): string | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = text.indexOf("\n", start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, "");
}

/** Diagnostics as plain JSON objects (one per diagnostic), for `--json`. */
export function diagnosticsToJson(diagnostics: readonly Diagnostic[]): object[] {
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.span ? { file: d.span.file, line: d.span.line, col: d.span.col, span: d.span } : {}),
    ...(!d.span && d.file ? { file: d.file } : {}),
    ...(d.related?.length ? { related: d.related } : {}),
    ...(d.hint ? { hint: d.hint } : {}),
  }));
}
