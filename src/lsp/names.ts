// Which declaration each name in a spec refers to, over the spec and every file it imports
// (stdlib modules included): the index behind go to definition, find references, rename and
// hover. In: the parsed files of a program (src/resolve/load.ts). Out: every declaration and every
// occurrence of a name, each occurrence linked to its declaration.
//
// Scopes follow the language: declarations are global across the program (names are unique
// across imports, N002); parameters, process and proc locals, steps, `let` names and the binders
// of quantifiers, `pick`, comprehensions, `choose` and actions are local. Names the index cannot
// place (built-in functions, record fields) have no declaration.

import type {
  Binder,
  Block,
  Decl,
  Expr,
  Ident,
  Param,
  Stmt,
  TemporalExpr,
  TypeExpr,
  VarDecl,
} from "../ast/ast.js";
import type { Span } from "../diagnostics/diagnostic.js";
import type { LoadedFile, LoadedProgram } from "../resolve/load.js";

export type DefinitionKind =
  | Decl["kind"]
  | "enum member"
  | "parameter"
  | "local"
  | "step"
  | "let"
  | "bound variable"
  | "process index";

/** A declared name. */
export interface Definition {
  name: string;
  kind: DefinitionKind;
  /** Absolute path of the file declaring it. */
  path: string;
  /** The name as written in its declaration. */
  span: Span;
  /** The whole declaration (for hover and document symbols). */
  declSpan: Span;
  /** The process or proc holding a step or local. */
  container?: string;
}

/** A name in the source and the declaration it refers to. */
export interface Occurrence {
  path: string;
  span: Span;
  definition: Definition;
}

export interface NameIndex {
  definitions: Definition[];
  occurrences: Occurrence[];
  /** Global declarations by name (an override and the declaration it replaces share a name). */
  globals: Map<string, Definition[]>;
  /** Steps by process or proc name. */
  steps: Map<string, Definition[]>;
}

type Scope = Map<string, Definition>;

/** Indexes the names of every file of `program`. */
export function indexNames(program: LoadedProgram): NameIndex {
  const index: NameIndex = { definitions: [], occurrences: [], globals: new Map(), steps: new Map() };
  const locals = new Map<string, Scope>(); // process or proc name → its locals and steps
  for (const file of program.files)
    for (const decl of file.ast.decls) declareGlobal(index, locals, file, decl);
  for (const file of program.files) new FileWalker(index, locals, file).walkFile();
  return index;
}

function define(
  index: NameIndex,
  file: LoadedFile,
  ident: Ident,
  kind: DefinitionKind,
  declSpan: Span,
  container?: string,
): Definition {
  const d: Definition = { name: ident.name, kind, path: file.path, span: ident.span, declSpan, container };
  index.definitions.push(d);
  index.occurrences.push({ path: file.path, span: ident.span, definition: d });
  return d;
}

function declareGlobal(index: NameIndex, locals: Map<string, Scope>, file: LoadedFile, decl: Decl): void {
  if (decl.kind === "init") return;
  if (decl.kind === "refines") {
    define(index, file, decl.name, "refines", decl.span);
    return;
  }
  if (decl.kind === "memory") return;
  if (decl.kind === "check" && file !== undefined) {
    define(index, file, decl.name, "check", decl.span);
    return;
  }
  const d = define(index, file, decl.name, decl.kind, decl.span);
  const same = index.globals.get(d.name) ?? [];
  same.push(d);
  index.globals.set(d.name, same);
  if (decl.kind === "type" && decl.type.kind === "enum")
    for (const m of decl.type.members) {
      const member = define(index, file, m, "enum member", decl.span, decl.name.name);
      index.globals.set(m.name, [...(index.globals.get(m.name) ?? []), member]);
    }
  if (decl.kind === "process" || decl.kind === "proc" || decl.kind === "interrupt") {
    const scope: Scope = new Map();
    for (const local of decl.locals)
      scope.set(local.name.name, define(index, file, local.name, "local", local.span, decl.name.name));
    const steps = decl.steps.map((s) => define(index, file, s.name, "step", s.span, decl.name.name));
    for (const s of steps) scope.set(`step ${s.name}`, s);
    index.steps.set(decl.name.name, steps);
    locals.set(decl.name.name, scope);
  }
}

/** Walks one file's declarations with a chain of scopes, recording each name it can place. */
class FileWalker {
  private scopes: Scope[] = [];
  /** The process or proc being walked (for `goto`). */
  private owner?: string;

  constructor(
    private readonly index: NameIndex,
    private readonly locals: Map<string, Scope>,
    private readonly file: LoadedFile,
  ) {}

