// The typed tree: what the type checker hands to lowering and code generation. Names are resolved
// (a global variable, a process local, a bound variable...), constants are folded to literals,
// every expression carries its type, and macro calls carry their body checked at that call site
// (macros are inlined, so `self` and by-reference parameters take the caller's meaning).

import type { Span } from "../diagnostics/diagnostic.js";
import type { Type } from "../model/types.js";
import type { Fairness, Quantifier } from "../ast/ast.js";

export interface TBinder {
  id: number;
  name: string;
  /** A set-typed expression (a range, a type used as a set, a set value). */
  domain: TExpr;
  elemType: Type;
}

export type TExprKind =
  | { k: "lit"; value: number | boolean }
  | { k: "none" }
  | { k: "global"; name: string }
  /** A process local; `instance` null means the running instance (`self`). */
  | { k: "local"; process: string; name: string; instance: TExpr | null }
  /** A proc parameter or local of the running instance. */
  | { k: "frame"; proc: string; name: string }
  /** A let, quantifier, choose, action parameter or map-literal variable, or a fn parameter. */
  | { k: "bound"; id: number; name: string }
  /** A macro parameter: replaced at inlining by the caller's argument. */
  | { k: "param"; id: number; name: string }
  /** The running instance's index: `self`, or the array's index name (`name`) as written. */
  | { k: "self"; name?: string }
  | { k: "not"; e: TExpr }
  | { k: "neg"; e: TExpr }
  | { k: "arith"; op: "+" | "-" | "*" | "/" | "%"; a: TExpr; b: TExpr }
  | { k: "cmp"; op: "<" | "<=" | ">" | ">="; a: TExpr; b: TExpr }
  | { k: "eq"; negated: boolean; a: TExpr; b: TExpr }
  | { k: "logic"; op: "&&" | "||" | "=>"; a: TExpr; b: TExpr }
  | { k: "in"; elem: TExpr; set: TExpr }
  | { k: "setop"; op: "union" | "intersect" | "minus"; a: TExpr; b: TExpr }
  /** `lo..hi` as a set value. */
  | { k: "range"; lo: TExpr; hi: TExpr }
  | { k: "ite"; c: TExpr; a: TExpr; b: TExpr }
  | { k: "let"; id: number; name: string; value: TExpr; body: TExpr }
  | { k: "quant"; q: Quantifier; binders: TBinder[]; body: TExpr }
  | { k: "pick"; binder: TBinder; pred: TExpr }
  /** `fold acc: T = base, x in S: body`; the type is T, `acc` a bound name of id `accId`. */
  | { k: "fold"; accId: number; acc: string; base: TExpr; binder: TBinder; body: TExpr }
  | { k: "setLit"; elems: TExpr[] }
  | { k: "setFilter"; binder: TBinder; pred: TExpr }
  | { k: "setMap"; binder: TBinder; body: TExpr }
  | { k: "seqLit"; elems: TExpr[] }
  /** Fields in the order of the record type. */
  | { k: "record"; fields: TExpr[] }
  | { k: "field"; target: TExpr; index: number }
  | { k: "mapLit"; binder: TBinder; body: TExpr }
  | { k: "index"; target: TExpr; key: TExpr }
  /** `[K -> S]` as a map variable's initial values: one map per choice of an element of S for
   *  each key (the keys are K's values, every key of the map's type, as literals). */
  | { k: "fnSet"; keys: TExpr[]; codomain: TExpr }
  /** `e'`: e evaluated in the next state of a step (only in an action property). */
  | { k: "prime"; e: TExpr }
  | { k: "some"; e: TExpr }
  | { k: "the"; e: TExpr }
  | {
      k: "builtin";
      fn:
        | "card"
        | "min"
        | "max"
        | "minSet"
        | "maxSet"
        | "len"
        | "head"
        | "tail"
        | "append"
        | "concat"
        | "subseq"
        | "remove_at"
        | "subsets";
      args: TExpr[];
    }
  | { k: "fnCall"; fn: string; args: TExpr[] }
  | { k: "macroCall"; call: TMacroCall }
  /** `P at s` / `P[i] at s`: `instance` null for a single-instance process. */
  | { k: "at"; process: string; instance: TExpr | null; step: string };

export type TExpr = TExprKind & { type: Type; span: Span };

export interface TMacroParam {
  id: number;
  name: string;
  type: Type;
  /** By reference when the argument is a state location; otherwise a read-only value. */
  byRef: boolean;
}

export interface TMacroCall {
  macro: string;
  params: TMacroParam[];
  args: TExpr[];
  body: TStmt[];
  resultType?: Type;
  span: Span;
}

