// Prints a typed expression back in the spec's own syntax, for runtime error messages: an index
// outside its domain reads `flags[i + 1]: index 3 is outside its domain 1..2`, naming the
// expression the user wrote. In: a typed expression. Out: its text (parts too large or too
// unusual to print come out as `...`).

import { isTupleFields } from "../model/types.js";
import type { TExpr } from "./typed.js";

const MAX_LENGTH = 60;

/** The expression as source text, shortened past about 60 characters. */
export function showExpr(e: TExpr): string {
  const text = show(e, 0);
  return text.length > MAX_LENGTH ? text.slice(0, MAX_LENGTH - 3) + "..." : text;
}

// Binding strength of each infix operator, for parentheses where the tree needs them.
const STRENGTH: Record<string, number> = {
  "=>": 1,
  "||": 2,
  "&&": 3,
  "==": 4,
  "!=": 4,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  in: 4,
  union: 5,
  intersect: 5,
  minus: 5,
  "+": 7,
  "-": 7,
  "*": 8,
  "/": 8,
  "%": 8,
};

function show(e: TExpr, outer: number): string {
  const infix = (op: string, a: TExpr, b: TExpr) => {
    const s = STRENGTH[op];
    const text = `${show(a, s)} ${op} ${show(b, s + 1)}`;
    return s < outer ? `(${text})` : text;
  };
  switch (e.k) {
    case "lit":
      if (typeof e.value === "boolean") return String(e.value);
      if (e.type.kind === "enum") return e.type.members[e.value] ?? String(e.value);
      if (e.type.kind === "bool") return String(e.value !== 0);
      return String(e.value);
    case "none":
      return "none";
    case "global":
    case "frame":
    case "bound":
    case "param":
      return e.name;
    case "local":
      return e.instance ? `${e.process}[${show(e.instance, 0)}].${e.name}` : e.name;
    case "self":
      return e.name ?? "self";
    case "not":
      return `!${show(e.e, 9)}`;
    case "neg":
      return `-${show(e.e, 9)}`;
    case "arith":
    case "cmp":
    case "logic":
    case "setop":
      return infix(e.op, e.a, e.b);
    case "eq":
      return infix(e.negated ? "!=" : "==", e.a, e.b);
    case "in":
      return infix("in", e.elem, e.set);
    case "range":
      return `${show(e.lo, 7)}..${show(e.hi, 7)}`;
    case "field": {
      const t = e.target.type;
      const name = t.kind === "record" ? t.fields[e.index]?.name : undefined;
      if (t.kind === "record" && isTupleFields(t.fields.map((f) => f.name)))
        return `${show(e.target, 10)}[${name ?? "?"}]`;
      return `${show(e.target, 10)}.${name ?? "?"}`;
    }
    case "index":
      return `${show(e.target, 10)}[${show(e.key, 0)}]`;
    case "prime":
      return `${show(e.e, 10)}'`;
    case "fnSet":
      return `[${e.keys.map((k) => show(k, 0)).join(", ")} -> ${show(e.codomain, 0)}]`;
    case "some":
      return `some(${show(e.e, 0)})`;
    case "the":
      return `the(${show(e.e, 0)})`;
    case "builtin":
      return `${e.fn === "minSet" ? "min" : e.fn === "maxSet" ? "max" : e.fn}(${e.args.map((a) => show(a, 0)).join(", ")})`;
    case "fnCall":
      return `${e.fn}(${e.args.map((a) => show(a, 0)).join(", ")})`;
    case "at":
      return `${e.process}${e.instance ? `[${show(e.instance, 0)}]` : ""} at ${e.step}`;
    case "quant": {
      const binders = e.binders.map((b) => `${b.name} in ${show(b.domain, 0)}`).join(", ");
      const text = `${e.q} ${binders}: ${show(e.body, 0)}`;
      return outer > 0 ? `(${text})` : text;
    }
    case "fold": {
      const text = `fold ${e.acc} = ${show(e.base, 0)}, ${e.binder.name} in ${show(e.binder.domain, 0)}: ${show(e.body, 0)}`;
      return outer > 0 ? `(${text})` : text;
    }
    case "ite": {
      const text = `if ${show(e.c, 0)} then ${show(e.a, 0)} else ${show(e.b, 0)}`;
      return outer > 0 ? `(${text})` : text;
    }
    case "setLit":
      return `{${e.elems.map((x) => show(x, 0)).join(", ")}}`;
    case "seqLit":
      return `[${e.elems.map((x) => show(x, 0)).join(", ")}]`;
    default:
      return "...";
  }
}