  walkFile(): void {
    for (const decl of this.file.ast.decls) {
      this.scopes = [];
      this.owner = undefined;
      this.decl(decl);
    }
  }

  private decl(decl: Decl): void {
    switch (decl.kind) {
      case "const":
        return this.expr(decl.value);
      case "type":
        return this.type(decl.type);
      case "var":
        return this.varDecl(decl);
      case "fn":
        this.params(decl.params);
        this.type(decl.result);
        return this.expr(decl.body);
      case "macro":
        this.params(decl.params);
        if (decl.result) this.type(decl.result);
        return this.block(decl.body);
      case "proc":
      case "process": {
        this.owner = decl.name.name;
        const scope: Scope = new Map(this.locals.get(decl.name.name));
        this.scopes.push(scope);
        if (decl.kind === "proc") {
          this.params(decl.params);
          if (decl.result) this.type(decl.result);
        } else {
          if (decl.index) this.binder(decl.index, "process index");
          if (decl.guard) this.expr(decl.guard);
        }
        for (const local of decl.locals) {
          this.type(local.type);
          this.expr(local.init);
        }
        for (const step of decl.steps) this.block(step.body);
        return;
      }
      case "interrupt": {
        // A handler sees its process's locals (and index) and goes to its own steps.
        this.owner = decl.name.name;
        this.use(decl.process);
        const own = this.locals.get(decl.name.name) ?? new Map();
        const process = [...(this.locals.get(decl.process.name) ?? new Map<string, Definition>())];
        this.scopes.push(new Map([...process.filter(([k]) => !k.startsWith("step ")), ...own]));
        if (decl.guard) this.expr(decl.guard);
        for (const step of decl.steps) this.block(step.body);
        return;
      }
      case "action":
        this.scopes.push(new Map());
        for (const b of decl.params) this.binder(b, "parameter");
        return this.block(decl.body);
      case "invariant":
      case "constraint":
        return this.expr(decl.body);
      case "property":
        return this.temporal(decl.body);
      case "init":
        return this.block(decl.body);
      case "refines":
        for (const entry of decl.entries) this.expr(entry.value);
        return;
      case "memory":
        return; // `memory lkmm` names a model, not a declaration
      case "check":
        for (const item of decl.items) {
          if (item.kind === "const") {
            this.use(item.name);
            this.expr(item.value);
          } else if (item.kind === "expectViolation" && item.target) this.use(item.target);
          else if (item.kind === "ignore") item.names.forEach((n) => this.use(n));
          else if (item.kind === "expectReached") item.names.forEach((n) => this.use(n));
        }
        return;
    }
  }

  private varDecl(v: VarDecl): void {
    this.type(v.type);
    this.expr(v.init);
  }

  private params(params: Param[]): void {
    const scope: Scope = new Map();
    this.scopes.push(scope);
    for (const p of params) {
      this.type(p.type);
      scope.set(p.name.name, define(this.index, this.file, p.name, "parameter", p.span));
    }
  }

  /** Declares a binder in the innermost scope, after walking its domain. */
  private binder(b: Binder, kind: DefinitionKind = "bound variable"): void {
    this.expr(b.domain);
    this.scopes[this.scopes.length - 1].set(b.name.name, define(this.index, this.file, b.name, kind, b.span));
  }

  private scoped(f: () => void): void {
    this.scopes.push(new Map());
    f();
    this.scopes.pop();
  }

  private block(b: Block): void {
    this.scoped(() => b.stmts.forEach((s) => this.stmt(s)));
  }

  private stmt(s: Stmt): void {
    switch (s.kind) {
      case "assign":
        this.expr(s.target);
        return this.expr(s.value);
      case "let":
        this.expr(s.value);
        this.scopes[this.scopes.length - 1].set(
          s.name.name,
          define(this.index, this.file, s.name, "let", s.span),
        );
        return;
      case "if":
        this.expr(s.cond);
        this.block(s.then);
        if (s.else) this.block(s.else);
        return;
      case "await":
      case "assert":
        return this.expr(s.cond);
      case "either":
        return s.branches.forEach((b) => this.block(b));
      case "choose":
        return this.scoped(() => {
          this.binder(s.binder);
          this.block(s.body);
        });
      case "while":
        this.expr(s.cond);
        return this.block(s.body);
      case "goto":
        return this.useStep(this.owner, s.target);
      case "call":
        this.use(s.callee);
        s.args.forEach((a) => this.expr(a));
        if (s.target) this.expr(s.target);
        return;
      case "return":
        if (s.value) this.expr(s.value);
        return;
      case "expr":
        return this.expr(s.expr);
    }
  }

