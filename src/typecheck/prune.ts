// Drops the state variables and fns that nothing in a checked spec uses. In: a CheckedSpec. Out:
// the same spec without them. A library module declares the state of a whole kernel subsystem
// (the slab caches, the RCU readers, both designs of the VMA lock); a spec that uses part of it
// should not carry the rest in every state and every printed trace. A variable nothing reads or
// writes keeps its initial value forever, so dropping it changes no verdict and no state count;
// a variable with several initial values (`var x: T in S`) is kept, since it multiplies states.

import type { CheckedSpec, TFn } from "./typed.js";

/** The spec without unused variables and fns. */
export function pruneUnused(spec: CheckedSpec): CheckedSpec {
  const fnsByName = new Map(spec.fns.map((f) => [f.name, f]));
  const usedVars = new Set<string>();
  const usedFns = new Set<string>();

  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const x of node) visit(x);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (n.k === "global" && typeof n.name === "string") usedVars.add(n.name);
    if (n.k === "fnCall" && typeof n.fn === "string" && !usedFns.has(n.fn)) {
      usedFns.add(n.fn);
      const fn = fnsByName.get(n.fn);
      if (fn) visit(fn.body);
    }
    for (const [key, value] of Object.entries(n)) if (key !== "type" && key !== "span") visit(value);
  };

  visit([spec.processes, spec.actions, spec.invariants, spec.constraints, spec.properties, spec.init ?? []]);
  // A refinement mapping reads the state too: what it reads must stay in the state it maps.
  visit((spec.refinements ?? []).map((r) => r.entries));
  for (const v of spec.vars) if (v.initIn) usedVars.add(v.name);
  // An initial value may read another variable: keep what the kept initial values read.
  for (let before = -1; before !== usedVars.size; ) {
    before = usedVars.size;
    visit(spec.vars.filter((v) => usedVars.has(v.name)).map((v) => v.init));
  }
  return {
    ...spec,
    vars: spec.vars.filter((v) => usedVars.has(v.name)),
    fns: spec.fns.filter((f: TFn) => usedFns.has(f.name)),
  };
}
