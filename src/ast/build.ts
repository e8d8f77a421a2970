// The one CST → AST visitor. In: the concrete syntax tree of grammar/parser.ts (typed by the
// generated grammar/cst.d.ts). Out: the AST of ast.ts with an exact span on every node, plus
// diagnostics for what the grammar accepts but the AST cannot hold. It is a plain class with one
// typed method per rule rather than chevrotain's untyped visitor, so that a grammar change shows
// up here as a type error once `npm run gen:grammar` has refreshed the typings.
//
// Braces are ambiguous in the grammar, which reads `{` item (`,` item)* `}` with item = e (`:` e)?.
// They are told apart here: an item `x in S: p` is a filter; a single item `e : x in S` (x a
// plain name) is a map comprehension; items all of the form `name: e` make a record; items
// without colons make a set literal; anything else is S004. Deviation from language.md: a record
// with one field whose value is a membership test reads as a map comprehension, so it needs
// parentheses: `{ f: (x in S) }`. Likewise `[x in S |-> e]` is a map literal, `[a, b]` a sequence.
//
// On a CST that error recovery left incomplete, a missing piece throws Missing; the declaration
// holding it is skipped (a syntax error has already been reported for it) and no AST is returned.

import type { CstNode, IToken } from "chevrotain";
import type * as C from "../../grammar/cst.js";
import { error, joinSpans, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";
import { tupleFieldName } from "../model/types.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";

class Missing extends Error {}

/** Builds the AST of a whole file; `ast` is undefined if error recovery left part of it out. */
export function buildAst(
  file: string,
  cst: C.SourceFileCstNode,
): { ast?: A.SourceFileNode; diagnostics: Diagnostic[] } {
  const builder = new AstBuilder(file);
  const ast = builder.sourceFile(cst);
  return { ast: builder.incomplete ? undefined : ast, diagnostics: builder.diagnostics };
}

class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  incomplete = false;
  // Parentheses leave no node of their own, but `{f: (x in S)}` and `{(x in S): p}` must not be
  // read as comprehensions, so the builder remembers which expressions were parenthesised.
  private readonly parenthesised = new WeakSet<A.Expr>();

  constructor(private readonly file: string) {}

  // ---- spans, tokens and children -------------------------------------------------------------

  private kids<T>(node: { children: T; recoveredNode?: boolean } | undefined): T {
    if (node === undefined || node.recoveredNode) throw new Missing();
    return node.children;
  }

  private tok(tokens: IToken[] | undefined, i = 0): IToken {
    const t = tokens?.[i];
    if (t === undefined || t.isInsertedInRecovery || Number.isNaN(t.startOffset)) throw new Missing();
    return t;
  }

  private one<T>(nodes: T[] | undefined, i = 0): T {
    const n = nodes?.[i];
    if (n === undefined) throw new Missing();
    return n;
  }

  private tokSpan(t: IToken): Span {
    return {
      file: this.file,
      start: t.startOffset,
      end: t.endOffset! + 1,
      line: t.startLine!,
      col: t.startColumn!,
    };
  }

  private nodeSpan(node: CstNode): Span {
    const l = node.location;
    if (l === undefined || Number.isNaN(l.startOffset) || Number.isNaN(l.endOffset)) throw new Missing();
    return {
      file: this.file,
      start: l.startOffset,
      end: l.endOffset! + 1,
      line: l.startLine!,
      col: l.startColumn!,
    };
  }

  private nameOf(c: { name?: C.NameCstNode[] }): A.Ident {
    return this.name(this.one(c.name));
  }

  private exprOf(nodes: C.ExpressionCstNode[] | undefined): A.Expr {
    return this.expr(this.one(nodes));
  }

  private typeOf(nodes: C.TypeExprCstNode[] | undefined): A.TypeExpr {
    return this.typeExpr(this.one(nodes));
  }

  private blockOf(nodes: C.BlockCstNode[] | undefined): A.Block {
    return this.block(this.one(nodes));
  }

  private report(code: DiagnosticCode, message: string, span: Span): void {
    this.diagnostics.push(error(code, message, span));
  }

  // ---- file and declarations ------------------------------------------------------------------

  sourceFile(node: C.SourceFileCstNode): A.SourceFileNode | undefined {
    const tolerant = <T>(build: () => T): T[] => {
      try {
        return [build()];
      } catch (e) {
        if (!(e instanceof Missing)) throw e;
        this.incomplete = true;
        return [];
      }
    };
    const c = node.children;
    const header = tolerant(() => this.header(this.one(c.header)))[0];
    const imports = (c.importDecl ?? []).flatMap((n) => tolerant(() => this.importDecl(n)));
    const decls = (c.decl ?? []).flatMap((n) => tolerant(() => this.decl(n)));
    if (header === undefined) return undefined;
    const end = decls.at(-1)?.span ?? imports.at(-1)?.span ?? header.span;
    return { kind: "file", header, imports, decls, span: joinSpans(header.span, end) };
  }

  private header(node: C.HeaderCstNode): A.SourceFileNode["header"] {
    const c = this.kids(node);
    return { kind: c.Spec ? "spec" : "module", name: this.nameOf(c), span: this.nodeSpan(node) };
  }

  private importDecl(node: C.ImportDeclCstNode): A.ImportNode {
    const c = this.kids(node);
    const target: A.ImportNode["target"] = c.StringLiteral
      ? { kind: "path", path: unquote(this.tok(c.StringLiteral).image) }
      : { kind: "stdlib", name: this.nameOf(c).name };
    return { kind: "import", target, span: this.nodeSpan(node) };
  }

  private decl(node: C.DeclCstNode): A.Decl {
    const d = this.declOf(node);
    const c = this.kids(node);
    if (c.Override) {
      if (d.kind === "macro" || d.kind === "proc" || d.kind === "fn") d.override = true;
      else
        this.report(
          "S005",
          "only a macro, a proc or a fn can override an imported definition",
          this.tokSpan(this.tok(c.Override)),
        );
    }
    return d;
  }

  private declOf(node: C.DeclCstNode): A.Decl {
    const c = this.kids(node);
    if (c.constDecl) return this.constDecl(c.constDecl[0]);
    if (c.typeDecl) return this.typeDecl(c.typeDecl[0]);
    if (c.varDecl) return this.varDecl(c.varDecl[0]);
    if (c.fnDecl) return this.fnDecl(c.fnDecl[0]);
    if (c.macroDecl) return this.macroDecl(c.macroDecl[0]);
    if (c.procDecl) return this.procDecl(c.procDecl[0]);
    if (c.actionDecl) return this.actionDecl(c.actionDecl[0]);
    if (c.processDecl) return this.processDecl(c.processDecl[0]);
    if (c.invariantDecl) return this.namedExpr("invariant", c.invariantDecl[0]);
    if (c.propertyDecl) return this.propertyDecl(c.propertyDecl[0]);
    if (c.constraintDecl) return this.namedExpr("constraint", c.constraintDecl[0]);
    if (c.initDecl) {
      const k = this.kids(c.initDecl[0]);
      return { kind: "init", body: this.blockOf(k.block), span: this.nodeSpan(c.initDecl[0]) };
    }
    if (c.interruptDecl) return this.interruptDecl(c.interruptDecl[0]);
    if (c.refinesDecl) return this.refinesDecl(c.refinesDecl[0]);
    if (c.memoryDecl) return this.memoryDecl(c.memoryDecl[0]);
    return this.checkDecl(this.one(c.checkDecl));
  }

  private interruptDecl(node: C.InterruptDeclCstNode): A.InterruptDecl {
    const c = this.kids(node);
    const names = c.name ?? [];
    return {
      kind: "interrupt",
      name: this.name(this.one(names)),
      process: this.name(names[1] ?? this.one(names)),
      ...(c.expression ? { guard: this.expr(c.expression[0]) } : {}),
      ...this.processBody(this.one(c.processBody)),
      span: this.nodeSpan(node),
    };
  }

  private refinesDecl(node: C.RefinesDeclCstNode): A.RefinesDecl {
    const c = this.kids(node);
    const path = this.tok(c.StringLiteral);
    return {
      kind: "refines",
      name: this.nameOf(c),
      target: { path: unquote(path.image), span: this.tokSpan(path) },
      entries: (c.refineEntry ?? []).map((e) => {
        const k = this.kids(e);
        return { name: this.nameOf(k), value: this.exprOf(k.expression), span: this.nodeSpan(e) };
      }),
      span: this.nodeSpan(node),
    };
  }

  private memoryDecl(node: C.MemoryDeclCstNode): A.MemoryDecl {
    const model = this.nameOf(this.kids(node));
    if (model.name !== "sc" && model.name !== "lkmm")
      this.report("W001", `unknown memory model '${model.name}' (sc or lkmm)`, model.span);
    return { kind: "memory", name: model, span: this.nodeSpan(node) };
  }

  private constDecl(node: C.ConstDeclCstNode): A.ConstDecl {
    const c = this.kids(node);
    return {
      kind: "const",
      name: this.nameOf(c),
      value: this.exprOf(c.expression),
      span: this.nodeSpan(node),
    };
  }

  private typeDecl(node: C.TypeDeclCstNode): A.TypeDecl {
    const c = this.kids(node);
    return {
      kind: "type",
      name: this.nameOf(c),
      type: this.typeOf(c.typeExpr),
      symmetric: c.Symmetric !== undefined,
      span: this.nodeSpan(node),
    };
  }

  private varDecl(node: C.VarDeclCstNode): A.VarDecl {
    const c = this.kids(node);
    return {
      kind: "var",
      name: this.nameOf(c),
      type: this.typeOf(c.typeExpr),
      init: this.exprOf(c.expression),
      initIn: c.In !== undefined,
      span: this.nodeSpan(node),
    };
  }

  private params(node: C.ParamsCstNode): A.Param[] {
    return (this.kids(node).param ?? []).map((p) => {
      const c = this.kids(p);
      return {
        name: this.nameOf(c),
        type: this.typeOf(c.typeExpr),
        span: this.nodeSpan(p),
      };
    });
  }

  private fnDecl(node: C.FnDeclCstNode): A.FnDecl {
    const c = this.kids(node);
    return {
      kind: "fn",
      name: this.nameOf(c),
      params: this.params(this.one(c.params)),
      result: this.typeOf(c.typeExpr),
      body: this.exprOf(c.expression),
      span: this.nodeSpan(node),
    };
  }

  private macroDecl(node: C.MacroDeclCstNode): A.MacroDecl {
    const c = this.kids(node);
    return {
      kind: "macro",
      name: this.nameOf(c),
      params: this.params(this.one(c.params)),
      ...(c.typeExpr ? { result: this.typeExpr(c.typeExpr[0]) } : {}),
      body: this.blockOf(c.block),
      span: this.nodeSpan(node),
    };
  }

  private processBody(node: C.ProcessBodyCstNode): { locals: A.VarDecl[]; steps: A.Step[] } {
    const c = this.kids(node);
    this.tok(c.RCurly);
    const steps = (c.step ?? []).map((s) => {
      const sc = this.kids(s);
      return {
        name: this.stepName(sc.stepName),
        ...fairnessOf(sc),
        body: this.blockOf(sc.block),
        span: this.nodeSpan(s),
      };
    });
    return { locals: (c.varDecl ?? []).map((v) => this.varDecl(v)), steps };
  }

  private procDecl(node: C.ProcDeclCstNode): A.ProcDecl {
    const c = this.kids(node);
    const name = this.nameOf(c);
    const params = this.params(this.one(c.params));
    return {
      kind: "proc",
      name,
      params,
      ...(c.typeExpr ? { result: this.typeOf(c.typeExpr) } : {}),
      ...this.processBody(this.one(c.processBody)),
      span: this.nodeSpan(node),
    };
  }

  private actionDecl(node: C.ActionDeclCstNode): A.ActionDecl {
    const c = this.kids(node);
    return {
      kind: "action",
      name: this.nameOf(c),
      ...fairnessOf(c),
      params: (c.binder ?? []).map((b) => this.binder(b)),
      ...(c.Each ? { each: this.eachParams(c.Each, c.binder ?? []) } : {}),
      body: this.blockOf(c.block),
      span: this.nodeSpan(node),
    };
  }

  /** Which parameter each `each` word stands before: the first binder that starts after it. */
  private eachParams(words: IToken[], binders: CstNode[]): { index: number; span: Span }[] {
    return words.map((w) => ({
      index: binders.findIndex((b) => this.nodeSpan(b).start > w.startOffset),
      span: this.tokSpan(w),
    }));
  }

  private processDecl(node: C.ProcessDeclCstNode): A.ProcessDecl {
    const c = this.kids(node);
    return {
      kind: "process",
      name: this.nameOf(c),
      ...(c.binder ? { index: this.binder(c.binder[0]) } : {}),
      fair: c.Fair !== undefined || c.Strong !== undefined,
      ...(c.Strong ? { strong: true } : {}),
      symmetric: c.Symmetric !== undefined,
      ...(c.expression ? { guard: this.expr(c.expression[0]) } : {}),
      ...(c.At ? { startsAt: (c.stepName ?? []).map((s) => this.stepName([s])) } : {}),
      ...this.processBody(this.one(c.processBody)),
      span: this.nodeSpan(node),
    };
  }

  private namedExpr<K extends "invariant" | "constraint">(
    kind: K,
    node: C.InvariantDeclCstNode | C.ConstraintDeclCstNode,
  ): { kind: K; name: A.Ident; body: A.Expr; span: Span } {
    const c = this.kids<{ name: C.NameCstNode[]; expression: C.ExpressionCstNode[] }>(node);
    return {
      kind,
      name: this.nameOf(c),
      body: this.exprOf(c.expression),
      span: this.nodeSpan(node),
    };
  }

  private propertyDecl(node: C.PropertyDeclCstNode): A.PropertyDecl {
    const c = this.kids(node);
    return {
      kind: "property",
      name: this.nameOf(c),
      body: this.temporal(this.one(c.temporal)),
      span: this.nodeSpan(node),
    };
  }

  private temporal(node: C.TemporalCstNode): A.TemporalExpr {
    const c = this.kids(node);
    const span = this.nodeSpan(node);
    if (c.action) return this.actionBox(c, span);
    if (c.Always) return { kind: "always", body: this.temporal(this.one(c.temporal)), span };
    if (c.Eventually) return { kind: "eventually", body: this.temporal(this.one(c.temporal)), span };
    if (c.inner) return this.temporal(c.inner[0]);
    const lhs = this.exprOf(c.lhs);
    if (c.rhs) return { kind: "leadsTo", lhs, rhs: this.expr(c.rhs[0]), span };
    if (c.then) return { kind: "implies", lhs, rhs: this.temporal(c.then[0]), span };
    return { kind: "state", expr: lhs, span };
  }

  /** `always [A]_v` (the subscript token `_v` names v) or `always [A]_(v, w)`. */
  private actionBox(c: C.TemporalCstChildren, span: Span): A.TemporalExpr {
    const action = this.exprOf(c.action);
    const sub = this.tok(c.subscript);
    const subSpan = this.tokSpan(sub);
    let unchanged: A.Expr[] = (c.unchanged ?? []).map((e) => this.expr(e));
    if (sub.image === "_" && unchanged.length === 0)
      this.report(
        "S005",
        "an action property needs what may stay unchanged: '[A]_v' or '[A]_(v, w)'",
        subSpan,
      );
    else if (sub.image !== "_" && unchanged.length > 0)
      this.report("S005", `write '_(${sub.image.slice(1)}, ...)' to list several unchanged values`, subSpan);
    else if (sub.image !== "_") {
      const nameSpan = { ...subSpan, start: subSpan.start + 1, col: subSpan.col + 1 };
      const name = { name: sub.image.slice(1), span: nameSpan };
      unchanged = [{ kind: "name", name, span: nameSpan }];
    }
    return { kind: "actionBox", action, unchanged, span };
  }

  private checkDecl(node: C.CheckDeclCstNode): A.CheckDecl {
    const c = this.kids(node);
    this.tok(c.RCurly);
    const items = (c.checkItem ?? []).map((i) => this.checkItem(i));
    return { kind: "check", name: this.nameOf(c), items, span: this.nodeSpan(node) };
  }

  private checkItem(node: C.CheckItemCstNode): A.CheckItem {
    const c = this.kids(node);
    const span = this.nodeSpan(node);
    if (c.constDecl) {
      const { name, value } = this.constDecl(c.constDecl[0]);
      return { kind: "const", name, value, span };
    }
    if (c.expectItem) return this.expectItem(c.expectItem[0]);
    if (c.Max) {
      const value = this.number(this.tok(c.NumberLiteral));
      return c.Depth ? { kind: "maxDepth", value, span } : { kind: "maxStates", value, span };
    }
    if (c.Ignore) return { kind: "ignore", names: (c.name ?? []).map((n) => this.name(n)), span };
    if (c.memoryDecl) return { ...this.memoryDecl(c.memoryDecl[0]), span };
    this.tok(c.Deadlock);
    return { kind: "allowDeadlock", span };
  }

  private expectItem(node: C.ExpectItemCstNode): A.CheckItem {
    const c = this.kids(node);
    const span = this.nodeSpan(node);
    if (c.Ok) return { kind: "expect", verdict: "ok", span };
    if (c.Deadlock) return { kind: "expect", verdict: "deadlock", span };
    if (c.States) return { kind: "expectStates", count: this.number(this.tok(c.NumberLiteral)), span };
    if (c.Covered) return { kind: "expectCovered", span };
    if (c.Reached)
      return { kind: "expectReached", names: (c.stepRef ?? []).map((r) => this.stepRef(r)), span };
    this.tok(c.Violation);
    if (c.Assert) return { kind: "expectViolation", target: this.ident(this.tok(c.Assert)), span };
    return { kind: "expectViolation", ...(c.name ? { target: this.name(c.name[0]) } : {}), span };
  }

  /** `Reader.get` as one name, spanning the whole reference. */
  private stepRef(node: C.StepRefCstNode): A.Ident {
    const parts = this.kids(node).name.map((n) => this.name(n));
    return { name: parts.map((p) => p.name).join("."), span: this.nodeSpan(node) };
  }

  // ---- statements -----------------------------------------------------------------------------

  private block(node: C.BlockCstNode): A.Block {
    const c = this.kids(node);
    this.tok(c.RCurly);
    return { stmts: (c.statement ?? []).map((s) => this.statement(s)), span: this.nodeSpan(node) };
  }

  private statement(node: C.StatementCstNode): A.Stmt {
    const c = this.kids(node);
    if (c.ifStmt) return this.ifStmt(c.ifStmt[0]);
    if (c.exprStmt) return this.exprStmt(c.exprStmt[0]);
    if (c.letStmt) {
      const k = this.kids(c.letStmt[0]);
      const name = this.nameOf(k);
      return {
        kind: "let",
        name,
        value: this.exprOf(k.expression),
        span: this.nodeSpan(c.letStmt[0]),
      };
    }
    if (c.awaitStmt) {
      const k = this.kids(c.awaitStmt[0]);
      return { kind: "await", cond: this.exprOf(k.expression), span: this.nodeSpan(c.awaitStmt[0]) };
    }
    if (c.assertStmt) {
      const k = this.kids(c.assertStmt[0]);
      const message = k.StringLiteral ? { message: unquote(this.tok(k.StringLiteral).image) } : {};
      return {
        kind: "assert",
        cond: this.exprOf(k.expression),
        ...message,
        span: this.nodeSpan(c.assertStmt[0]),
      };
    }
    if (c.eitherStmt) {
      const branches = this.kids(c.eitherStmt[0]).block.map((b) => this.block(b));
      return { kind: "either", branches, span: this.nodeSpan(c.eitherStmt[0]) };
    }
    if (c.chooseStmt) {
      const k = this.kids(c.chooseStmt[0]);
      const binder = this.binder(this.one(k.binder));
      return {
        kind: "choose",
        binder,
        body: this.blockOf(k.block),
        span: this.nodeSpan(c.chooseStmt[0]),
      };
    }
    if (c.whileStmt) {
      const k = this.kids(c.whileStmt[0]);
      const cond = this.exprOf(k.expression);
      return {
        kind: "while",
        cond,
        body: this.blockOf(k.block),
        span: this.nodeSpan(c.whileStmt[0]),
      };
    }
    if (c.gotoStmt) {
      const k = this.kids(c.gotoStmt[0]);
      return { kind: "goto", target: this.stepName(k.stepName), span: this.nodeSpan(c.gotoStmt[0]) };
    }
    if (c.callStmt) {
      const k = this.kids(c.callStmt[0]);
      const callee = this.nameOf(k);
      return { kind: "call", callee, args: this.args(this.one(k.args)), span: this.nodeSpan(c.callStmt[0]) };
    }
    const k = this.kids(this.one(c.returnStmt));
    const value = k.expression ? { value: this.expr(k.expression[0]) } : {};
    return { kind: "return", ...value, span: this.nodeSpan(c.returnStmt![0]) };
  }

  private ifStmt(node: C.IfStmtCstNode): A.Stmt {
    const c = this.kids(node);
    const cond = this.exprOf(c.expression);
    const then = this.blockOf(c.then);
    let otherwise: A.Block | undefined;
    if (c.elseIf) {
      const inner = this.ifStmt(c.elseIf[0]);
      otherwise = { stmts: [inner], span: inner.span };
    } else if (c.else) otherwise = this.block(c.else[0]);
    return { kind: "if", cond, then, ...(otherwise ? { else: otherwise } : {}), span: this.nodeSpan(node) };
  }

  private exprStmt(node: C.ExprStmtCstNode): A.Stmt {
    const c = this.kids(node);
    const span = this.nodeSpan(node);
    const target = this.exprOf(c.target);
    if (c.AssignOp) {
      if (!isLocation(target))
        this.report("S005", "only a variable, a field or a map entry can be assigned to", target.span);
      const op = this.tok(c.AssignOp).image as "=" | "+=" | "-=";
      if (c.callStmt) {
        if (op !== "=") this.report("S005", `a proc's result is assigned with '=', not '${op}'`, span);
        const k = this.kids(c.callStmt[0]);
        return { kind: "call", callee: this.nameOf(k), args: this.args(this.one(k.args)), target, span };
      }
      return { kind: "assign", target, op, value: this.exprOf(c.value), span };
    }
    if (target.kind !== "call") this.report("S005", "only a call can stand as a statement", target.span);
    return { kind: "expr", expr: target, span };
  }

  // ---- expressions ----------------------------------------------------------------------------

  private binary(op: A.BinaryOp, lhs: A.Expr, rhs: A.Expr): A.Expr {
    return { kind: "binary", op, lhs, rhs, span: joinSpans(lhs.span, rhs.span) };
  }

  /** Folds `a op b op c` to the left; `ops` holds the operator tokens in order. */
  private chain<N extends CstNode>(
    operands: N[],
    ops: IToken[] | undefined,
    build: (n: N) => A.Expr,
  ): A.Expr {
    let acc = build(this.one(operands));
    (ops ?? []).forEach((op, i) => {
      acc = this.binary(this.tok([op]).image as A.BinaryOp, acc, build(this.one(operands, i + 1)));
    });
    return acc;
  }

  expr(node: C.ExpressionCstNode): A.Expr {
    const c = this.kids(node);
    const lhs = this.disjunction(this.one(c.lhs));
    return c.rhs ? this.binary("=>", lhs, this.expr(c.rhs[0])) : lhs;
  }

  private disjunction(node: C.DisjunctionCstNode): A.Expr {
    const c = this.kids(node);
    return this.chain(c.conjunction, c.OrOr, (n) => this.conjunction(n));
  }

  private conjunction(node: C.ConjunctionCstNode): A.Expr {
    const c = this.kids(node);
    return this.chain(c.comparison, c.AndAnd, (n) => this.comparison(n));
  }

  private comparison(node: C.ComparisonCstNode): A.Expr {
    const c = this.kids(node);
    const lhs = this.setExpr(this.one(c.lhs));
    if (c.At) {
      const step = this.stepName(c.stepName);
      const isInstance = lhs.kind === "name" || (lhs.kind === "index" && lhs.target.kind === "name");
      if (!isInstance || this.parenthesised.has(lhs)) {
        this.report(
          "S005",
          "'at' needs a process or a process instance (`P` or `P[i]`) on its left",
          lhs.span,
        );
      }
      return { kind: "at", process: lhs, step, span: joinSpans(lhs.span, step.span) };
    }
    if (c.rhs) {
      const op = c.In ? "in" : (this.tok(c.ComparisonOp).image as A.BinaryOp);
      return this.binary(op, lhs, this.setExpr(c.rhs[0]));
    }
    return lhs;
  }

  private setExpr(node: C.SetExprCstNode): A.Expr {
    const c = this.kids(node);
    return this.chain(c.rangeExpr, c.SetOp, (n) => this.rangeExpr(n));
  }

  private rangeExpr(node: C.RangeExprCstNode): A.Expr {
    const c = this.kids(node);
    return this.chain(c.additive, c.DotDot, (n) => this.additive(n));
  }

  private additive(node: C.AdditiveCstNode): A.Expr {
    const c = this.kids(node);
    return this.chain(c.multiplicative, c.AdditiveOp, (n) => this.multiplicative(n));
  }

  private multiplicative(node: C.MultiplicativeCstNode): A.Expr {
    const c = this.kids(node);
    return this.chain(c.unary, c.MultiplicativeOp, (n) => this.unary(n));
  }

  private unary(node: C.UnaryCstNode): A.Expr {
    const c = this.kids(node);
    let expr = this.postfix(this.one(c.postfix));
    // The operators in source order, applied from the innermost (rightmost) outwards.
    const ops = [...(c.Bang ?? []), ...(c.Dash ?? [])].sort((a, b) => a.startOffset - b.startOffset);
    for (const opTok of ops.reverse()) {
      const op = opTok.image === "!" ? "!" : "-";
      expr = { kind: "unary", op, operand: expr, span: joinSpans(this.tokSpan(opTok), expr.span) };
    }
    return expr;
  }

  private postfix(node: C.PostfixCstNode): A.Expr {
    const c = this.kids(node);
    let target = this.primary(this.one(c.primary));
    for (const sel of c.selector ?? []) {
      const s = this.kids(sel);
      if (s.Prime) {
        target = { kind: "prime", target, span: joinSpans(target.span, this.tokSpan(this.tok(s.Prime))) };
      } else if (s.Dot) {
        const name = s.None ? this.ident(this.tok(s.None)) : this.nameOf(s);
        target = { kind: "field", target, name, span: joinSpans(target.span, name.span) };
      } else {
        const index = this.exprOf(s.expression);
        target = {
          kind: "index",
          target,
          index,
          span: joinSpans(target.span, this.tokSpan(this.tok(s.RBracket))),
        };
      }
    }
    return target;
  }

  private primary(node: C.PrimaryCstNode): A.Expr {
    const c = this.kids(node);
    if (c.nameOrCall) return this.nameOrCall(c.nameOrCall[0]);
    if (c.NumberLiteral) {
      const t = this.tok(c.NumberLiteral);
      return { kind: "number", value: this.number(t), span: this.tokSpan(t) };
    }
    if (c.True || c.False)
      return { kind: "bool", value: c.True !== undefined, span: this.tokSpan(this.tok(c.True ?? c.False)) };
    if (c.StringLiteral) {
      const t = this.tok(c.StringLiteral);
      return { kind: "string", value: unquote(t.image), span: this.tokSpan(t) };
    }
    if (c.None) return { kind: "none", span: this.tokSpan(this.tok(c.None)) };
    if (c.Self) return { kind: "self", span: this.tokSpan(this.tok(c.Self)) };
    if (c.parenExpr) {
      const p = this.kids(c.parenExpr[0]);
      this.tok(p.RParen);
      const inner: A.Expr = { ...this.exprOf(p.expression), span: this.nodeSpan(c.parenExpr[0]) };
      this.parenthesised.add(inner);
      return inner;
    }
    if (c.ifExpr) {
      const k = this.kids(c.ifExpr[0]);
      const [cond, then, otherwise] = [this.one(k.cond), this.one(k.then), this.one(k.else)].map((n) =>
        this.expr(n),
      );
      return { kind: "ite", cond, then, else: otherwise, span: this.nodeSpan(c.ifExpr[0]) };
    }
    if (c.letExpr) {
      const k = this.kids(c.letExpr[0]);
      const name = this.nameOf(k);
      return {
        kind: "let",
        name,
        value: this.exprOf(k.value),
        body: this.exprOf(k.body),
        span: this.nodeSpan(c.letExpr[0]),
      };
    }
    if (c.quantExpr) {
      const k = this.kids(c.quantExpr[0]);
      const binders = (k.binder ?? []).map((b) => this.binder(b));
      const quantifier = k.Forall ? "forall" : k.Exists ? "exists" : k.Sum ? "sum" : "count";
      return {
        kind: "quant",
        quantifier,
        binders,
        body: this.exprOf(k.expression),
        span: this.nodeSpan(c.quantExpr[0]),
      };
    }
    if (c.pickExpr) {
      const k = this.kids(c.pickExpr[0]);
      const binder = this.binder(this.one(k.binder));
      return {
        kind: "pick",
        binder,
        pred: this.exprOf(k.expression),
        span: this.nodeSpan(c.pickExpr[0]),
      };
    }
    if (c.foldExpr) {
      const k = this.kids(c.foldExpr[0]);
      return {
        kind: "fold",
        acc: this.nameOf(k),
        accType: this.typeOf(k.typeExpr),
        base: this.exprOf(k.base),
        binder: this.binder(this.one(k.binder)),
        body: this.exprOf(k.body),
        span: this.nodeSpan(c.foldExpr[0]),
      };
    }
    if (c.braceExpr) return this.braceExpr(c.braceExpr[0]);
    if (c.tupleExpr) return this.tupleExpr(c.tupleExpr[0]);
    return this.bracketExpr(this.one(c.bracketExpr));
  }

  /** `<<a, b>>` is the record `{ 1: a, 2: b }`: fields named by position (see tupleFieldName). */
  private tupleExpr(node: C.TupleExprCstNode): A.Expr {
    const c = this.kids(node);
    this.tok(c.Greater, 1);
    const parts = [this.exprOf(c.first), ...(c.rest ?? []).map((e) => this.expr(e))];
    const fields = parts.map((value, i) => ({ name: { name: tupleFieldName(i), span: value.span }, value }));
    return { kind: "record", fields, span: this.nodeSpan(node) };
  }

  private nameOrCall(node: C.NameOrCallCstNode): A.Expr {
    const c = this.kids(node);
    const name = this.nameOf(c);
    if (!c.args) return { kind: "name", name, span: name.span };
    return { kind: "call", callee: name, args: this.args(c.args[0]), span: this.nodeSpan(node) };
  }

  private args(node: C.ArgsCstNode): A.Expr[] {
    const c = this.kids(node);
    this.tok(c.RParen);
    return (c.expression ?? []).map((e) => this.expr(e));
  }

  private binder(node: C.BinderCstNode): A.Binder {
    const c = this.kids(node);
    return {
      name: this.nameOf(c),
      domain: this.exprOf(c.expression),
      span: this.nodeSpan(node),
    };
  }

  /** `x in S` written as an expression, read back as a binder (a comprehension's or a map's). */
  private asBinder(e: A.Expr | undefined): A.Binder | undefined {
    if (e?.kind !== "binary" || e.op !== "in" || this.parenthesised.has(e)) return undefined;
    if (e.lhs.kind !== "name" || this.parenthesised.has(e.lhs)) return undefined;
    return { name: e.lhs.name, domain: e.rhs, span: e.span };
  }

  private braceExpr(node: C.BraceExprCstNode): A.Expr {
    const c = this.kids(node);
    this.tok(c.RCurly);
    const span = this.nodeSpan(node);
    const items = (c.braceItem ?? []).map((i) => {
      const k = this.kids(i);
      return { lhs: this.exprOf(k.lhs), rhs: k.rhs ? this.expr(k.rhs[0]) : undefined };
    });
    if (items.every((i) => i.rhs === undefined))
      return { kind: "setLit", elems: items.map((i) => i.lhs), span };
    if (items.length === 1) {
      const { lhs, rhs } = items[0];
      const filter = this.asBinder(lhs);
      if (filter) return { kind: "setFilter", binder: filter, pred: rhs!, span };
      const map = this.asBinder(rhs);
      if (map) return { kind: "setMap", body: lhs, binder: map, span };
    }
    const fields = items.flatMap(({ lhs, rhs }) =>
      rhs !== undefined && lhs.kind === "name" && !this.parenthesised.has(lhs)
        ? [{ name: lhs.name, value: rhs }]
        : [],
    );
    if (fields.length === items.length) return { kind: "record", fields, span };
    this.report(
      "S004",
      "cannot tell what this brace expression is: write a set `{a, b}`, a record `{f: e, g: e}`, " +
        "a filter `{x in S: p}` or a map comprehension `{e : x in S}`",
      span,
    );
    return { kind: "setLit", elems: items.map((i) => i.lhs), span };
  }

  private bracketExpr(node: C.BracketExprCstNode): A.Expr {
    const c = this.kids(node);
    this.tok(c.RBracket);
    const span = this.nodeSpan(node);
    if (!c.first) return { kind: "seqLit", elems: [], span };
    const first = this.expr(c.first[0]);
    if (c.Arrow) return { kind: "fnSet", domain: first, codomain: this.exprOf(c.codomain), span };
    if (!c.MapsTo)
      return { kind: "seqLit", elems: [first, ...(c.rest ?? []).map((e) => this.expr(e))], span };
    const body = this.exprOf(c.body);
    const binder = this.asBinder(first);
    if (binder) return { kind: "mapLit", binder, body, span };
    this.report("S004", "a map literal starts with a binder: `[k in K |-> e]`", first.span);
    return { kind: "seqLit", elems: [first, body], span };
  }

  // ---- types ----------------------------------------------------------------------------------

  private typeExpr(node: C.TypeExprCstNode): A.TypeExpr {
    const c = this.kids(node);
    let type = this.typeAtom(this.one(c.typeAtom));
    for (const q of c.Question ?? [])
      type = { kind: "option", inner: type, span: joinSpans(type.span, this.tokSpan(this.tok([q]))) };
    return type;
  }

  private typeAtom(node: C.TypeAtomCstNode): A.TypeExpr {
    const c = this.kids(node);
    if (c.enumType) {
      const k = this.kids(c.enumType[0]);
      this.tok(k.RCurly);
      return {
        kind: "enum",
        members: (k.enumMember ?? []).map((m) => {
          const mc = this.kids(m);
          return this.ident(this.tok(mc.Identifier ?? mc.None));
        }),
        span: this.nodeSpan(c.enumType[0]),
      };
    }
    if (c.recordType) {
      const k = this.kids(c.recordType[0]);
      this.tok(k.RCurly);
      const fields = (k.fieldType ?? []).map((f) => {
        const fc = this.kids(f);
        return { name: this.nameOf(fc), type: this.typeOf(fc.typeExpr) };
      });
      return { kind: "record", fields, span: this.nodeSpan(c.recordType[0]) };
    }
    if (c.mapType) {
      const k = this.kids(c.mapType[0]);
      this.tok(k.RBracket);
      const [key, value] = [this.typeOf(k.key), this.typeOf(k.value)];
      return { kind: "map", key, value, span: this.nodeSpan(c.mapType[0]) };
    }
    if (c.setType) {
      const k = this.kids(c.setType[0]);
      this.tok(k.Greater);
      return { kind: "set", elem: this.typeOf(k.typeExpr), span: this.nodeSpan(c.setType[0]) };
    }
    if (c.tupleType) {
      const k = this.kids(c.tupleType[0]);
      this.tok(k.Greater);
      const fields = (k.typeExpr ?? []).map((t, i) => {
        const type = this.typeExpr(t);
        return { name: { name: tupleFieldName(i), span: type.span }, type };
      });
      return { kind: "record", fields, span: this.nodeSpan(c.tupleType[0]) };
    }
    if (c.seqType) {
      const k = this.kids(c.seqType[0]);
      this.tok(k.Greater);
      const elem = this.typeOf(k.typeExpr);
      return {
        kind: "seq",
        elem,
        bound: this.additive(this.one(k.bound)),
        span: this.nodeSpan(c.seqType[0]),
      };
    }
    const k = this.kids(this.one(c.rangeType));
    const lo = this.additive(this.one(k.lo));
    if (k.hi) return { kind: "range", lo, hi: this.additive(k.hi[0]), span: this.nodeSpan(c.rangeType![0]) };
    if (lo.kind === "name" && !this.parenthesised.has(lo))
      return { kind: "named", name: lo.name, span: lo.span };
    // `subsets(T)` (TLA+'s SUBSET T) as a type is `set<T>`.
    const elem =
      lo.kind === "call" && lo.callee.name === "subsets" && lo.args.length === 1 ? lo.args[0] : undefined;
    if (elem?.kind === "name")
      return { kind: "set", elem: { kind: "named", name: elem.name, span: elem.span }, span: lo.span };
    if (elem?.kind === "binary" && elem.op === "..")
      return {
        kind: "set",
        elem: { kind: "range", lo: elem.lhs, hi: elem.rhs, span: elem.span },
        span: lo.span,
      };
    this.report(
      "S005",
      "expected a type: a name, a range `lo..hi`, a record, a map, a set, a sequence or an enum",
      lo.span,
    );
    return { kind: "named", name: { name: "?", span: lo.span }, span: lo.span };
  }

  // ---- leaves ---------------------------------------------------------------------------------

  private ident(t: IToken): A.Ident {
    return { name: t.image, span: this.tokSpan(t) };
  }

  private name(node: C.NameCstNode): A.Ident {
    return this.ident(this.tok(this.kids(node).Identifier));
  }

  private stepName(nodes: C.StepNameCstNode[] | undefined): A.Ident {
    const c = this.kids(this.one(nodes));
    return this.ident(this.tok(c.Identifier ?? c.Check));
  }

  private number(t: IToken): number {
    const value = Number(t.image);
    if (!Number.isSafeInteger(value))
      this.report("S006", `the number ${t.image} is too large`, this.tokSpan(t));
    return value;
  }
}

/** Is `e` something an assignment can write to: a name, or a field or entry of one? */
function isLocation(e: A.Expr): boolean {
  if (e.kind === "name") return true;
  if (e.kind === "field" || e.kind === "index") return isLocation(e.target);
  return false;
}

const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0" };

/** The value of a string literal: quotes removed, `\n`, `\t`, `\r`, `\0` decoded, `\x` → x. */
function unquote(image: string): string {
  return image.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => escapes[ch] ?? ch);
}

/** `fair` / `strong fair` before a step or action: its own fairness (WF / SF). */
function fairnessOf(c: { Fair?: unknown[]; Strong?: unknown[] }): { fairness?: A.Fairness } {
  if (!c.Fair) return {};
  return { fairness: c.Strong ? "strong" : "weak" };
}
