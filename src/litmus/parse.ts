// Reads a litmus test in the kernel's C format (tools/memory-model/litmus-tests) into a program
// for the weak-memory model and its final condition:
//
//   C name                       header; a (* comment *) may follow
//   { x=1; int y; atomic_t z; }  initial values (0 unless given)
//   P0(int *x, int *y) { int r0; WRITE_ONCE(*x, 1); r0 = READ_ONCE(*y); }
//   locations [x; 0:r0;]         ignored (herd7 prints these in its state list)
//   filter (0:r0=1)              optional: only final states where it holds count
//   exists (0:r0=0 /\ ~(x=1))    the condition whose reachability is the verdict
//
// Bodies hold declarations, assignments of registers, the primitives of primitives.ts, and `if`
// (with `else`) over register conditions. Everything else (loops, pointers, plain accesses to shared locations, the
// primitives listed as unsupported) is an error at its place: L001 for text that does not parse,
// L002 for a construct the model does not run, L003 for an unknown name. The first error stops
// the file, so a file either gives a program whose verdict is right or no verdict at all.

import { error, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { BinaryOp, Expr, Guard, Op, Program, Thread } from "../weakmem/program.js";
import { lex, type Token } from "./lex.js";
import { arity, int, primitive, UNSUPPORTED } from "./primitives.js";

/** A final condition over registers (`1:r0`) and memory (`x`). */
export type Condition =
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition }
  | { kind: "const"; value: boolean }
  | { kind: "register"; thread: number; reg: string; value: number }
  | { kind: "memory"; loc: number; value: number };

export interface LitmusTest {
  name: string;
  program: Program;
  exists: Condition;
  filter?: Condition;
}

class LitmusError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

const REGISTER_TYPES = new Set(["int", "long", "unsigned", "u32", "u64", "s32", "s64", "bool"]);
const LOCATION_TYPES = new Set(["int", "atomic_t", "spinlock_t", "long", "unsigned", "u32", "u64"]);
const STATEMENT_KEYWORDS = new Set([
  "else",
  "while",
  "for",
  "do",
  "goto",
  "return",
  "switch",
  "break",
  "continue",
]);

/** Parses a litmus file; `diagnostics` is empty exactly when `test` is present. */
export function parseLitmus(file: string, text: string): { test?: LitmusTest; diagnostics: Diagnostic[] } {
  // The name on the header line may hold any character: take it raw and blank it out for the lexer.
  const header = /^\s*C[ \t]+([^\n]*)/.exec(text);
  const name = header ? header[1].trim() : "";
  const lexable = header
    ? text.slice(0, header[0].length - header[1].length) +
      header[1].replace(/[^\n]/g, " ") +
      text.slice(header[0].length)
    : text;
  const lexed = lex(file, lexable);
  if ("bad" in lexed) return { diagnostics: [error("L001", lexed.why, lexed.bad)] };
  try {
    return { test: new Parser(lexed.tokens, name, text).test(), diagnostics: [] };
  } catch (e) {
    if (e instanceof LitmusError) return { diagnostics: [error(e.code, e.message, e.span)] };
    throw e;
  }
}

class Parser {
  private at = 0;
  private readonly locations: string[] = [];
  private readonly initial: number[] = [];
  private readonly locks: boolean[] = [];
  private readonly threads: Thread[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly name: string,
    private readonly source: string,
  ) {}

  private get peek(): Token {
    return this.tokens[this.at];
  }

  private fail(code: DiagnosticCode, message: string, span: Span = this.peek.span): never {
    throw new LitmusError(code, message, span);
  }

  private is(text: string): boolean {
    return this.peek.kind !== "eof" && this.peek.text === text;
  }

  private eat(text: string): Token {
    if (!this.is(text)) this.fail("L001", `expected '${text}', found '${this.peek.text}'`);
    return this.tokens[this.at++];
  }

  private ident(what: string): Token {
    if (this.peek.kind !== "ident") this.fail("L001", `expected ${what}, found '${this.peek.text}'`);
    return this.tokens[this.at++];
  }

  private number(): number {
    const negative = this.is("-");
    if (negative) this.at++;
    if (this.peek.kind !== "number") this.fail("L001", `expected a number, found '${this.peek.text}'`);
    const v = Number(this.tokens[this.at++].text);
    return negative ? -v : v;
  }

