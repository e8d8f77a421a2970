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
// Process bodies are read by body.ts: declarations, register assignments, the primitives of
// primitives.ts, and `if`/`else` over registers. Everything else (loops, pointers, plain accesses
// to shared locations, the primitives listed as unsupported) is an error at its place: L001 for
// text that does not parse, L002 for a construct the model does not run, L003 for an unknown
// name. The first error stops the file, so a file either gives a program whose verdict is right
// or no verdict at all.

import { error, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { Program, Thread } from "../weakmem/program.js";
import { BodyParser, type TokenStream } from "./body.js";
import { lex, type Token } from "./lex.js";

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

const LOCATION_TYPES = new Set(["int", "atomic_t", "spinlock_t", "long", "unsigned", "u32", "u64"]);

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
    const registers = new Set<string>();
    this.declared.push(registers);
    const body = new BodyParser(this.api, thread, params, this.locations, registers);
    this.eat("{");
    while (!this.is("}")) body.statement();
    this.eat("}");
    this.threads.push(thread);
  }

  // The pieces the body parser shares.
  readonly api: TokenStream = {
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
