// Symmetry for the reference interpreter, written independently of src/runtime/symmetry.ts: on
// plain values, directed by the checked types, with no slots or masks. In: the checked spec. Out:
// an orbit key for a state — the least canonical string over every renaming of the symmetric
// values — or undefined when the spec declares no symmetry. Two states get the same key exactly
// when a renaming maps one onto the other, so a search keyed by it counts orbits.
//
// A renaming permutes the values of the symmetric type T (a `symmetric type`, or a symmetric
// process array's index type) wherever a value of type T sits: variables, fields, optionals, set
// elements, map keys and values, sequence elements, process locals and proc frames; a symmetric
// process array's instances move with their ids.

import { sameType, type Type } from "../../src/model/types.js";
import type { CheckedSpec, TProcess } from "../../src/typecheck/typed.js";
import type { Instance, State } from "./state.js";
import { canonical, makeSet, universe, type Value } from "./values.js";

/** The orbit key of a state under the spec's symmetry, or undefined without one. */
export function orbitKeyOf(spec: CheckedSpec): ((st: State) => string) | undefined {
  const array = spec.processes.find((p) => p.symmetric && p.indexed);
  const T = spec.symmetricType?.type ?? array?.indexType;
  if (!T) return undefined;
  const values = universe(T);
  const renamings = permutations(values.length).map(
    (p) => new Map(values.map((v, i) => [canonical(v), values[p[i]]] as const)),
  );
  return (st) => renamings.map((r) => canonical(renameState(spec, T, array, r, st))).sort()[0];
}

type Renaming = Map<string, Value>;

function renameState(spec: CheckedSpec, T: Type, array: TProcess | undefined, r: Renaming, st: State): State {
  const globals: Record<string, Value> = {};
  for (const v of spec.vars) globals[v.name] = rename(T, r, v.type, st.globals[v.name]);
  const processes: Record<string, Instance[]> = {};
  for (const p of spec.processes) {
    const renamed = st.processes[p.name].map((inst) => renameInstance(T, r, p, inst));
    if (p !== array) {
      processes[p.name] = renamed;
      continue;
    }
    // Instance k (id values[k]) moves to the position of its renamed id.
    const moved: Instance[] = new Array(renamed.length);
    p.indexValues.forEach((id, k) => {
      const to = r.get(canonical(id)) as number;
      moved[p.indexValues.indexOf(to)] = renamed[k];
    });
    processes[p.name] = moved;
  }
  return { globals, processes };
}

function renameInstance(T: Type, r: Renaming, p: TProcess, inst: Instance): Instance {
  const locals: Record<string, Value> = {};
  for (const l of p.locals) locals[l.name] = rename(T, r, l.type, inst.locals[l.name]);
  const stack = inst.stack.map((fr) => {
    const proc = p.procs.find((x) => x.name === fr.proc);
    const types = new Map([...(proc?.params ?? []), ...(proc?.locals ?? [])].map((x) => [x.name, x.type]));
    const vars: Record<string, Value> = {};
    for (const [name, v] of Object.entries(fr.vars)) {
      const t = types.get(name);
      vars[name] = t ? rename(T, r, t, v) : v;
    }
    return { ...fr, vars };
  });
  return { pc: inst.pc, locals, stack };
}

/** The value `v` of type `t` with every value of T in it renamed. */
function rename(T: Type, r: Renaming, t: Type, v: Value): Value {
  if (v === undefined) return v;
  if (sameType(t, T)) return r.get(canonical(v)) ?? v;
  switch (t.kind) {
    case "option":
      return v === null ? null : rename(T, r, t.inner, v);
    case "set":
      return makeSet(
        t.elem,
        (v as Value[]).map((x) => rename(T, r, t.elem, x)),
      );
    case "seq":
      return (v as Value[]).map((x) => rename(T, r, t.elem, x));
    case "record": {
      const rec = v as Record<string, Value>;
      const out: Record<string, Value> = {};
      for (const f of t.fields) out[f.name] = rename(T, r, f.type, rec[f.name]);
      return out;
    }
    case "map": {
      const m = v as Map<Value, Value>;
      const entries = new Map<string, [Value, Value]>();
      for (const [k, x] of m) {
        const k2 = rename(T, r, t.key, k);
        entries.set(canonical(k2), [k2, rename(T, r, t.value, x)]);
      }
      // Keys in the key type's order, as every map value keeps them.
      return new Map(universe(t.key).map((k) => entries.get(canonical(k))!));
    }
    default:
      return v;
  }
}

function permutations(n: number): number[][] {
  if (n <= 1) return [[0]];
  const out: number[][] = [];
  const rec = (prefix: number[], rest: number[]): void => {
    if (!rest.length) return void out.push(prefix);
    rest.forEach((x, i) => rec([...prefix, x], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  rec([], [...Array(n).keys()]);
  return out;
}
