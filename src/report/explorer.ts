// The state explorer's model side: the states a user has reached, by number, and what the page
// shows of one: its variables (what the step into it changed highlighted), every invariant
// evaluated in it (with its parts when false), and every enabled step of every process instance
// with the state it leads to and what it changes. It drives the same Model interface the engines
// use, so a step here is the step the checker takes. In: a Model (and a replayed trace). Out:
// plain data with HTML pieces rendered by panels.ts, which the server sends as JSON.
//
// Bounded on purpose: a page can ask only for states the explorer handed out, by number, and the
// explorer keeps at most `maxStates` of them, so no request makes it compute or store without end.

import { ModelError, type Model, type Transition } from "../model/model.js";
import type { Trace } from "../engines/result.js";
import { diffStates, formatValue } from "../trace/values.js";
import { laneName } from "../trace/format.js";
import { formulaParts, stateTable } from "./panels.js";
import { partRows, stateRows } from "./report-data.js";

/** The most states one explorer keeps (each a few hundred bytes): about the paths a person clicks. */
export const MAX_EXPLORER_STATES = 200_000;
/** The most successors of one state a page is sent. */
export const MAX_SUCCESSORS = 1_000;

/** One enabled step of the shown state. */
export interface SuccessorView {
  /** The state it leads to, or -1 when the step fails (an assert or a runtime error). */
  id: number;
  /** `Reader[1]`, `Writer`, an action's name. */
  instance: string;
  label: string;
  where: string;
  file: string;
  line: number;
  /** What it would change, `path: old -> new`; for a failing step, its error. */
  changes: string[];
  fails?: string;
}

/** What the page shows of one state. */
export interface StateView {
  id: number;
  html: string;
  invariants: { name: string; holds: boolean; error?: string; html: string }[];
  successors: SuccessorView[];
  /** More successors than were sent. */
  more: number;
  /** No step enabled: `deadlock` unless every process finished. */
  end?: "deadlock" | "finished";
  waiting: string[];
}

/** Thrown for a request the explorer will not serve: an unknown state (404), too many states (503). */
export class ExplorerLimit extends Error {
  constructor(
    message: string,
    readonly status = 404,
  ) {
    super(message);
  }
}

export class Explorer {
  private readonly states: Int32Array[] = [];
  private readonly ids = new Map<string, number>();
  private readonly packed: Uint32Array;

  constructor(
    readonly model: Model,
    private readonly maxStates = MAX_EXPLORER_STATES,
  ) {
    this.packed = new Uint32Array(Math.max(1, model.packedWords));
  }