  private temporal(t: TemporalExpr): void {
    switch (t.kind) {
      case "leadsTo":
        this.expr(t.lhs);
        return this.expr(t.rhs);
      case "implies":
        this.expr(t.lhs);
        return this.temporal(t.rhs);
      case "state":
        return this.expr(t.expr);
      case "actionBox":
        this.expr(t.action);
        for (const u of t.unchanged) this.expr(u);
        return;
      default:
        return this.temporal(t.body);
    }
  }

  private type(t: TypeExpr): void {
    switch (t.kind) {
      case "named":
        return this.use(t.name);
      case "range":
        this.expr(t.lo);
        return this.expr(t.hi);
      case "record":
        return t.fields.forEach((f) => this.type(f.type));
      case "map":
        this.type(t.key);
        return this.type(t.value);
      case "set":
        return this.type(t.elem);
      case "seq":
        this.type(t.elem);
        return this.expr(t.bound);
      case "option":
        return this.type(t.inner);
      case "enum":
        return;
    }
  }

  private expr(e: Expr): void {
    switch (e.kind) {
      case "name":
        return this.use(e.name);
      case "call":
        this.use(e.callee);
        return e.args.forEach((a) => this.expr(a));
      case "unary":
        return this.expr(e.operand);
      case "binary":
        this.expr(e.lhs);
        return this.expr(e.rhs);
      case "at":
        this.expr(e.process);
        return this.useStep(processName(e.process), e.step);
      case "ite":
        this.expr(e.cond);
        this.expr(e.then);
        return this.expr(e.else);
      case "let":
        this.expr(e.value);
        return this.scoped(() => {
          this.scopes[this.scopes.length - 1].set(
            e.name.name,
            define(this.index, this.file, e.name, "let", e.span),
          );
          this.expr(e.body);
        });
      case "quant":
        return this.scoped(() => {
          e.binders.forEach((b) => this.binder(b));
          this.expr(e.body);
        });
      case "pick":
      case "setFilter":
        return this.scoped(() => {
          this.binder(e.binder);
          this.expr(e.pred);
        });
      case "setMap":
      case "mapLit":
        return this.scoped(() => {
          this.binder(e.binder);
          this.expr(e.body);
        });
      case "fold":
        this.type(e.accType);
        this.expr(e.base);
        return this.scoped(() => {
          this.scopes[this.scopes.length - 1].set(
            e.acc.name,
            define(this.index, this.file, e.acc, "let", e.span),
          );
          this.binder(e.binder);
          this.expr(e.body);
        });
      case "setLit":
      case "seqLit":
        return e.elems.forEach((x) => this.expr(x));
      case "record":
        return e.fields.forEach((f) => this.expr(f.value));
      case "field": {
        this.expr(e.target);
        // `Fault[r].vma`: a process local read from outside.
        const local = this.locals.get(processName(e.target) ?? "")?.get(e.name.name);
        if (local) this.record(e.name, local);
        return;
      }
      case "index":
        this.expr(e.target);
        return this.expr(e.index);
      case "prime":
        return this.expr(e.target);
      case "fnSet":
        this.expr(e.domain);
        return this.expr(e.codomain);
      default:
        return;
    }
  }

  /** Records `ident` as a use of the name in scope (innermost first, then the globals). */
  private use(ident: Ident): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const d = this.scopes[i].get(ident.name);
      if (d) return this.record(ident, d);
    }
    const globals = this.index.globals.get(ident.name);
    if (!globals) return;
    // An override shadows the declaration it replaces: the spec's own comes last.
    this.record(ident, globals[globals.length - 1]);
  }

  private useStep(owner: string | undefined, ident: Ident): void {
    const step = this.locals.get(owner ?? "")?.get(`step ${ident.name}`);
    if (step) this.record(ident, step);
  }

  private record(ident: Ident, definition: Definition): void {
    this.index.occurrences.push({ path: this.file.path, span: ident.span, definition });
  }
}

/** `P` or `P[i]`: the process named. */
function processName(e: Expr): string | undefined {
  if (e.kind === "name") return e.name.name;
  if (e.kind === "index" && e.target.kind === "name") return e.target.name.name;
  return undefined;
}

/** The occurrence of a name at `offset` in the file at `path`. */
export function occurrenceAt(index: NameIndex, path: string, offset: number): Occurrence | undefined {
  return index.occurrences.find((o) => o.path === path && o.span.start <= offset && offset <= o.span.end);
}

/** Every occurrence of the declaration `d` (its own name included) and of those it overrides. */
export function occurrencesOf(index: NameIndex, d: Definition): Occurrence[] {
  const same = index.globals.get(d.name)?.includes(d) ? new Set(index.globals.get(d.name)) : new Set([d]);
  return index.occurrences.filter((o) => same.has(o.definition));
}