  test(): LitmusTest {
    const c = this.ident("the header 'C name'");
    if (c.text !== "C") this.fail("L002", `only C litmus tests are supported (header '${c.text}')`, c.span);
    if (!this.name) this.fail("L001", "the header 'C' needs a test name", c.span);
    this.initBlock();
    while (this.peek.kind === "ident" && /^P\d+$/.test(this.peek.text)) this.thread();
    if (!this.threads.length)
      this.fail("L001", `expected a process 'P0(...) { ... }', found '${this.peek.text}'`);
    let exists: Condition | undefined;
    let filter: Condition | undefined;
    while (this.peek.kind !== "eof") {
      const word = this.peek;
      if (word.text === "locations") {
        this.at++;
        this.eat("[");
        while (!this.is("]") && this.at < this.tokens.length - 1) this.at++;
        this.eat("]");
      } else if (word.text === "filter") {
        this.at++;
        filter = this.condition();
      } else if (word.text === "exists") {
        this.at++;
        exists = this.condition();
      } else if (word.text === "~" || word.text === "forall") {
        this.fail(
          "L002",
          "only 'exists' final conditions are supported (not '~exists' or 'forall')",
          word.span,
        );
      } else this.fail("L001", `expected 'exists', 'filter' or 'locations', found '${word.text}'`);
    }
    if (!exists) this.fail("L001", "the test has no 'exists' clause");
    return {
      name: this.name,
      program: {
        name: this.name,
        locations: this.locations,
        initial: this.initial,
        locks: this.locks,
        threads: this.threads,
      },
      exists,
      filter,
    };
  }

  private declareLocation(name: Token, isLock: boolean): number {
    let loc = this.locations.indexOf(name.text);
    if (loc < 0) {
      loc = this.locations.push(name.text) - 1;
      this.initial.push(0);
      this.locks.push(isLock);
    } else if (isLock) this.locks[loc] = true;
    return loc;
  }

  private initBlock(): void {
    this.eat("{");
    while (!this.is("}")) {
      if (this.peek.kind === "number") this.fail("L002", "initial values of registers are not supported");
      let first = this.ident("a location");
      let type = "int";
      if (this.peek.kind === "ident") {
        type = first.text;
        if (!LOCATION_TYPES.has(type))
          this.fail(
            "L002",
            `locations of type '${type}' are not supported (int, atomic_t, spinlock_t)`,
            first.span,
          );
        first = this.ident("a location");
      }
      if (this.is("*")) this.fail("L002", "pointer locations are not supported");
      const loc = this.declareLocation(first, type === "spinlock_t");
      if (this.is("=")) {
        this.at++;
        if (this.is("&")) this.fail("L002", "pointer values are not supported");
        if (this.is("ATOMIC_INIT")) {
          this.at++;
          this.eat("(");
          this.initial[loc] = this.number();
          this.eat(")");
        } else this.initial[loc] = this.number();
      }
      this.eat(";");
    }
    this.eat("}");
  }

  private thread(): void {
    const head = this.ident("a process");
    if (head.text !== `P${this.threads.length}`)
      this.fail("L001", `expected process P${this.threads.length}, found ${head.text}`, head.span);
    this.eat("(");
    const params = new Set<string>();
    while (!this.is(")")) {
      const type = this.ident("a parameter type");
      if (type.text === "struct") this.fail("L002", "struct parameters are not supported", type.span);
      if (!LOCATION_TYPES.has(type.text))
        this.fail("L002", `parameters of type '${type.text}' are not supported`, type.span);
      this.eat("*");
      if (this.is("*")) this.fail("L002", "pointer-to-pointer parameters are not supported");
      const p = this.ident("a parameter name");
      this.declareLocation(p, type.text === "spinlock_t");
      params.add(p.text);
      if (!this.is(")")) this.eat(",");
    }
    this.eat(")");
    const thread: Thread = { name: head.text, ops: [] };
    const body = new BodyParser(this, thread, params, this.locations);
    this.eat("{");
    while (!this.is("}")) body.statement();
    this.eat("}");
    this.threads.push(thread);
  }

  // The pieces the body parser shares.
  readonly api = {
    peek: () => this.peek,
    next: () => this.tokens[this.at++],
    is: (t: string) => this.is(t),
    eat: (t: string) => this.eat(t),
    ident: (what: string) => this.ident(what),
    number: () => this.number(),
    fail: (code: DiagnosticCode, message: string, span?: Span): never => this.fail(code, message, span),
    /** The source between two spans, spaces collapsed: an operation's text in traces. */
    text: (from: Span, to: Span) => this.source.slice(from.start, to.end).replace(/\s+/g, " "),
  };

  private condition(): Condition {
    const left = this.conjunction();
    if (this.is("\\/")) {
      this.at++;
      return { kind: "or", left, right: this.condition() };
    }
    return left;
  }

  private conjunction(): Condition {
    const left = this.unary();
    if (this.is("/\\")) {
      this.at++;
      return { kind: "and", left, right: this.conjunction() };
    }
    return left;
  }

