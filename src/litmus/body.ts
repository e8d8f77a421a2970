// The body of one litmus process: register declarations and assignments, `if`/`else` over
// register conditions, and calls of the kernel primitives of primitives.ts, each turned into an
// operation of the weak-memory program (src/weakmem/program.ts) in program order, the operations
// of a branch carrying its condition. Tokens come from the file's parser (parse.ts) through
// `TokenStream`; a construct the model does not run fails there with L002, an unknown name L003.

import type { Span } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { BinaryOp, Expr, Guard, Op, Thread } from "../weakmem/program.js";
import type { Token } from "./lex.js";
import { arity, int, primitive, UNSUPPORTED } from "./primitives.js";

/** What the body parser needs of the file's parser: its tokens, and its way to fail at a place. */
export interface TokenStream {
  peek(): Token;
  next(): Token;
  is(text: string): boolean;
  eat(text: string): Token;
  ident(what: string): Token;
  number(): number;
  fail(code: DiagnosticCode, message: string, span?: Span): never;
  /** The source between two spans, spaces collapsed: an operation's text in traces. */
  text(from: Span, to: Span): string;
}

const REGISTER_TYPES = new Set(["int", "long", "unsigned", "u32", "u64", "s32", "s64", "bool"]);
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
export class BodyParser {
  constructor(
    private readonly p: TokenStream,
    private readonly thread: Thread,
    private readonly params: Set<string>,
    private readonly locations: string[],
    /** The registers declared or assigned so far (a condition may name one never assigned). */
    private readonly registers: Set<string>,
  ) {}

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
