// What an HTML report shows, as plain data built from what a command already has: each check's
// verdict and text report, and for a violation the counterexample's states, its lanes (the cells
// of trace/lanes.ts), the why-panel (trace/format.ts, trace/why-liveness.ts) and the profile of the
// search. In: the model and results of `check` or `simulate`. Out: ReportData, which report-page.ts
// renders. Nothing here prints or writes.

import type { ExplainedPart, Model, ShownValue } from "../model/model.js";
import type { SearchProfile, Trace, Violation } from "../engines/result.js";
import { breakingParts, describeViolation, explainViolation, formatStuck } from "../trace/format.js";
import { laneCells, type LaneCell } from "../trace/lanes.js";
import { formatValue, sameValue } from "../trace/values.js";
import { cycleStateCount, describeMover, explainLasso } from "../trace/why-liveness.js";

/** One check as the command ran it. */
export interface ReportCheck {
  name: string;
  /** `met`, `NOT MET`, `INCONCLUSIVE`. */
  status: string;
  /** `violation Mutex`, `ok`. */
  expected: string;
  /** The command's own text report of the check, as it prints it. */
  text: string;
  model?: Model;
  violation?: Violation;
  profile?: SearchProfile;
}

/** What the command knows besides its checks. */
export interface ReportInput {
  command: "check" | "simulate";
  /** The spec file as given on the command line. */
  file: string;
  /** Source text of every file the spec loaded, by the name the model's steps use. */
  sources: ReadonlyMap<string, string>;
  checks: ReportCheck[];
}

/** A state of the counterexample: every variable, and which of them the step into it changed. */
export interface ReportState {
  vars: { name: string; value: string; before?: string; changed: boolean }[];
}

/** One step of the counterexample: its lane cell, and the source file and line to highlight. */
export interface ReportStep extends LaneCell {
  file: string;
  line: number;
  label: string;
}

/** A violation ready to draw. */
export interface ReportViolation {
  heading: string;
  kind: Violation["kind"];
  lanes: string[];
  steps: ReportStep[];
  /** State 0 (initial) to the last; a failing step adds none. */
  states: ReportState[];
  cycleStart?: number;
  /** Invariant: each sub-formula with its value and whether it breaks the invariant. */
  /** `binding`: a `for x = v:` or `with v = ...:` line, which has no value of its own. */
  why: { text: string; depth: number; value: string; breaks: boolean; binding: boolean }[];
  /** Liveness: each instance that could move in the cycle. */
  cycle: { instance: string; fair: boolean; says: string }[];
  /** Deadlock: what waits on what, as the text report prints it. */
  stuck: string[];
}

/** The profile of a search: states per depth, and the steps that reached most new states. */
export interface ReportProfile {
  levels: number[];
  steps: { label: string; where: string; newStates: number }[];
}

export interface ReportData {
  command: string;
  file: string;
  sources: { file: string; text: string }[];
  checks: {
    name: string;
    status: string;
    expected: string;
    text: string;
    violation?: ReportViolation;
    profile?: ReportProfile;
  }[];
}

/** The report of a command's checks. */
export function reportData(input: ReportInput): ReportData {
  const wanted = new Set<string>([input.file]);
  const checks = input.checks.map((c) => {
    const violation = c.model && c.violation ? violationData(c.model, c.violation) : undefined;
    for (const s of violation?.steps ?? []) wanted.add(s.file);
    return {
      name: c.name,
      status: c.status,
      expected: c.expected,
      text: c.text,
      ...(violation ? { violation } : {}),
      ...(c.model && c.profile ? { profile: profileData(c.model, c.profile) } : {}),
    };
  });
  const sources = [...wanted].flatMap((file) => {
    const text = input.sources.get(file);
    return text === undefined ? [] : [{ file, text }];
  });
  return { command: input.command, file: input.file, sources, checks };
}

function statesOf(model: Model, trace: Trace): ReportState[] {
  if (!trace.initial) return [];
  const shown = [trace.initial, ...trace.steps.map((s) => s.state)].map((s) => model.show(s));
  return shown.map((state, i) => stateRows(state, i === 0 ? undefined : shown[i - 1]));
}

/** A state's variables as rows; with the state before it, those that differ marked, with their old value. */
export function stateRows(state: [string, ShownValue][], before?: [string, ShownValue][]): ReportState {
  const old = new Map(before ?? []);
  return {
    vars: state.map(([name, value]) => {
      const was = old.get(name);
      const changed = before !== undefined && (was === undefined || !sameValue(was, value));
      return {
        name,
        value: formatValue(value),
        changed,
        ...(changed && was ? { before: formatValue(was) } : {}),
      };
    }),
  };
}

function violationData(model: Model, v: Violation): ReportViolation {
  const trace = v.trace;
  const shown = trace.initial
    ? [trace.initial, ...trace.steps.map((s) => s.state)].map((s) => model.show(s))
    : [];
  const { lanes, cells } = trace.initial ? laneCells(model, trace, shown) : { lanes: [], cells: [] };
  const transitions = [
    ...trace.steps.map((s) => s.transition),
    ...(trace.failingStep ? [trace.failingStep] : []),
  ];
  const steps = cells.map((cell, i) => {
    const info = model.steps[transitions[i].step];
    return { ...cell, file: info.file, line: info.line, label: model.describeTransition(transitions[i]) };
  });
  const n = cycleStateCount(trace);
  return {
    heading: describeViolation(v),
    kind: v.kind,
    lanes,
    steps,
    states: statesOf(model, trace),
    ...(trace.cycleStart !== undefined ? { cycleStart: trace.cycleStart } : {}),
    why: partRows(explainViolation(model, v)),
    cycle: explainLasso(model, trace).map((m) => ({
      instance: m.instance,
      fair: m.fair,
      says: describeMover(m, n),
    })),
    stuck: v.kind === "deadlock" ? formatStuck(model, trace, "") : [],
  };
}

/** An invariant's parts as the why-panel lists them: value as text, the atoms that break it marked. */
export function partRows(parts: readonly ExplainedPart[]): ReportViolation["why"] {
  const breaks = breakingParts(parts);
  return parts.map((p, i) => ({
    text: p.text,
    depth: p.depth,
    value: typeof p.value === "string" ? `error: ${p.value}` : String(p.value),
    breaks: breaks[i],
    binding: p.op === "for",
  }));
}

/** The twenty steps that reached most new states, and the states per depth. */
function profileData(model: Model, p: SearchProfile): ReportProfile {
  const steps = p.stepNewStates
    .map((newStates, i) => {
      const info = model.steps[i];
      const label = info.kind === "action" ? info.name : `${info.owner} ${info.name}`;
      return { label, where: `${info.file.split("/").pop()}:${info.line}`, newStates };
    })
    .sort((a, b) => b.newStates - a.newStates)
    .slice(0, 20);
  return { levels: p.levelStates.slice(), steps };
}