  private unary(): Condition {
    if (this.is("~")) {
      this.at++;
      return { kind: "not", operand: this.unary() };
    }
    if (this.is("(")) {
      this.at++;
      const c = this.condition();
      this.eat(")");
      return c;
    }
    if (this.is("true") || this.is("false")) return { kind: "const", value: this.next().text === "true" };
    if (this.peek.kind === "number") {
      const t = this.next();
      const thread = Number(t.text);
      if (thread >= this.threads.length) this.fail("L003", `there is no process P${thread}`, t.span);
      this.eat(":");
      const reg = this.ident("a register");
      if (
        !this.threads[thread].ops.some((op) => "reg" in op && op.reg === reg.text) &&
        !this.declared[thread]?.has(reg.text)
      )
        this.fail("L003", `P${thread} has no register '${reg.text}'`, reg.span);
      this.eat("=");
      return { kind: "register", thread, reg: reg.text, value: this.value() };
    }
    const name = this.ident("a register or location");
    const loc = this.locations.indexOf(name.text);
    if (loc < 0) this.fail("L003", `unknown location '${name.text}'`, name.span);
    this.eat("=");
    return { kind: "memory", loc, value: this.value() };
  }

  private next(): Token {
    return this.tokens[this.at++];
  }

  private value(): number {
    if (this.peek.kind === "ident") this.fail("L002", "pointer values in conditions are not supported");
    return this.number();
  }

  /** Registers each process declared, by process index (a declared register may stay unassigned). */
  readonly declared: Set<string>[] = [];
}

const PRECEDENCE: [BinaryOp[], number][] = [
  [["||"], 1],
  [["&&"], 2],
  [["|"], 3],
  [["^"], 4],
  [["&"], 5],
  [["==", "!="], 6],
  [["<", "<=", ">", ">="], 7],
  [["+", "-"], 8],
  [["*"], 9],
];

/** The statements of one process body. */
class BodyParser {
  private readonly registers = new Set<string>();

  constructor(
    private readonly parser: Parser,
    private readonly thread: Thread,
    private readonly params: Set<string>,
    private readonly locations: string[],
  ) {
    parser.declared.push(this.registers);
  }

  private get p() {
    return this.parser.api;
  }

  /** The conditions of the `if`s being parsed, outermost first. */
  private readonly guards: Guard[] = [];

  private push(op: Op): void {
    this.thread.ops.push(this.guards.length ? { ...op, guards: this.guards.slice() } : op);
  }

  /** `if (cond) body [else body]`: the operations of each branch run under the condition's value. */
  private conditional(): void {
    this.p.next();
    this.p.eat("(");
    const cond = this.expression(0);
    this.p.eat(")");
    this.guards.push({ cond, value: true });
    this.branch();
    this.guards.pop();
    if (this.p.is("else")) {
      this.p.next();
      this.guards.push({ cond, value: false });
      this.branch();
      this.guards.pop();
    }
  }

  private branch(): void {
    if (!this.p.is("{")) return this.statement();
    this.p.next();
    while (!this.p.is("}")) {
      if (this.p.peek().kind === "eof") this.p.fail("L001", "expected '}', found end of file");
      this.statement();
    }
    this.p.next();
  }

  statement(): void {
    const t = this.p.peek();
    if (t.kind !== "ident") return this.p.fail("L001", `expected a statement, found '${t.text}'`);
    if (t.text === "if") return this.conditional();
    if (STATEMENT_KEYWORDS.has(t.text))
      this.p.fail("L002", `'${t.text}' is not supported: litmus bodies have no loops or jumps`, t.span);
    if (REGISTER_TYPES.has(t.text)) {
      this.p.next();
      for (;;) {
        if (this.p.is("*")) this.p.fail("L002", "pointer registers are not supported");
        const reg = this.p.ident("a register name");
        this.registers.add(reg.text);
        if (this.p.is("=")) {
          this.p.next();
          this.assignment(reg);
        }
        if (!this.p.is(",")) break;
        this.p.next();
      }
      this.p.eat(";");
      return;
    }
    const name = this.p.next();
    if (this.p.is("=")) {
      this.p.next();
      if (this.locations.includes(name.text))
        this.p.fail("L002", `plain access to shared location '${name.text}': use WRITE_ONCE()`, name.span);
      this.registers.add(name.text);
      this.assignment(name);
    } else if (this.p.is("(")) this.call(name, undefined);
    else this.p.fail("L001", `expected '=' or '(' after '${name.text}'`);
    this.p.eat(";");
  }

