// Prints a counterexample as kernel developers draw a race: one column per process instance (or
// action) that moved, time going down, each step in its own column with its file:line and the
// variables it changed, the violation at the bottom. Plain ASCII that fits `width` columns (cells
// wrap), so it can be pasted into a mail or a commit message as it is. The initial state comes
// first, in full. Used by `check`, `simulate` and `replay` with `--trace lanes`.

import { formatRefinementTrace } from "./refinement.js";
import type { Model, ShownValue, Transition } from "../model/model.js";
import type { Trace, Violation } from "../engines/result.js";
import { traceLength } from "../engines/result.js";
import { describeViolation, formatState, formatStuck, formatTrace, formatWhy, laneName } from "./format.js";
import { diffStates, formatValue } from "./values.js";
import { formatLassoWhy } from "./why-liveness.js";

/** How counterexamples print: step by step (format.ts), or as lanes. */
export type TraceStyle = "steps" | "lanes";

/** A violation's counterexample in `style`, and for a deadlock what waits on what. */
export function formatCounterexample(model: Model, v: Violation, style: TraceStyle): string[] {
  if (v.refinement) return formatRefinementTrace(model, v);
  const lines =
    style === "lanes" ? formatLanes(model, v.trace, describeViolation(v)) : formatTrace(model, v.trace);
  if (v.kind === "deadlock") lines.push(...formatStuck(model, v.trace));
  lines.push(...formatWhy(model, v));
  if (v.kind === "liveness") lines.push(...formatLassoWhy(model, v.trace));
  return lines;
}

/** The default width of the diagram, in characters. */
export const LANES_WIDTH = 100;

/** The column a transition runs in (`Reader[1]`, `Munmap`, an action's name) and its cell title. */
function laneOf(model: Model, t: Transition): { lane: string; title: string } {
  const described = model.describeTransition(t);
  if (model.steps[t.step].kind === "action") return { lane: laneName(model, t), title: described };
  const lane = laneName(model, t);
  return { lane, title: described.startsWith(`${lane} `) ? described.slice(lane.length + 1) : described };
}

/** The index of the first step its owner (process or action) declares: the owner's place in the spec. */
function firstStepOf(model: Model, step: number): number {
  const owner = model.steps[step].owner;
  return model.steps.findIndex((s) => s.owner === owner);
}

/** `text` cut into pieces of at most `width` characters, later pieces indented by two. */
function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const pieces = [text.slice(0, width)];
  for (let at = width; at < text.length; at += width - 2) pieces.push(`  ${text.slice(at, at + width - 2)}`);
  return pieces;
}

/** One step of a counterexample in its lane: the cell's title, its file:line and what it changed. */
export interface LaneCell {
  lane: string;
  title: string;
  /** `file.vmaspec:12` (the file's base name). */
  where: string;
  /** `path: old -> new`, minus the lane's own program counter; its own locals without its name. */
  changes: string[];
  /** The failing step of an assert or runtime error: it has no post-state. */
  fails: boolean;
}

/** The lanes (columns in the spec's order) and the cells of a trace, one per step; `shown` is
 *  model.show of the initial state and of each step's state. Used by the text diagram and the HTML report. */
export function laneCells(
  model: Model,
  trace: Trace,
  shown: [string, ShownValue][][],
): { lanes: string[]; cells: LaneCell[] } {
  const transitions = [
    ...trace.steps.map((s) => s.transition),
    ...(trace.failingStep ? [trace.failingStep] : []),
  ];
  const ordered = transitions.map((t, i) => {
    const { lane, title } = laneOf(model, t);
    const info = model.steps[t.step];
    const changes: string[] = [];
    if (i < trace.steps.length) {
      // The lane's own program counter moving is the step itself: not worth a line. Its own
      // locals print without the lane's name in front.
      const own = `${lane}.`;
      for (const c of diffStates(shown[i], shown[i + 1])) {
        if (c.path === `${own}pc`) continue;
        const path = c.path.startsWith(own) ? c.path.slice(own.length) : c.path;
        changes.push(`${path}: ${c.before ? formatValue(c.before) : "(absent)"} -> ${formatValue(c.after)}`);
      }
    }
    const cell: LaneCell = {
      lane,
      title,
      where: `${info.file.split("/").pop()}:${info.line}`,
      changes,
      fails: i >= trace.steps.length,
    };
    return { cell, order: [t.step < 0 ? 0 : firstStepOf(model, t.step), t.instance] };
  });
  // Columns in the spec's order: processes and actions as declared, instances by index.
  const lanes = [...new Map(ordered.map((c) => [c.cell.lane, c.order])).entries()]
    .sort(([, a], [, b]) => a[0] - b[0] || a[1] - b[1])
    .map(([lane]) => lane);
  return { lanes, cells: ordered.map((c) => c.cell) };
}

/** The counterexample as lanes; `violation` is the line printed under the last step. */
export function formatLanes(
  model: Model,
  trace: Trace,
  violation: string,
  indent = "  ",
  width = LANES_WIDTH,
  title = "Counterexample",
): string[] {
  const n = traceLength(trace);
  const lines = [`${indent}${title}: ${n} step${n === 1 ? "" : "s"}`];
  if (!trace.initial) {
    lines.push(`${indent}  (the error happens while computing the initial states, before any step)`);
    return lines;
  }
  const shown = [trace.initial, ...trace.steps.map((s) => s.state)].map((s) => model.show(s));
  lines.push(`${indent}State 0: initial state`);
  const nameWidth = Math.min(32, Math.max(...shown[0].map(([name]) => name.length)));
  lines.push(...formatState(shown[0], nameWidth, `${indent}    `));

  const { lanes, cells } = laneCells(model, trace, shown);
  const number = String(n).length + 1;
  const columnWidth = Math.max(
    12,
    Math.floor((width - indent.length - number - 2 * lanes.length) / lanes.length),
  );
  const row = (parts: string[], head = "") =>
    `${indent}${head.padEnd(number)}  ${parts.map((p) => p.padEnd(columnWidth)).join("  ")}`.trimEnd();

  lines.push("");
  lines.push(row(lanes.map((l) => wrap(l, columnWidth)[0])));
  lines.push(row(lanes.map(() => "-".repeat(columnWidth))));
  cells.forEach((cell, i) => {
    if (trace.cycleStart === i) lines.push(`${indent}-- the cycle starts here and returns to state ${i} --`);
    const column = lanes.indexOf(cell.lane);
    const text = [cell.title, cell.where, ...cell.changes, ...(cell.fails ? ["fails here"] : [])];
    const texts = text.flatMap((t, k) => wrap(k === 0 ? t : `  ${t}`, columnWidth));
    texts.forEach((t, k) => {
      const parts = lanes.map((_, j) => (j === column ? t : "|"));
      lines.push(row(parts, k === 0 ? String(i + 1) : ""));
    });
  });
  if (trace.cycleStart !== undefined && trace.cycleStart >= trace.steps.length)
    lines.push(`${indent}-- from here the behaviour stays in state ${trace.steps.length} forever --`);
  else if (trace.cycleStart !== undefined)
    lines.push(`${indent}-- back to state ${trace.cycleStart}: the cycle repeats forever --`);
  lines.push(
    `${indent}${"=".repeat(Math.min(width - indent.length, number + 2 + lanes.length * (columnWidth + 2) - 2))}`,
  );
  lines.push(`${indent}${violation}`);
  return lines;
}
