// The global symbol table of a spec and its imports. In: the loaded files. Out: every top-level
// declaration by name (one namespace, as in TLA+), enum members, and the root's checks, with
// diagnostics for clashes, duplicate step or check names and recursion among macros, fns and procs.

import type { CheckDecl, Decl, Expr, Ident, InitDecl, Stmt, TypeExpr, Block } from "../ast/ast.js";
import { error, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { LoadedProgram } from "./load.js";

export type NamedDecl = Exclude<Decl, CheckDecl | InitDecl>;

export interface EnumMember {
  typeName: string;
  members: string[];
  index: number;
  ident: Ident;
}

export interface SymbolTable {
  decls: Map<string, NamedDecl>;
  enumMembers: Map<string, EnumMember>;
  /** Checks of the root spec only: an imported module's checks are its own. */
  checks: CheckDecl[];
  /** Declarations in order (imports first), for stable output. */
  ordered: NamedDecl[];
  /** `init` blocks, imported modules' first: they run in this order on the initial values. */
  inits: InitDecl[];
  /** The root file's `spec Name` header: where diagnostics about the spec as a whole point. */
  header?: Span;
}

/** Builds the symbol table and reports clashes, duplicates and recursion. */
export function buildSymbols(program: LoadedProgram): { table: SymbolTable; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const decls = new Map<string, NamedDecl>();
  const enumMembers = new Map<string, EnumMember>();
  const ordered: NamedDecl[] = [];
  const checks: CheckDecl[] = [];
  const inits: InitDecl[] = [];
  const taken = new Map<string, Ident>();
  const moduleConsts = new Set<NamedDecl>();
  const imported = new Set<NamedDecl>();

  const claim = (ident: Ident, what: string): boolean => {
    const prior = taken.get(ident.name);
    if (prior) {
      diagnostics.push(
        error("N002", `'${ident.name}' is declared twice (${what})`, ident.span, [
          { message: `'${ident.name}' is first declared here`, span: prior.span },
        ]),
      );
      return false;
    }
    taken.set(ident.name, ident);
    return true;
  };

  for (const file of program.files) {
    for (const decl of file.ast.decls) {
      if (decl.kind === "check") {
        if (file === program.root) checks.push(decl);
        continue;
      }
      if (decl.kind === "init") {
        inits.push(decl);
        continue;
      }
      // The root spec may set an imported module's constant (`const SLAB_OBJS = 1`): its value
      // replaces the module's default for every check, as a check block's `const` does for one.
      const prior = decls.get(decl.name.name);
      if (
        decl.kind === "const" &&
        file === program.root &&
        prior?.kind === "const" &&
        moduleConsts.has(prior)
      ) {
        decls.set(decl.name.name, decl);
        ordered[ordered.indexOf(prior)] = decl;
        continue;
      }
      // `override macro|proc|fn` replaces the declaration of that name an import made (a spec
      // models a patch to one kernel function); everything that called it now calls the override.
      if ((decl.kind === "macro" || decl.kind === "proc" || decl.kind === "fn") && decl.override) {
        const overridden = decls.get(decl.name.name);
        if (!overridden || !imported.has(overridden)) {
          diagnostics.push(
            error(
              "N013",
              `'override ${decl.kind} ${decl.name.name}': no imported ${decl.kind} of that name to override`,
              decl.name.span,
            ),
          );
        } else if (overridden.kind !== decl.kind) {
          diagnostics.push(
            error(
              "N013",
              `'override ${decl.kind} ${decl.name.name}' cannot replace a ${overridden.kind}`,
              decl.name.span,
              [{ message: `the ${overridden.kind} is declared here`, span: overridden.name.span }],
            ),
          );
        } else {
          decls.set(decl.name.name, decl);
          ordered[ordered.indexOf(overridden)] = decl;
        }
        continue;
      }
      if (claim(decl.name, decl.kind)) {
        decls.set(decl.name.name, decl);
        ordered.push(decl);
        if (decl.kind === "const" && file !== program.root) moduleConsts.add(decl);
        if (file !== program.root) imported.add(decl);
      }
      if (decl.kind === "type") collectEnums(decl.type, decl.name.name);
      if (decl.kind === "var") collectEnums(decl.type, "");
      if (decl.kind === "process" || decl.kind === "proc") {
        for (const local of decl.locals) collectEnums(local.type, "");
        checkUnique(
          decl.steps.map((s) => s.name),
          "step",
          `${decl.kind} ${decl.name.name}`,
        );
      }
    }
  }
  checkUnique(
    checks.map((c) => c.name),
    "check",
    "this spec",
  );
  findRecursion(decls, diagnostics);
  const header = program.root.ast.header.name.span;
  return { table: { decls, enumMembers, checks, ordered, inits, header }, diagnostics };

  function collectEnums(t: TypeExpr, typeName: string): void {
    switch (t.kind) {
      case "enum": {
        const members = t.members.map((m) => m.name);
        t.members.forEach((m, index) => {
          if (claim(m, "enum member")) enumMembers.set(m.name, { typeName, members, index, ident: m });
        });
        return;
      }
      case "record":
        return t.fields.forEach((f) => collectEnums(f.type, ""));
      case "map":
        collectEnums(t.key, "");
        return collectEnums(t.value, "");
      case "set":
      case "seq":
        return collectEnums(t.elem, "");
      case "option":
        return collectEnums(t.inner, "");
      default:
        return;
    }
  }

  function checkUnique(names: Ident[], what: string, where: string): void {
    const seen = new Map<string, Ident>();
    for (const n of names) {
      const prior = seen.get(n.name);
      if (prior) {
        diagnostics.push(
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
    case "call":
      return e.args;
    default:
      return [];
  }
}