  /** `reg = call(...)` or `reg = expression`. */
  private assignment(reg: Token): void {
    const t = this.p.peek();
    if (t.kind === "ident" && (primitive(t.text) || UNSUPPORTED.has(t.text))) {
      this.p.next();
      this.call(t, reg.text);
      return;
    }
    const value = this.expression(0);
    this.push({ kind: "assign", reg: reg.text, value, line: reg.span.line, text: `${reg.text} = ...` });
  }

  private call(name: Token, reg: string | undefined): void {
    if (UNSUPPORTED.has(name.text))
      this.p.fail("L002", `${name.text}() is not supported by the weak-memory model`, name.span);
    const prim = primitive(name.text);
    if (!prim) return this.p.fail("L003", `unknown function '${name.text}'`, name.span);
    const start = name.span;
    this.p.eat("(");
    const { locs, values } = arity(prim);
    const args: Expr[] = [];
    let loc = -1;
    const locArg = () => {
      if (this.p.is("*") || this.p.is("&")) this.p.next();
      const l = this.p.ident("a location");
      loc = this.locations.indexOf(l.text);
      if (loc < 0 || !this.params.has(l.text))
        this.p.fail("L003", `'${l.text}' is not a location parameter of ${this.thread.name}`, l.span);
    };
    const total = locs + values;
    const locFirst = prim.kind !== "rmw" || prim.locFirst;
    for (let i = 0; i < total; i++) {
      if (i > 0) this.p.eat(",");
      const isLoc = locs === 1 && (locFirst ? i === 0 : i === total - 1);
      if (isLoc) locArg();
      else args.push(this.expression(0));
    }
    const close = this.p.eat(")");
    if (prim.kind === "read" && reg === undefined && prim.test)
      this.p.fail("L002", `the result of ${name.text}() must be assigned to a register`, name.span);
    if (prim.kind === "fence" && reg !== undefined)
      this.p.fail("L001", `${name.text}() returns no value`, name.span);
    const line = start.line;
    const text = `${reg !== undefined ? `${reg} = ` : ""}${this.p.text(start, close.span)}`;
    switch (prim.kind) {
      case "read":
        return this.push({ kind: "read", loc, reg, order: prim.order, test: prim.test, line, text });
      case "write":
        return this.push({ kind: "write", loc, value: args[0], order: prim.order, line, text });
      case "lock":
      case "unlock":
        if (reg !== undefined) this.p.fail("L001", `${name.text}() returns no value`, name.span);
        return this.push({ kind: prim.kind, loc, line, text });
      case "fence":
        return this.push({ kind: "fence", fence: prim.fence, line, text });
      case "rmw": {
        if (prim.returns === "none" && reg !== undefined)
          this.p.fail("L001", `${name.text}() returns no value`, name.span);
        const value =
          prim.constant !== undefined ? int(prim.constant) : prim.update === "cmpxchg" ? args[1] : args[0];
        const negated: Expr =
          prim.update === "sub" ? { kind: "binary", op: "-", left: int(0), right: value } : value;
        const update =
          prim.update === "cmpxchg"
            ? { kind: "cmpxchg" as const, expected: args[0], value }
            : { kind: prim.update === "set" ? ("set" as const) : ("add" as const), value: negated };
        return this.push({
          kind: "rmw",
          loc,
          reg,
          update,
          order: prim.order,
          returns: prim.returns,
          line,
          text,
        });
      }
    }
  }

  private expression(min: number): Expr {
    let left = this.operand();
    for (;;) {
      const t = this.p.peek();
      const level = PRECEDENCE.find(([ops]) => (ops as string[]).includes(t.text));
      if (!level || level[1] <= min) return left;
      this.p.next();
      const right = this.expression(level[1]);
      left = { kind: "binary", op: t.text as BinaryOp, left, right };
    }
  }

  private operand(): Expr {
    const t = this.p.peek();
    if (t.text === "(") {
      this.p.next();
      const e = this.expression(0);
      this.p.eat(")");
      return e;
    }
    if (t.text === "!") {
      this.p.next();
      return { kind: "not", operand: this.operand() };
    }
    if (t.kind === "number" || t.text === "-") {
      const v = this.p.number();
      return int(v);
    }
    if (t.kind !== "ident") return this.p.fail("L001", `expected a value, found '${t.text}'`);
    this.p.next();
    if (this.p.is("("))
      this.p.fail(
        "L002",
        `a call inside an expression is not supported: assign ${t.text}()'s result to a register first`,
        t.span,
      );
    if (this.registers.has(t.text)) {
      return { kind: "reg", name: t.text };
    }
    if (this.locations.includes(t.text))
      this.p.fail("L002", `plain access to shared location '${t.text}': use READ_ONCE()`, t.span);
    return this.p.fail("L003", `unknown register '${t.text}'`, t.span);
  }
}
