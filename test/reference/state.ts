// The reference interpreter's state and the machinery one step runs on. In: nothing but plain
// values. Out: the State shape (globals, and per process instance its program counter, locals and
// call stack), persistent reads and writes along a path, and the choice oracle that enumerates a
// step's nondeterministic paths by re-running it. States are never mutated: a write copies the
// containers along its path, so values bound by `let` can never change behind the reader's back.

import { canonical, RefError, runtimeError, type Value } from "./values.js";

/** A running proc: where it returns to, and its parameters and locals. */
export interface Frame {
  proc: string;
  /** The program counter to resume at when the proc returns. */
  ret: string;
  vars: Record<string, Value>;
}

/** One process instance: `pc` is a body step name, `proc.step` inside a proc, or DONE. */
export interface Instance {
  pc: string;
  locals: Record<string, Value>;
  /** Innermost frame last; empty while the instance runs its own body. */
  stack: Frame[];
}

export interface State {
  globals: Record<string, Value>;
  /** Instances of each process in index order. */
  processes: Record<string, Instance[]>;
}

export const DONE = "done";

/** The key of a state in the visited set: structurally equal states have equal keys. */
export function stateKey(s: State): string {
  return canonical(s);
}

export type PathKey = string | number | Value;

/** Reads the value at `path` below `root`; a map key outside the map's domain is a runtime error. */
export function getIn(root: unknown, path: readonly PathKey[]): Value {
  let x: unknown = root;
  for (const k of path) x = child(x, k);
  return x as Value;
}

/** A copy of `root` with the value at `path` replaced. */
export function setIn<T>(root: T, path: readonly PathKey[], v: Value): T {
  if (path.length === 0) return v as T;
  const [k, ...rest] = path;
  const x = root as unknown;
  if (x instanceof Map) {
    if (!x.has(k)) runtimeError(`map index ${canonical(k)} is outside its domain`);
    return new Map(x).set(k, setIn(x.get(k), rest, v)) as T;
  }
  if (Array.isArray(x)) {
    const copy = x.slice();
    copy[k as number] = setIn(copy[k as number], rest, v);
    return copy as T;
  }
  const obj = x as Record<string, unknown>;
  return { ...obj, [k as string]: setIn(obj[k as string], rest, v) } as T;
}

function child(x: unknown, k: PathKey): unknown {
  if (x instanceof Map) {
    if (!x.has(k)) runtimeError(`map index ${canonical(k)} is outside its domain`);
    return x.get(k);
  }
  return (x as Record<string | number, unknown>)[k as string | number];
}

// ---------------------------------------------------------------------------------------------
// Control flow of one run of a step, as exceptions: they unwind the tree walk to where it is handled.

/** The current path has no successor (a false `await`, a `choose` over an empty set). */
export class Disabled {}
/** `goto`, `call` or `return` ended the step; the program counter is already set. */
export class EndStep {}
/** A macro's `return`, caught at its call. */
export class MacroReturn {
  constructor(readonly value: Value | undefined) {}
}

/**
 * Replays a step's earlier choices and takes the first option at every new choice point, recording
 * how many options each had; `enumeratePaths` then schedules every sibling. A step is a pure
 * function of (state, choices), so re-running it is the simplest correct way to branch.
 */
export class Oracle {
  readonly taken: number[] = [];
  readonly counts: number[] = [];
  constructor(private readonly prefix: readonly number[]) {}

  /** The option taken among `n` at this choice point; no options means no successor. */
  pick(n: number): number {
    if (n === 0) throw new Disabled();
    const i = this.taken.length;
    const c = i < this.prefix.length ? this.prefix[i] : 0;
    this.taken.push(c);
    this.counts.push(n);
    return c;
  }
}

export type PathOutcome<T> = { ok: T } | { error: RefError };

/** Runs `body` once per nondeterministic path; disabled paths give nothing, failing ones an error. */
export function enumeratePaths<T>(body: (oracle: Oracle) => T): PathOutcome<T>[] {
  const out: PathOutcome<T>[] = [];
  const pending: number[][] = [[]];
  while (pending.length) {
    const prefix = pending.shift()!;
    const oracle = new Oracle(prefix);
    try {
      out.push({ ok: body(oracle) });
    } catch (e) {
      if (e instanceof RefError) out.push({ error: e });
      else if (!(e instanceof Disabled)) throw e;
    }
    for (let i = prefix.length; i < oracle.taken.length; i++)
      for (let c = 1; c < oracle.counts[i]; c++) pending.push([...oracle.taken.slice(0, i), c]);
  }
  return out;
}
