// Alignment where the author aligned: the `{` of consecutive one-line steps and checks, and the
// trailing comments of consecutive lines. A run of lines is aligned when, in the source, its marks
// stood in one column; the formatter then keeps them in one column (the author's, or further right
// when the code grew), so re-formatting changes nothing. In: laid-out lines. Out: text.

import type { Line } from "./layout.js";

const INDENT = "  ";
/** At least this many spaces before a trailing comment. */
const COMMENT_GAP = 2;

/** Renders `lines` as text, ending with one line break. */
export function renderLines(lines: Line[]): string {
  alignBraces(lines);
  const codes = lines.map((l) => (l.code === "" ? "" : INDENT.repeat(l.indent) + l.code));
  for (const run of runs(lines, (l) => l.comment?.column)) {
    const widest = Math.max(...run.map((i) => lastLineWidth(codes[i])));
    const column = Math.max(lines[run[0]].comment!.column, widest + COMMENT_GAP);
    for (const i of run) {
      const code = codes[i];
      const pad = code === "" ? INDENT.repeat(lines[i].indent) : " ".repeat(column - lastLineWidth(code));
      codes[i] = code + pad + lines[i].comment!.text;
    }
  }
  return codes.map((c) => c.trimEnd()).join("\n") + "\n";
}

/**
 * Pads the names of one-line steps and checks so their `{` stay in one column: a run of such lines
 * is aligned when most of its braces (at least two) stood in one column in the source.
 */
function alignBraces(lines: Line[]): void {
  for (const run of runs(lines, (l) => (l.brace ? 0 : undefined))) {
    const columns = new Map<number, number>();
    for (const i of run) columns.set(lines[i].brace!.column, (columns.get(lines[i].brace!.column) ?? 0) + 1);
    const most = Math.max(...columns.values());
    if (most < 2 || most * 2 <= run.length || !run.some((i) => lines[i].brace!.padded)) continue;
    const widest = Math.max(...run.map((i) => lines[i].brace!.at));
    for (const i of run) {
      const { at } = lines[i].brace!;
      lines[i].code =
        lines[i].code.slice(0, at) + " ".repeat(widest - at + 1) + lines[i].code.slice(at).trimStart();
    }
  }
}

/** Maximal runs of consecutive lines whose `key` is defined and equal. */
function runs(lines: Line[], key: (l: Line) => number | undefined): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  let last: number | undefined;
  lines.forEach((l, i) => {
    if (l.commentOnly) return; // a comment line between two aligned lines keeps the run going
    const k = key(l);
    if (k === undefined || k !== last) {
      if (run.length) out.push(run);
      run = [];
    }
    if (k !== undefined) run.push(i);
    last = k;
  });
  if (run.length) out.push(run);
  return out;
}

function lastLineWidth(code: string): number {
  return code.length - (code.lastIndexOf("\n") + 1);
}