export type TStmtKind =
  | { k: "assign"; target: TExpr; value: TExpr }
  | { k: "let"; id: number; name: string; value: TExpr }
  | { k: "if"; cond: TExpr; then: TStmt[]; else: TStmt[] }
  | { k: "await"; cond: TExpr }
  | { k: "assert"; cond: TExpr; message: string }
  | { k: "either"; branches: TStmt[][] }
  | { k: "choose"; binder: TBinder; body: TStmt[] }
  | { k: "while"; cond: TExpr; body: TStmt[] }
  | { k: "goto"; step: string }
  /** A proc call. `then` is where the proc returns to: the next step, a `goto` target, or the caller's own return point (`call p(); return`). */
  | {
      k: "call";
      proc: string;
      args: TExpr[];
      then: { kind: "next" } | { kind: "goto"; step: string } | { kind: "tail" };
      /** `x = call p(args)`: where the proc's result goes, a location of the caller. */
      target?: TExpr;
    }
  /** A return from a proc (macro returns are `macroReturn`), with the result of a proc that has one. */
  | { k: "return"; value?: TExpr }
  | { k: "macroReturn"; value?: TExpr }
  | { k: "macroStmt"; call: TMacroCall };

export type TStmt = TStmtKind & { span: Span };

export interface TStep {
  name: string;
  /** `fair step` / `strong fair step`. */
  fairness?: Fairness;
  body: TStmt[];
  span: Span;
}

export interface TVar {
  name: string;
  type: Type;
  init: TExpr;
  /** `in S`: one initial state per element of init (a set). */
  initIn: boolean;
  span: Span;
}

export interface TProc {
  name: string;
  params: { name: string; type: Type }[];
  /** `proc p(...): R`: the type of the value its `return e` gives back. */
  result?: Type;
  locals: TVar[];
  steps: TStep[];
  span: Span;
}

export interface TProcess {
  name: string;
  /** Index values (`Reader[r in 1..3]` → [1, 2, 3]); a single instance has none. */
  indexed: boolean;
  indexType: Type;
  indexValues: number[];
  indexBinder?: { id: number; name: string };
  fair: boolean;
  strong?: boolean;
  symmetric: boolean;
  guard?: TExpr;
  /** `process P at {s, t}`: the steps (or `done`) each instance may start at; absent: its first. */
  startsAt?: string[];
  locals: TVar[];
  steps: TStep[];
  /** Procs this process may call (directly or through other procs), checked in its context. */
  procs: TProc[];
  /** `interrupt H on` this process: handlers its instances may take between two steps. */
  interrupts?: TInterrupt[];
  span: Span;
}

/** A handler: its steps run on the interrupted instance (`self`, its locals), whose own steps wait. */
export interface TInterrupt {
  name: string;
  /** `when e`: the interrupt may arrive only while e holds and `irq_depth` is 0. */
  guard?: TExpr;
  steps: TStep[];
  span: Span;
}

export interface TAction {
  name: string;
  /** `fair action` / `strong fair action`: WF/SF of the action, all parameter values together. */
  fairness?: Fairness;
  params: TBinder[];
  /** `fair action A(each p in S)`: positions of the parameters whose values are each fair. */
  each?: number[];
  body: TStmt[];
  span: Span;
}

export interface TFn {
  name: string;
  params: { id: number; name: string; type: Type }[];
  result: Type;
  body: TExpr;
}

/**
 * A temporal property in one of the forms the checker supports: `P ~> Q` (and `always eventually
 * Q`, which is `true ~> Q`), `eventually Q` from the initial states, and `always Q`.
 */
export interface TProperty {
  name: string;
  /** `step`: `always [A]_v`, a relation between a step's old and new state (`rhs` may use `x'`). */
  kind: "leadsTo" | "eventually" | "always" | "stable" | "persistent" | "step";
  /** The premise: of a leads-to (`true` for `always eventually`), of `P => eventually Q` (in the
   *  initial state), of `always (P => always Q)` and `P => always Q` (stable). */
  lhs?: TExpr;
  /** Whether the premise is evaluated in the initial state only (`P => eventually Q`). */
  initial?: boolean;
  rhs: TExpr;
  span: Span;
}

export interface CheckedSpec {
  name: string;
  file: string;
  consts: Map<string, number | boolean>;
  vars: TVar[];
  fns: TFn[];
  processes: TProcess[];
  actions: TAction[];
  invariants: { name: string; body: TExpr; span: Span }[];
  properties: TProperty[];
  constraints: { name: string; body: TExpr; span: Span }[];
  /** The `init` blocks' statements, run once on the initial values. */
  init?: TStmt[];
  /** `refines` declarations: the abstract specs this one implements, with its refinement mappings. */
  refinements?: TRefinement[];
  /** The `symmetric type`, whose values symmetry reduction renames everywhere in a state. */
  symmetricType?: { name: string; type: Type };
}

/** `refines Abs in "path" with { v = e }`, each `e` typed in this spec (checks/refinement.ts
 *  matches the entries with the abstract spec's variables and constants). */
export interface TRefinement {
  name: string;
  nameSpan: Span;
  /** The abstract spec's file as written, relative to `file`. */
  path: string;
  pathSpan: Span;
  /** The file that declares the refinement. */
  file: string;
  entries: { name: string; nameSpan: Span; expr: TExpr }[];
  span: Span;
}