  /** The number of a state, storing it if new. */
  private idOf(slots: Int32Array): number {
    this.model.pack(slots, this.packed, 0);
    const key = Buffer.from(this.packed.buffer, 0, this.model.packedWords * 4).toString("base64");
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.states.length >= this.maxStates)
      throw new ExplorerLimit(
        `the explorer keeps at most ${this.maxStates} states: restart it to go on`,
        503,
      );
    this.states.push(slots.slice());
    this.ids.set(key, this.states.length - 1);
    return this.states.length - 1;
  }

  private stateOf(id: number): Int32Array {
    const s = Number.isInteger(id) ? this.states[id] : undefined;
    if (!s) throw new ExplorerLimit(`no state ${id}: states are numbered as the explorer hands them out`);
    return s;
  }

  /** The initial states, each with the variables that tell it from the others. */
  initial(): { id: number; summary: string }[] {
    const found: Int32Array[] = [];
    this.model.initialStates({ next: (slots) => void found.push(slots.slice()) });
    const shown = found.map((s) => this.model.show(s));
    return found.map((s, i) => {
      const differs = shown[i].filter(([name, v]) =>
        shown.some((other) => formatValue(other.find(([n]) => n === name)?.[1] ?? v) !== formatValue(v)),
      );
      const summary = differs.map(([n, v]) => `${n} = ${formatValue(v)}`).join(", ");
      return { id: this.idOf(s), summary: summary || "the only initial state" };
    });
  }

  /** The states of a replayed trace, by number, and its steps' labels and source lines. */
  traceIds(trace: Trace): { ids: number[]; steps: { label: string; file: string; line: number }[] } {
    if (!trace.initial) return { ids: [], steps: [] };
    return {
      ids: [trace.initial, ...trace.steps.map((s) => s.state)].map((s) => this.idOf(s)),
      steps: trace.steps.map((s) => {
        const info = this.model.steps[s.transition.step];
        return { label: this.model.describeTransition(s.transition), file: info.file, line: info.line };
      }),
    };
  }

  /** State `id` as the page shows it; `from` (a state before it) marks what changed. */
  view(id: number, from?: number): StateView {
    const model = this.model;
    const state = this.stateOf(id);
    const shown = model.show(state);
    const before = from === undefined ? undefined : model.show(this.stateOf(from));
    const vars = stateRows(shown, before);
    const successors: SuccessorView[] = [];
    let more = 0;
    const add = (slots: Int32Array, t: Transition) => {
      if (successors.length >= MAX_SUCCESSORS) return void more++;
      const info = model.steps[t.step];
      const after = model.show(slots);
      successors.push({
        id: this.idOf(slots),
        instance: laneName(model, t),
        label: model.describeTransition(t),
        where: `${info.file.split("/").pop()}:${info.line}`,
        file: info.file,
        line: info.line,
        changes: diffStates(shown, after).map(
          (c) => `${c.path}: ${c.before ? formatValue(c.before) : "(absent)"} -> ${formatValue(c.after)}`,
        ),
      });
    };
    try {
      model.successors(state, { next: add });
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      const t = e.transition;
      const info = t ? model.steps[t.step] : undefined;
      successors.push({
        id: -1,
        instance: t ? laneName(model, t) : "",
        label: t ? model.describeTransition(t) : "a step",
        where: info ? `${info.file.split("/").pop()}:${info.line}` : "",
        file: info?.file ?? "",
        line: e.line,
        changes: [],
        fails: `${e.errorKind === "assert" ? "assert failed" : "runtime error"}: ${e.message} (${e.file.split("/").pop()}:${e.line})`,
      });
    }
    const end = successors.length ? undefined : model.allFinished(state) ? "finished" : "deadlock";
    return {
      id,
      html: stateTable(vars),
      invariants: this.invariants(state),
      successors,
      more,
      ...(end ? { end } : {}),
      waiting: end === "deadlock" ? this.waiting(state) : [],
    };
  }

  /** What each stuck instance waits on, in words. */
  private waiting(state: Int32Array): string[] {
    return this.model
      .waiting(state)
      .map(
        (w) =>
          `${w.instance} waits at step ${w.step}${w.line ? ` (${w.file?.split("/").pop() ?? "line"}:${w.line})` : ""}`,
      );
  }

  /** Each invariant's value in `state`: from its explanation (the formula itself is its first
   *  part), else from firstViolatedInvariant, which tells only about the invariants up to the first false one. */
  private invariants(state: Int32Array): StateView["invariants"] {
    const model = this.model;
    let first: number;
    let firstError: string | undefined;
    try {
      first = model.firstViolatedInvariant(state);
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      first = -2;
      firstError = e.message;
    }
    return model.invariantNames.map((name, i) => {
      const parts = model.explainInvariant?.(name, state) ?? [];
      const top = parts[0]?.value;
      let holds: boolean;
      let error: string | undefined;
      if (typeof top === "boolean") holds = top;
      else if (typeof top === "string") [holds, error] = [false, top];
      else if (first === -2) [holds, error] = [false, firstError];
      else holds = first === -1 || first > i;
      const html = holds ? "" : formulaParts(partRows(parts));
      return { name, holds, ...(error ? { error } : {}), html };
    });
  }
}
