// Turns types as written into checked types, proving each finite and non-empty. Range bounds and
// sequence bounds are constant expressions, so constants are evaluated first (consts.ts).

import type { TypeExpr } from "../ast/ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SymbolTable } from "../resolve/symbols.js";
import { evalConstExpr, type ConstValue } from "./consts.js";
import { cardinality, isEnumerable, isSetElement, type Type } from "../model/types.js";
import { BOOL, ERROR, hasError, setLimitText, setUniverseLimit, typeToString } from "./types.js";
import { withHint } from "../diagnostics/diagnostic.js";
import { unknownNameHint } from "./hints.js";

/** The most slots one map may spread over; beyond it a state would be unreasonably wide. */
const MAX_MAP_KEYS = 1 << 16;
const UNBOUNDED = new Set(["int", "integer", "nat", "Int", "Nat", "string", "String"]);

export class TypeResolver {
  private readonly named = new Map<string, Type>();
  private readonly resolving = new Set<string>();
  /** The built-in type `task` (one member per process instance), once the processes are sized. */
  private task?: Type;

  constructor(
    private readonly table: SymbolTable,
    private readonly consts: Map<string, ConstValue>,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** Sets the built-in type `task`, whose members are the spec's process instances. */
  setTask(t: Type): void {
    this.task = t;
  }

  /** The built-in type `task`, unless a declaration named `task` hides it. */
  taskType(): Type | undefined {
    return this.table.decls.has("task") ? undefined : this.task;
  }

  /** The type a `type Name = ...` declaration names, resolved once. */
  named_(name: string): Type | undefined {
    const cached = this.named.get(name);
    if (cached) return cached;
    const decl = this.table.decls.get(name);
    if (!decl || decl.kind !== "type") return undefined;
    if (this.resolving.has(name)) {
      this.diagnostics.push(error("T011", `type '${name}' is defined in terms of itself`, decl.name.span));
      return ERROR;
    }
    this.resolving.add(name);
    const t = this.resolve(decl.type, name);
    this.resolving.delete(name);
    this.named.set(name, t);
    return t;
  }

  /** Resolves a written type; `name` names an enum declared by `type Name = enum {...}`. */
  resolve(t: TypeExpr, name = ""): Type {
    switch (t.kind) {
      case "named": {
        const n = t.name.name;
        if (n === "bool") return BOOL;
        const declared = this.named_(n);
        if (declared) return declared;
        if (n === "task" && this.taskType()) return this.taskType()!;
        if (UNBOUNDED.has(n)) {
          this.diagnostics.push(
            error(
              "T002",
              `type '${n}' is unbounded: every type must be finite (use a range such as 0..7)`,
              t.span,
            ),
          );
        } else {
          const decl = this.table.decls.get(n);
          const types = [...this.table.decls.values()]
            .filter((d) => d.kind === "type")
            .map((d) => d.name.name);
          const hint = decl
            ? decl.kind === "const"
              ? `a range type is written with '..': 0..${n}`
              : undefined
            : unknownNameHint(n, [...types, "bool", ...(this.taskType() ? ["task"] : [])], ["type"]);
          const message = decl ? `'${n}' is a ${decl.kind}, not a type` : `unknown type '${n}'`;
          this.diagnostics.push(withHint(error(decl ? "T009" : "N001", message, t.span), hint));
        }
        return ERROR;
      }
      case "range": {
        const lo = this.constInt(t.lo);
        const hi = this.constInt(t.hi);
        if (lo > hi) {
          this.diagnostics.push(
            error("T003", `the range ${lo}..${hi} is empty: a type must have at least one value`, t.span),
          );
          return { kind: "int", lo, hi: lo };
        }
        if (hi - lo >= 2 ** 30) {
          this.diagnostics.push(
            error(
              "T002",
              `the range ${lo}..${hi} is too large for a state slot (at most 2^30 values)`,
              t.span,
            ),
          );
          return { kind: "int", lo, hi: lo };
        }
        return { kind: "int", lo, hi };
      }
      case "enum":
        if (t.members.length === 0) {
          this.diagnostics.push(error("T003", "an enum needs at least one member", t.span));
        }
        return { kind: "enum", name, members: t.members.map((m) => m.name) };
      case "record": {
        const seen = new Set<string>();
        for (const f of t.fields) {
          if (seen.has(f.name.name))
            this.diagnostics.push(error("N002", `field '${f.name.name}' appears twice`, f.name.span));
          seen.add(f.name.name);
        }
        return {
          kind: "record",
          fields: t.fields.map((f) => ({ name: f.name.name, type: this.resolve(f.type) })),
        };
      }
      case "map": {
        const key = this.resolve(t.key);
        const value = this.resolve(t.value);
        // A key or element type in error was reported where it was written.
        if (!isEnumerable(key) && !hasError(key)) {
          this.diagnostics.push(
            error(
              "T012",
              `a map key must be bool, an integer range or an enum, not ${typeToString(key)}`,
              t.key.span,
            ),
          );
        } else if (cardinality(key) > MAX_MAP_KEYS) {
          this.diagnostics.push(
            error(
              "T002",
              `a map over ${cardinality(key)} keys is too large (at most ${MAX_MAP_KEYS})`,
              t.key.span,
            ),
          );
        }
        return { kind: "map", key, value };
      }
      case "set": {
        const elem = this.resolve(t.elem);
        if (!isSetElement(elem) && !hasError(elem)) {
          this.diagnostics.push(
            error(
              "T012",
              `set elements must be bool, an integer range, an enum, a set of those or a record of bool, range and enum fields, not ${typeToString(elem)}`,
              t.elem.span,
            ),
          );
          return { kind: "set", elem: ERROR }; // reported once, here: silent where it is used
        } else if (cardinality(elem) > setUniverseLimit(elem)) {
          this.diagnostics.push(
            error(
              "T008",
              `set<${typeToString(elem)}> has ${cardinality(elem)} possible elements; ${setLimitText(elem)}`,
              t.span,
            ),
          );
          return { kind: "set", elem: ERROR };
        }
        return { kind: "set", elem };
      }
      case "seq": {
        const elem = this.resolve(t.elem);
        const bound = this.constInt(t.bound);
        if (bound < 0 || bound > 4096) {
          this.diagnostics.push(
            error("T002", `a sequence bound must be between 0 and 4096, not ${bound}`, t.bound.span),
          );
          return { kind: "seq", elem, bound: 0 };
        }
        return { kind: "seq", elem, bound };
      }
      case "option": {
        const inner = this.resolve(t.inner);
        if (inner.kind === "option")
          this.diagnostics.push(error("T012", "an optional of an optional is not allowed", t.span));
        return { kind: "option", inner };
      }
    }
  }

  private constInt(e: import("../ast/ast.js").Expr): number {
    const v = evalConstExpr(e, (n) => this.consts.get(n), this.diagnostics);
    if (typeof v !== "number") {
      this.diagnostics.push(error("T001", "a bound must be an integer", e.span));
      return 0;
    }
    return v;
  }
}
