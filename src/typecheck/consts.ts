// Evaluates constants: their declared values, then overrides from a check block or `--const K=V`.
// Types depend on constants (`0..READERS`), so this runs before types are resolved. Only integer
// and boolean constants exist; their expressions may use other constants, arithmetic, comparisons,
// logic, `if then else`, min and max.

import type { Expr } from "../ast/ast.js";
import { error, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { SymbolTable } from "../resolve/symbols.js";

export type ConstValue = number | boolean;

/** An override of a constant: from the CLI (no span) or from a check block (with the expression). */
export interface ConstOverride {
  name: string;
  value?: ConstValue;
  expr?: Expr;
  span?: Span;
  /** Where the override came from, for messages: "--const" or "check NAME". */
  origin: string;
}

/** Evaluates every constant of the table, applying overrides (later ones win). */
export function evaluateConsts(
  table: SymbolTable,
  overrides: readonly ConstOverride[],
): { values: Map<string, ConstValue>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const values = new Map<string, ConstValue>();
  const active = new Set<string>();
  const forced = new Map<string, ConstValue>();

  const valueOf = (name: string, at: Span): ConstValue | undefined => {
    if (values.has(name)) return values.get(name);
    if (forced.has(name)) return forced.get(name);
    const decl = table.decls.get(name);
    if (!decl || decl.kind !== "const") return undefined;
    if (active.has(name)) {
      diagnostics.push(error("E004", `constant '${name}' is defined in terms of itself`, at));
      return 0;
    }
    active.add(name);
    const v = evalConstExpr(decl.value, (n, s) => valueOf(n, s), diagnostics);
    active.delete(name);
    values.set(name, v);
    return v;
  };

  for (const o of overrides) {
    const decl = table.decls.get(o.name);
    if (!decl || decl.kind !== "const") {
      diagnostics.push(
        error("E001", `${o.origin} overrides '${o.name}', which is not a constant of this spec`, o.span),
      );
      continue;
    }
    const v = o.expr ? evalConstExpr(o.expr, (n, s) => valueOf(n, s), diagnostics) : o.value!;
    const declared = evalConstExpr(decl.value, (n, s) => valueOf(n, s), []);
    if (typeof v !== typeof declared) {
      diagnostics.push(
        error(
          "E002",
          `${o.origin} gives '${o.name}' the ${typeof v === "boolean" ? "boolean" : "integer"} ${v}, but it is ${typeof declared === "boolean" ? "a boolean" : "an integer"}`,
          o.span,
          [{ message: `'${o.name}' is declared here`, span: decl.name.span }],
        ),
      );
      continue;
    }
    forced.set(o.name, v);
    values.clear();
  }
  for (const [n, v] of forced) values.set(n, v);
  for (const decl of table.ordered) if (decl.kind === "const") valueOf(decl.name.name, decl.name.span);
  return { values, diagnostics };
}

type Lookup = (name: string, at: Span) => ConstValue | undefined;

/** Evaluates a constant expression; reports what is not constant. */
export function evalConstExpr(e: Expr, lookup: Lookup, diagnostics: Diagnostic[]): ConstValue {
  const num = (x: Expr): number => {
    const v = evalConstExpr(x, lookup, diagnostics);
    if (typeof v !== "number") {
      diagnostics.push(error("T001", "expected an integer constant", x.span));
      return 0;
    }
    return v;
  };
  const bool = (x: Expr): boolean => {
    const v = evalConstExpr(x, lookup, diagnostics);
    if (typeof v !== "boolean") {
      diagnostics.push(error("T001", "expected a boolean constant", x.span));
      return false;
    }
    return v;
  };
  switch (e.kind) {
    case "number":
      return e.value;
    case "bool":
      return e.value;
    case "name": {
      const v = lookup(e.name.name, e.span);
      if (v === undefined) {
        diagnostics.push(
          error("E003", `'${e.name.name}' is not a constant (only constants may appear here)`, e.span),
        );
        return 0;
      }
      return v;
    }
    case "unary":
      return e.op === "!" ? !bool(e.operand) : -num(e.operand);
    case "ite":
      return bool(e.cond)
        ? evalConstExpr(e.then, lookup, diagnostics)
        : evalConstExpr(e.else, lookup, diagnostics);
    case "call":
      if ((e.callee.name === "min" || e.callee.name === "max") && e.args.length === 2) {
        const a = num(e.args[0]);
        const b = num(e.args[1]);
        return e.callee.name === "min" ? Math.min(a, b) : Math.max(a, b);
      }
      break;
    case "binary": {
      switch (e.op) {
        case "+":
          return num(e.lhs) + num(e.rhs);
        case "-":
          return num(e.lhs) - num(e.rhs);
        case "*":
          return num(e.lhs) * num(e.rhs);
        case "/":
        case "%": {
          const a = num(e.lhs);
          const b = num(e.rhs);
          if (b === 0) {
            diagnostics.push(error("E005", "division by zero in a constant", e.span));
            return 0;
          }
          return e.op === "/" ? Math.floor(a / b) : a - b * Math.floor(a / b);
        }
        case "<":
          return num(e.lhs) < num(e.rhs);
        case "<=":
          return num(e.lhs) <= num(e.rhs);
        case ">":
          return num(e.lhs) > num(e.rhs);
        case ">=":
          return num(e.lhs) >= num(e.rhs);
        case "==":
        case "!=": {
          const a = evalConstExpr(e.lhs, lookup, diagnostics);
          const b = evalConstExpr(e.rhs, lookup, diagnostics);
          return e.op === "==" ? a === b : a !== b;
        }
        case "&&":
          return bool(e.lhs) && bool(e.rhs);
        case "||":
          return bool(e.lhs) || bool(e.rhs);
        case "=>":
          return !bool(e.lhs) || bool(e.rhs);
        default:
          break;
      }
      break;
    }
    default:
      // Sets, records, quantifiers, ...: not constants.
      break;
  }
  diagnostics.push(error("E003", "this expression is not a constant integer or boolean", e.span));
  return 0;
}
