// The checker's own type vocabulary, on top of the value types in model/types.ts: the placeholder
// types of expressions still being inferred or already in error, the limits a spec must respect,
// and the forms of types messages print. Nothing after type checking needs these.

import { intType, isTupleFields, sameType, type Type } from "../model/types.js";

export const BOOL: Type = { kind: "bool" };
export const STRING: Type = { kind: "string" };
export const UNKNOWN: Type = { kind: "unknown" };
export const ERROR: Type = { kind: "error" };

/** Whether a type is, or contains, the error type: whatever is wrong with it was already reported. */
export function hasError(t: Type): boolean {
  return someType(t, (x) => x.kind === "error");
}

/** Whether `pred` holds of the type or of a type inside it (a field, key, value or element). */
export function someType(t: Type, pred: (t: Type) => boolean): boolean {
  if (pred(t)) return true;
  switch (t.kind) {
    case "record":
      return t.fields.some((f) => someType(f.type, pred));
    case "map":
      return someType(t.key, pred) || someType(t.value, pred);
    case "set":
    case "seq":
      return someType(t.elem, pred);
    case "option":
      return someType(t.inner, pred);
    default:
      return false;
  }
}

/** The most instances of one process array: an explicit-state search of more cannot finish, and
 *  the layout, the `task` type and the generated code grow with the count. */
export const MAX_INSTANCES = 1024;

/** The most slots a state may take (the sum over variables, locals and frames of every instance):
 *  every state stored costs its packed form, and the generated code copies it per successor. */
export const MAX_STATE_SLOTS = 1 << 16;

/** The largest set universe a bit mask can hold. */
export const MAX_SET_UNIVERSE = 32;

/**
 * The largest universe of a stored set of bools, integers or enum members: such a set takes
 * ceil(n / 32) slots (a multi-word set). Sets of sets and of records stay one mask.
 */
export const MAX_WIDE_SET_UNIVERSE = 4096;

/** What T008 says about the limit for a set of `elem`. */
export function setLimitText(elem: Type): string {
  return setUniverseLimit(elem) === MAX_SET_UNIVERSE
    ? `a set of ${elem.kind === "set" ? "sets" : "records"} holds at most ${MAX_SET_UNIVERSE}`
    : `a stored set holds at most ${MAX_WIDE_SET_UNIVERSE}`;
}

/** The most possible elements a stored set of `elem` may range over. */
export function setUniverseLimit(elem: Type): number {
  return elem.kind === "bool" || elem.kind === "int" || elem.kind === "enum"
    ? MAX_WIDE_SET_UNIVERSE
    : MAX_SET_UNIVERSE;
}

/** Prints a type as the user would write it. */
export function typeToString(t: Type): string {
  switch (t.kind) {
    case "bool":
      return "bool";
    case "int":
      return t.lo === t.hi ? `${t.lo}..${t.hi}` : `${t.lo}..${t.hi}`;
    case "enum":
      return t.name || `enum { ${t.members.join(", ")} }`;
    case "record":
      if (isTupleFields(t.fields.map((f) => f.name)))
        return `tuple<${t.fields.map((f) => typeToString(f.type)).join(", ")}>`;
      return `{ ${t.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(", ")} }`;
    case "map":
      return `[${typeToString(t.key)} -> ${typeToString(t.value)}]`;
    case "set":
      return `set<${typeToString(t.elem)}>`;
    case "seq":
      return `seq<${typeToString(t.elem)}, ${t.bound}>`;
    case "option":
      return `${typeToString(t.inner)}?`;
    case "string":
      return "string";
    case "unknown":
      return "unknown";
    case "error":
      return "(error)";
  }
}

/** A type as a message names it: `typeToString`, except that a one-value integer type (the type
 * of a literal such as `0`) reads as "the integer 0", not "0..0". */
export function describeType(t: Type): string {
  return t.kind === "int" && t.lo === t.hi ? `the integer ${t.lo}` : typeToString(t);
}

/** Structural type equality, ignoring integer bounds. */
export function sameShape(a: Type, b: Type): boolean {
  if (a.kind === "unknown" || b.kind === "unknown") return true;
  if (a.kind === "error" || b.kind === "error") return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "enum":
      return a.name === (b as typeof a).name && a.members.join() === (b as typeof a).members.join();
    case "record": {
      const bf = (b as typeof a).fields;
      return (
        a.fields.length === bf.length &&
        a.fields.every((f, i) => f.name === bf[i].name && sameShape(f.type, bf[i].type))
      );
    }
    case "map":
      // A map is total over its key type, so key types must match exactly, bounds included.
      return sameType(a.key, (b as typeof a).key) && sameShape(a.value, (b as typeof a).value);
    case "set":
      return sameShape(a.elem, (b as typeof a).elem);
    case "seq":
      return sameShape(a.elem, (b as typeof a).elem);
    case "option":
      return sameShape(a.inner, (b as typeof a).inner);
    default:
      return true;
  }
}

/** The smallest type holding values of both (integer intervals joined). Assumes sameShape. */
export function joinTypes(a: Type, b: Type): Type {
  if (a.kind === "error" || b.kind === "error") return ERROR;
  if (a.kind === "unknown") return b;
  if (b.kind === "unknown") return a;
  if (a.kind === "int" && b.kind === "int") return intType(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi));
  if (a.kind === "option" && b.kind === "option")
    return { kind: "option", inner: joinTypes(a.inner, b.inner) };
  if (a.kind === "set" && b.kind === "set") return { kind: "set", elem: joinTypes(a.elem, b.elem) };
  if (a.kind === "seq" && b.kind === "seq")
    return { kind: "seq", elem: joinTypes(a.elem, b.elem), bound: Math.max(a.bound, b.bound) };
  if (a.kind === "record" && b.kind === "record")
    return {
      kind: "record",
      fields: a.fields.map((f, i) => ({ name: f.name, type: joinTypes(f.type, b.fields[i].type) })),
    };
  if (a.kind === "map" && b.kind === "map")
    return { kind: "map", key: a.key, value: joinTypes(a.value, b.value) };
  return a;
}
