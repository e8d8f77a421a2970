// The abstract syntax tree: what the parser (grammar/ + src/ast/build.ts) produces and what name
// resolution and type checking read. Every node carries the span of its source text. Nothing here
// knows about types or layouts; those belong to later phases with their own trees.

import type { Span } from "../diagnostics/diagnostic.js";

export interface Ident {
  name: string;
  span: Span;
}

export interface SourceFileNode {
  kind: "file";
  header: { kind: "spec" | "module"; name: Ident; span: Span };
  imports: ImportNode[];
  decls: Decl[];
  span: Span;
}

export interface ImportNode {
  kind: "import";
  /** `import name` (from stdlib/) or `import "./path.vmaspec"` (relative to the importing file). */
  target: { kind: "stdlib"; name: string } | { kind: "path"; path: string };
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Declarations

export type Decl =
  | ConstDecl
  | TypeDecl
  | VarDecl
  | FnDecl
  | MacroDecl
  | ProcDecl
  | ActionDecl
  | ProcessDecl
  | InvariantDecl
  | PropertyDecl
  | ConstraintDecl
  | CheckDecl
  | InitDecl
  | InterruptDecl
  | RefinesDecl
  | MemoryDecl;

/** `memory sc` / `memory lkmm`: the memory model the spec's checks run under (docs/weak-memory.md). */
export interface MemoryDecl {
  kind: "memory";
  /** The model's name (`sc`, `lkmm`), as written. */
  name: Ident;
  span: Span;
}

export interface ConstDecl {
  kind: "const";
  name: Ident;
  value: Expr;
  span: Span;
}

export interface TypeDecl {
  kind: "type";
  name: Ident;
  type: TypeExpr;
  /** `symmetric type`: the type's values are interchangeable (a scalarset). */
  symmetric: boolean;
  span: Span;
}

/** `var x: T = e` (one initial value) or `var x: T in S` (one initial state per element of S). */
export interface VarDecl {
  kind: "var";
  name: Ident;
  type: TypeExpr;
  init: Expr;
  initIn: boolean;
  span: Span;
}

export interface Param {
  name: Ident;
  type: TypeExpr;
  span: Span;
}

/** `x in S`: a bound variable ranging over a set (quantifiers, action parameters, choose, ...). */
export interface Binder {
  name: Ident;
  domain: Expr;
  span: Span;
}

export interface FnDecl {
  kind: "fn";
  name: Ident;
  /** `override fn`: replaces the imported fn of this name. */
  override?: boolean;
  params: Param[];
  result: TypeExpr;
  body: Expr;
  span: Span;
}

export interface MacroDecl {
  kind: "macro";
  name: Ident;
  /** `override macro`: replaces the imported macro of this name (a spec models a patch). */
  override?: boolean;
  params: Param[];
  result?: TypeExpr;
  body: Block;
  span: Span;
}

/** Fairness of a step or action of its own: TLA+'s WF ("weak") or SF ("strong"). */
export type Fairness = "weak" | "strong";

export interface Step {
  name: Ident;
  /** `fair step` / `strong fair step`: fairness of "this instance takes this step". */
  fairness?: Fairness;
  body: Block;
  span: Span;
}

export interface ProcDecl {
  kind: "proc";
  name: Ident;
  /** `override proc`: replaces the imported proc of this name. */
  override?: boolean;
  params: Param[];
  /** `proc p(...): R`: the proc returns a value with `return e`, taken by `x = call p(...)`. */
  result?: TypeExpr;
  locals: VarDecl[];
  steps: Step[];
  span: Span;
}

export interface ActionDecl {
  kind: "action";
  name: Ident;
  /** `fair action` / `strong fair action`: fairness of the action, all parameter values together. */
  fairness?: Fairness;
  params: Binder[];
  /**
   * `fair action A(each p in S)`: the parameters marked `each` (their positions, and the span of
   * the word), whose values each get their own fairness condition: TLA+'s \A p \in S: WF_vars(A(p)).
   */
  each?: { index: number; span: Span }[];
  body: Block;
  span: Span;
}

export interface ProcessDecl {
  kind: "process";
  name: Ident;
  /** `Reader[r in 1..N]`; absent for a single instance. */
  index?: Binder;
  fair: boolean;
  /** `strong fair process`: strong fairness (TLA+'s SF) of each instance. */
  strong?: boolean;
  symmetric: boolean;
  /** `when e`: every step is enabled only while e holds. */
  guard?: Expr;
  /** `at s` / `at {s, t}`: the steps (or `done`) each instance may start at, instead of its first. */
  startsAt?: Ident[];
  locals: VarDecl[];
  steps: Step[];
  span: Span;
}

/** `interrupt H on P when e { step ... }`: a handler that runs on an instance of P between two of
 * its steps, with steps of its own, while P's instance does not move (see docs/language.md). */
export interface InterruptDecl {
  kind: "interrupt";
  name: Ident;
  /** The process whose instances (CPUs) take the interrupt. */
  process: Ident;
  /** `when e`: the interrupt may arrive only while e holds (besides `local_irq_disable()`). */
  guard?: Expr;
  locals: VarDecl[];
  steps: Step[];
  span: Span;
}

export interface InvariantDecl {
  kind: "invariant";
  name: Ident;
  body: Expr;
  span: Span;
}

export type TemporalExpr =
  | { kind: "leadsTo"; lhs: Expr; rhs: Expr; span: Span }
  /** `P => F`: P a state predicate, F temporal. */
  | { kind: "implies"; lhs: Expr; rhs: TemporalExpr; span: Span }
  | { kind: "always"; body: TemporalExpr; span: Span }
  /** `always [A]_v` / `always [A]_(v, w)`: every step satisfies A (which may use `x'`) or leaves
   *  the listed expressions unchanged (TLA+'s [][A]_<<v, w>>). */
  | { kind: "actionBox"; action: Expr; unchanged: Expr[]; span: Span }
  | { kind: "eventually"; body: TemporalExpr; span: Span }
  | { kind: "state"; expr: Expr; span: Span };

export interface PropertyDecl {
  kind: "property";
  name: Ident;
  body: TemporalExpr;
  span: Span;
}

export interface ConstraintDecl {
  kind: "constraint";
  name: Ident;
  body: Expr;
  span: Span;
}

export type CheckItem =
  | { kind: "const"; name: Ident; value: Expr; span: Span }
  | { kind: "expect"; verdict: "ok" | "deadlock"; span: Span }
  /** `expect violation`, `expect violation Name`, `expect violation assert`, `expect violation runtime`. */
  | { kind: "expectViolation"; target?: Ident; span: Span }
  | { kind: "expectStates"; count: number; span: Span }
  /** `expect covered`: every step, action and either branch must fire in the search. */
  | { kind: "expectCovered"; span: Span }
  /** `expect reached Send, Reader.get`: these must fire; each name is dotted (`Owner.step`). */
  | { kind: "expectReached"; names: Ident[]; span: Span }
  | { kind: "maxDepth"; value: number; span: Span }
  | { kind: "maxStates"; value: number; span: Span }
  | { kind: "ignore"; names: Ident[]; span: Span }
  | { kind: "allowDeadlock"; span: Span }
  /** `memory lkmm`: this check's memory model. */
  | { kind: "memory"; name: Ident; span: Span };

/** `init { ... }`: statements run once after the variables take their initial values (a spec
 * sets up an imported module's state with it); `either`/`choose` give several initial states. */
export interface InitDecl {
  kind: "init";
  body: Block;
  span: Span;
}

/** `refines Abs in "./abs.vmaspec" with { v = e; N = c }`: this spec implements spec `Abs`, each
 *  of Abs's variables being the value of `e` in this spec's state (a refinement mapping), and each
 *  of Abs's constants named here the value of a constant expression `c` of this spec. */
export interface RefinesDecl {
  kind: "refines";
  name: Ident;
  /** The abstract spec's file, relative to this file (as an import's path), and where it is written. */
  target: { path: string; span: Span };
  entries: { name: Ident; value: Expr; span: Span }[];
  span: Span;
}

export interface CheckDecl {
  kind: "check";
  name: Ident;
  items: CheckItem[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Types as written

export type TypeExpr =
  /** `bool`, a declared type name, an enum name, or an unknown name (an error later). */
  | { kind: "named"; name: Ident; span: Span }
  | { kind: "range"; lo: Expr; hi: Expr; span: Span }
  | { kind: "enum"; members: Ident[]; span: Span }
  | { kind: "record"; fields: { name: Ident; type: TypeExpr }[]; span: Span }
  | { kind: "map"; key: TypeExpr; value: TypeExpr; span: Span }
  | { kind: "set"; elem: TypeExpr; span: Span }
  | { kind: "seq"; elem: TypeExpr; bound: Expr; span: Span }
  | { kind: "option"; inner: TypeExpr; span: Span };

// ---------------------------------------------------------------------------------------------
// Expressions

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "&&"
  | "||"
  | "=>"
  | "in"
  | "union"
  | "intersect"
  | "minus"
  | "..";

export type Expr =
  | { kind: "number"; value: number; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  | { kind: "string"; value: string; span: Span }
  | { kind: "name"; name: Ident; span: Span }
  | { kind: "none"; span: Span }
  | { kind: "self"; span: Span }
  | { kind: "unary"; op: "!" | "-"; operand: Expr; span: Span }
  | { kind: "binary"; op: BinaryOp; lhs: Expr; rhs: Expr; span: Span }
  /** `P at step` / `P[i] at step`: the instance's program counter is at that step. */
  | { kind: "at"; process: Expr; step: Ident; span: Span }
  | { kind: "ite"; cond: Expr; then: Expr; else: Expr; span: Span }
  | { kind: "let"; name: Ident; value: Expr; body: Expr; span: Span }
  | { kind: "quant"; quantifier: Quantifier; binders: Binder[]; body: Expr; span: Span }
  | { kind: "pick"; binder: Binder; pred: Expr; span: Span }
  /** `fold acc: T = base, x in S: body` */
  | { kind: "fold"; acc: Ident; accType: TypeExpr; base: Expr; binder: Binder; body: Expr; span: Span }
  | { kind: "setLit"; elems: Expr[]; span: Span }
  /** `{x in S: p}` */
  | { kind: "setFilter"; binder: Binder; pred: Expr; span: Span }
  /** `{e : x in S}` */
  | { kind: "setMap"; body: Expr; binder: Binder; span: Span }
  | { kind: "seqLit"; elems: Expr[]; span: Span }
  | { kind: "record"; fields: { name: Ident; value: Expr }[]; span: Span }
  | { kind: "field"; target: Expr; name: Ident; span: Span }
  /** `[k in K |-> e]` */
  | { kind: "mapLit"; binder: Binder; body: Expr; span: Span }
  | { kind: "index"; target: Expr; index: Expr; span: Span }
  /** `[K -> S]`: every map from K to S (only as a variable's initial values). */
  | { kind: "fnSet"; domain: Expr; codomain: Expr; span: Span }
  /** `e'`: e's value in the next state (only in an action property). */
  | { kind: "prime"; target: Expr; span: Span }
  /** Built-in function, `fn`, or macro call; the resolver tells which. */
  | { kind: "call"; callee: Ident; args: Expr[]; span: Span };

// ---------------------------------------------------------------------------------------------
// Statements

export interface Block {
  stmts: Stmt[];
  span: Span;
}

export type Stmt =
  | { kind: "assign"; target: Expr; op: "=" | "+=" | "-="; value: Expr; span: Span }
  | { kind: "let"; name: Ident; value: Expr; span: Span }
  | { kind: "if"; cond: Expr; then: Block; else?: Block; span: Span }
  | { kind: "await"; cond: Expr; span: Span }
  | { kind: "assert"; cond: Expr; message?: string; span: Span }
  | { kind: "either"; branches: Block[]; span: Span }
  | { kind: "choose"; binder: Binder; body: Block; span: Span }
  | { kind: "while"; cond: Expr; body: Block; span: Span }
  | { kind: "goto"; target: Ident; span: Span }
  /** `call p(args)`, or `target = call p(args)` for a proc with a result. */
  | { kind: "call"; callee: Ident; args: Expr[]; target?: Expr; span: Span }
  | { kind: "return"; value?: Expr; span: Span }
  /** A macro called for its effects: `vma_end_read(v)`. */
  | { kind: "expr"; expr: Expr; span: Span };

/** `forall`/`exists` (a boolean) or a fold: `sum` of an integer, `count` of a condition. */
export type Quantifier = "forall" | "exists" | "sum" | "count";
