// Turns a state's slots back into values named as the user wrote them, for traces and trace
// files. In: the state shape the code generator recorded (types and offsets) and the slots.
// Out: [name, value] pairs: globals, then each process instance's pc and locals, then the
// parameters and locals of procs that are running.

import type { ShownValue } from "../model/model.js";
import type { StateShape } from "../model/generated.js";
import { recordAt, slotCount, type Type } from "../model/types.js";
import { NONE } from "./values.js";

/** Every variable of the state, by name. */
export function showState(shape: StateShape, s: Int32Array): [string, ShownValue][] {
  const out: [string, ShownValue][] = [];
  for (const g of shape.globals) out.push([g.name, showValue(g.type, s, g.offset)]);
  for (const p of shape.processes) {
    p.instances.forEach((inst, i) => {
      const o = p.base + i * p.stride;
      const who = p.indexed ? `${p.name}[${inst}]` : p.name;
      out.push([`${who}.pc`, { kind: "pc", value: p.pcNames[s[o + p.pc]] ?? "?" }]);
      for (const l of p.locals) out.push([`${who}.${l.name}`, showValue(l.type, s, o + l.offset)]);
      for (const f of p.frames) {
        if (s[o + f.ret] === 0) continue;
        for (const v of f.vars) out.push([`${who}.${f.proc}.${v.name}`, showValue(v.type, s, o + v.offset)]);
      }
    });
  }
  return out;
}

function isScalarOption(t: Extract<Type, { kind: "option" }>): boolean {
  return t.inner.kind === "bool" || t.inner.kind === "int" || t.inner.kind === "enum";
}

function keyCount(t: Type): number {
  return t.kind === "bool"
    ? 2
    : t.kind === "int"
      ? t.hi - t.lo + 1
      : t.kind === "enum"
        ? t.members.length
        : 1;
}

/** The i-th value of an enumerable type. */
function nthValue(t: Type, i: number): ShownValue {
  if (t.kind === "bool") return { kind: "bool", value: i !== 0 };
  if (t.kind === "enum") return { kind: "enum", value: t.members[i] ?? `?${i}` };
  if (t.kind === "set") return showValue(t, [i], 0); // a set's ordinal is its mask
  if (t.kind === "record") return showValue(t, recordAt(t, i), 0);
  return { kind: "int", value: (t.kind === "int" ? t.lo : 0) + i };
}

/** The value of type `t` stored at slot `at`. */
export function showValue(t: Type, s: ArrayLike<number>, at: number): ShownValue {
  const v = s[at];
  switch (t.kind) {
    case "bool":
      return { kind: "bool", value: v !== 0 };
    case "int":
      return { kind: "int", value: v };
    case "enum":
      return { kind: "enum", value: t.members[v] ?? `?${v}` };
    case "set": {
      const elems: ShownValue[] = [];
      const words = slotCount(t); // a multi-word set holds element 32w + i in bit i of word w
      for (let w = 0; w < words; w++)
        for (let i = 0; i < 32; i++) if ((s[at + w] >>> i) & 1) elems.push(nthValue(t.elem, 32 * w + i));
      return { kind: "set", elems };
    }
    case "option":
      if (isScalarOption(t))
        return v === NONE ? { kind: "none" } : { kind: "some", value: showValue(t.inner, s, at) };
      return v === 0 ? { kind: "none" } : { kind: "some", value: showValue(t.inner, s, at + 1) };
    case "record": {
      let off = at;
      return {
        kind: "record",
        fields: t.fields.map((f) => {
          const shown: [string, ShownValue] = [f.name, showValue(f.type, s, off)];
          off += slotCount(f.type);
          return shown;
        }),
      };
    }
    case "map": {
      const stride = slotCount(t.value);
      const entries: [ShownValue, ShownValue][] = [];
      for (let i = 0; i < keyCount(t.key); i++)
        entries.push([nthValue(t.key, i), showValue(t.value, s, at + i * stride)]);
      return { kind: "map", entries };
    }
    case "seq": {
      const stride = slotCount(t.elem);
      const elems: ShownValue[] = [];
      for (let i = 0; i < v; i++) elems.push(showValue(t.elem, s, at + 1 + i * stride));
      return { kind: "seq", elems };
    }
    default:
      return { kind: "int", value: v };
  }
}
