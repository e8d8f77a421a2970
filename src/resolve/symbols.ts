// The global symbol table of a spec and its imports. In: the loaded files. Out: every top-level
// declaration by name (one namespace, as in TLA+), enum members, and the root's checks, with
// diagnostics for clashes, duplicate step or check names and recursion among macros, fns and procs.

import type {
  CheckDecl,
  Decl,
  Expr,
  Ident,
  InitDecl,
  RefinesDecl,
  MemoryDecl,
  Stmt,
  TypeExpr,
  Block,
} from "../ast/ast.js";
import { error, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { LoadedFile, LoadedProgram } from "./load.js";

export type NamedDecl = Exclude<Decl, CheckDecl | InitDecl | RefinesDecl | MemoryDecl>;

export interface EnumMember {
  typeName: string;
  members: string[];
  index: number;
  ident: Ident;
}

export interface SymbolTable {
  decls: Map<string, NamedDecl>;
  /** Each member name's members: several when enums share it (`A.committed`, `B.committed`). */
  enumMembers: Map<string, EnumMember[]>;
  /** Checks of the root spec only: an imported module's checks are its own. */
  checks: CheckDecl[];
  /** Declarations in order (imports first), for stable output. */
  ordered: NamedDecl[];
  /** `init` blocks, imported modules' first: they run in this order on the initial values. */
  inits: InitDecl[];
  /** `refines` declarations of the root spec only (checks/refinement.ts checks them). */
  refinements?: RefinesDecl[];
  /** The root file's `spec Name` header: where diagnostics about the spec as a whole point. */
  header?: Span;
  /** The root spec's `memory lkmm` (or `memory sc`), if it declares its memory model. */
  memory?: MemoryDecl;
}

/** Builds the symbol table and reports clashes, duplicates and recursion. */
export function buildSymbols(program: LoadedProgram): { table: SymbolTable; diagnostics: Diagnostic[] } {
  const builder = new SymbolBuilder(program);
  for (const file of program.files) for (const decl of file.ast.decls) builder.add(decl, file);
  builder.reportDuplicates(
    builder.checks.map((c) => c.name),
    "check",
    "this spec",
  );
  findRecursion(builder.decls, builder.diagnostics);
  const { decls, enumMembers, checks, ordered, inits, refinements, diagnostics, memory } = builder;
  const header = program.root.ast.header.name.span;
  return {
    table: { decls, enumMembers, checks, ordered, inits, refinements, header, memory },
    diagnostics,
  };
}

/** The table under construction, one declaration at a time, in file order (imports first). */
class SymbolBuilder {
  readonly diagnostics: Diagnostic[] = [];
  readonly decls = new Map<string, NamedDecl>();
  readonly enumMembers = new Map<string, EnumMember[]>();
  readonly ordered: NamedDecl[] = [];
  readonly checks: CheckDecl[] = [];
  readonly inits: InitDecl[] = [];
  readonly refinements: RefinesDecl[] = [];
  memory?: MemoryDecl;
  /**
   * Every name declared so far. Declarations and enum members share one namespace, but members
   * are scoped per enum: two enums may share a member name (see claimMember).
   */
  private readonly taken = new Map<string, Ident>();
  /** Constants of imported modules, which the root spec may set. */
  private readonly moduleConsts = new Set<NamedDecl>();
  /** Declarations of imported modules, which the root spec may override. */
  private readonly imported = new Set<NamedDecl>();

  constructor(private readonly program: LoadedProgram) {}

  /** Adds one top-level declaration of `file`. */
  add(decl: Decl, file: LoadedFile): void {
    if (decl.kind === "check") {
      if (file === this.program.root) this.checks.push(decl);
      return;
    }
    if (decl.kind === "init") {
      this.inits.push(decl);
      return;
    }
    if (decl.kind === "refines") {
      // As a check block, a refinement belongs to the spec that declares it, not to its importers.
      if (file === this.program.root) this.refinements.push(decl);
      return;
    }
    if (decl.kind === "memory") {
      // A module's own memory model is its checks' business; the root spec's applies.
      if (file !== this.program.root) return;
      if (this.memory)
        this.diagnostics.push(error("W001", "the spec declares its memory model twice", decl.span));
      this.memory = decl;
      return;
    }
    if (this.setsModuleConst(decl, file)) return;
    if ((decl.kind === "macro" || decl.kind === "proc" || decl.kind === "fn") && decl.override) {
      this.override(decl);
      return;
    }
    this.declare(decl, file);
  }

  /**
   * The root spec may set an imported module's constant (`const SLAB_OBJS = 1`): its value
   * replaces the module's default for every check, as a check block's `const` does for one.
   */
  private setsModuleConst(decl: NamedDecl, file: LoadedFile): boolean {
    const prior = this.decls.get(decl.name.name);
    if (decl.kind !== "const" || file !== this.program.root) return false;
    if (prior?.kind !== "const" || !this.moduleConsts.has(prior)) return false;
    this.replace(prior, decl);
    return true;
  }

  /**
   * `override macro|proc|fn` replaces the declaration of that name an import made (a spec models
   * a patch to one kernel function); everything that called it now calls the override.
   */
  private override(decl: Extract<NamedDecl, { kind: "macro" | "proc" | "fn" }>): void {
    const overridden = this.decls.get(decl.name.name);
    if (!overridden || !this.imported.has(overridden)) {
      this.diagnostics.push(
        error(
          "N013",
          `'override ${decl.kind} ${decl.name.name}': no imported ${decl.kind} of that name to override`,
          decl.name.span,
        ),
      );
    } else if (overridden.kind !== decl.kind) {
      this.diagnostics.push(
        error(
          "N013",
          `'override ${decl.kind} ${decl.name.name}' cannot replace a ${overridden.kind}`,
          decl.name.span,
          [{ message: `the ${overridden.kind} is declared here`, span: overridden.name.span }],
        ),
      );
    } else this.replace(overridden, decl);
  }

  /** Puts `decl` where `prior` was, in the table and in declaration order. */
  private replace(prior: NamedDecl, decl: NamedDecl): void {
    this.decls.set(decl.name.name, decl);
    this.ordered[this.ordered.indexOf(prior)] = decl;
  }

  /** A new name: claims it, then its enum members, and checks its steps' names. */
  private declare(decl: NamedDecl, file: LoadedFile): void {
    if (this.claim(decl.name, decl.kind)) {
      this.decls.set(decl.name.name, decl);
      this.ordered.push(decl);
      if (decl.kind === "const" && file !== this.program.root) this.moduleConsts.add(decl);
      if (file !== this.program.root) this.imported.add(decl);
    }
    if (decl.kind === "type") this.collectEnums(decl.type, decl.name.name);
    if (decl.kind === "var") this.collectEnums(decl.type, "");
    if (decl.kind === "process" || decl.kind === "proc" || decl.kind === "interrupt") {
      for (const local of decl.locals) this.collectEnums(local.type, "");
      this.reportDuplicates(
        decl.steps.map((s) => s.name),
        "step",
        `${decl.kind} ${decl.name.name}`,
      );
    }
  }

  /** Takes a name, or reports that it is taken (by a declaration or an enum member). */
  private claim(ident: Ident, what: string): boolean {
    const prior = this.taken.get(ident.name) ?? this.enumMembers.get(ident.name)?.[0].ident;
    if (prior) {
      this.diagnostics.push(
        error("N002", `'${ident.name}' is declared twice (${what})`, ident.span, [
          { message: `'${ident.name}' is first declared here`, span: prior.span },
        ]),
      );
      return false;
    }
    this.taken.set(ident.name, ident);
    return true;
  }

  /** Declares the members of every enum written inside a type (`typeName` for a named one). */
  private collectEnums(t: TypeExpr, typeName: string): void {
    switch (t.kind) {
      case "enum": {
        const members = t.members.map((m) => m.name);
        t.members.forEach((m, index) => this.claimMember({ typeName, members, index, ident: m }));
        return;
      }
      case "record":
        return t.fields.forEach((f) => this.collectEnums(f.type, ""));
      case "map":
        this.collectEnums(t.key, "");
        return this.collectEnums(t.value, "");
      case "set":
      case "seq":
        return this.collectEnums(t.elem, "");
      case "option":
        return this.collectEnums(t.inner, "");
      default:
        return;
    }
  }

  /**
   * Adds an enum member. It may share its name with members of other enums (the type checker asks
   * for `E.m` where the context does not tell them apart), not with a declaration or with another
   * member of its own enum.
   */
  private claimMember(member: EnumMember): void {
    const { ident } = member;
    const first = member.members.indexOf(ident.name);
    const prior =
      this.taken.get(ident.name) ??
      (first !== member.index
        ? this.enumMembers.get(ident.name)?.find((m) => m.index === first)?.ident
        : undefined);
    if (prior) {
      this.diagnostics.push(
        error("N002", `'${ident.name}' is declared twice (enum member)`, ident.span, [
          { message: `'${ident.name}' is first declared here`, span: prior.span },
        ]),
      );
      return;
    }
    const same = this.enumMembers.get(ident.name) ?? [];
    this.enumMembers.set(ident.name, [...same, member]);
  }

  /** Reports each name of `names` met before (step names in a process, check names in the spec). */
  reportDuplicates(names: Ident[], what: string, where: string): void {
    const seen = new Map<string, Ident>();
    for (const n of names) {
      const prior = seen.get(n.name);
      if (prior) {
        this.diagnostics.push(
          error(what === "step" ? "N003" : "N004", `duplicate ${what} name '${n.name}' in ${where}`, n.span, [
            { message: `first '${n.name}' is here`, span: prior.span },
          ]),
        );
      } else seen.set(n.name, n);
    }
  }
}

/** Reports every cycle in the call graph of macros, fns and procs (recursion is not allowed). */
function findRecursion(decls: Map<string, NamedDecl>, diagnostics: Diagnostic[]): void {
  const callable = (name: string) => {
    const d = decls.get(name);
    return d && (d.kind === "macro" || d.kind === "fn" || d.kind === "proc") ? d : undefined;
  };
  const edges = new Map<string, Ident[]>();
  for (const d of decls.values()) {
    if (d.kind !== "macro" && d.kind !== "fn" && d.kind !== "proc") continue;
    const calls: Ident[] = [];
    if (d.kind === "fn") callsInExpr(d.body, calls);
    else if (d.kind === "macro") callsInBlock(d.body, calls);
    else d.steps.forEach((s) => callsInBlock(s.body, calls));
    edges.set(
      d.name.name,
      calls.filter((c) => callable(c.name)),
    );
  }
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (name: string) => {
    state.set(name, "active");
    stack.push(name);
    for (const callee of edges.get(name) ?? []) {
      const s = state.get(callee.name);
      if (s === "active") {
        const cycle = [...stack.slice(stack.indexOf(callee.name)), callee.name];
        const key = [...cycle].sort().join();
        if (!reported.has(key)) {
          reported.add(key);
          const kind = callable(callee.name)!.kind;
          diagnostics.push(
            error(
              "N007",
              `recursion is not allowed: ${cycle.join(" -> ")} (${kind}s are inlined or have bounded stacks)`,
              callee.span,
            ),
          );
        }
      } else if (s === undefined) visit(callee.name);
    }
    stack.pop();
    state.set(name, "done");
  };
  for (const name of edges.keys()) if (!state.has(name)) visit(name);
}

function callsInBlock(b: Block, out: Ident[]): void {
  for (const s of b.stmts) callsInStmt(s, out);
}

function callsInStmt(s: Stmt, out: Ident[]): void {
  switch (s.kind) {
    case "assign":
      callsInExpr(s.target, out);
      return callsInExpr(s.value, out);
    case "let":
    case "await":
      return callsInExpr(s.kind === "let" ? s.value : s.cond, out);
    case "assert":
      return callsInExpr(s.cond, out);
    case "if":
      callsInExpr(s.cond, out);
      callsInBlock(s.then, out);
      if (s.else) callsInBlock(s.else, out);
      return;
    case "either":
      return s.branches.forEach((b) => callsInBlock(b, out));
    case "choose":
      callsInExpr(s.binder.domain, out);
      return callsInBlock(s.body, out);
    case "while":
      callsInExpr(s.cond, out);
      return callsInBlock(s.body, out);
    case "call":
      out.push(s.callee);
      return s.args.forEach((a) => callsInExpr(a, out));
    case "return":
      if (s.value) callsInExpr(s.value, out);
      return;
    case "expr":
      return callsInExpr(s.expr, out);
    case "goto":
      return;
  }
}

/** Collects every call in an expression (a generic walk over child expressions). */
export function callsInExpr(e: Expr, out: Ident[]): void {
  if (e.kind === "call") out.push(e.callee);
  for (const child of childExprs(e)) callsInExpr(child, out);
}

/** The direct sub-expressions of an expression. */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case "unary":
      return [e.operand];
    case "binary":
      return [e.lhs, e.rhs];
    case "at":
      return [e.process];
    case "ite":
      return [e.cond, e.then, e.else];
    case "let":
      return [e.value, e.body];
    case "quant":
      return [...e.binders.map((b) => b.domain), e.body];
    case "pick":
    case "setFilter":
      return [e.binder.domain, e.pred];
    case "fold":
      return [e.base, e.binder.domain, e.body];
    case "setMap":
    case "mapLit":
      return [e.binder.domain, e.body];
    case "setLit":
    case "seqLit":
      return e.elems;
    case "record":
      return e.fields.map((f) => f.value);
    case "field":
      return [e.target];
    case "index":
      return [e.target, e.index];
    case "prime":
      return [e.target];
    case "fnSet":
      return [e.domain, e.codomain];
    case "call":
      return e.args;
    default:
      return [];
  }
}
