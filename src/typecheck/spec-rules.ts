// Rules about a spec as a whole, once every declaration is typed. In: the typed variables,
// processes and actions. Out: diagnostics for a spec where nothing can happen, a process without
// steps, symmetry the checker cannot apply, and a state too large to store.

import type { Span } from "../diagnostics/diagnostic.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { TAction, TProcess, TVar } from "./typed.js";
import { cardinality, MAX_SYMMETRIC_INSTANCES, sameType, slotCount, type Type } from "../model/types.js";
import { MAX_STATE_SLOTS, someType } from "./types.js";

/** Every whole-spec problem, in a stable order. */
export function specRules(
  specName: string,
  header: Span | undefined,
  vars: readonly TVar[],
  processes: readonly TProcess[],
  actions: readonly TAction[],
  symmetricTypes: readonly SymmetricTypeDecl[] = [],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (processes.length === 0 && actions.length === 0)
    diagnostics.push(
      error("T015", `spec ${specName} has no process and no action: nothing can happen`, header),
    );
  diagnostics.push(
    ...symmetryProblems(processes),
    ...symmetricTypeProblems(symmetricTypes, processes),
    ...nestedSymmetricSets(vars, processes, symmetricTypes[0]),
  );
  for (const p of processes)
    if (p.steps.length === 0) diagnostics.push(error("T015", `process ${p.name} has no steps`, p.span));
  diagnostics.push(...stateSizeProblems(vars, processes));
  return diagnostics;
}

/** At most one symmetric process array, and one small enough to try every renaming of. */
function symmetryProblems(processes: readonly TProcess[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const symmetric = processes.filter((p) => p.symmetric);
  for (const p of symmetric.slice(1))
    diagnostics.push(
      error("T017", `only one process array may be symmetric (${symmetric[0].name} already is)`, p.span),
    );
  for (const p of symmetric) {
    if (!p.indexed)
      diagnostics.push(
        error("T017", `a symmetric process must be an array: ${p.name} has one instance`, p.span),
      );
    else if (p.indexValues.length > MAX_SYMMETRIC_INSTANCES)
      diagnostics.push(
        error(
          "T017",
          `symmetry reduction tries every renaming: at most ${MAX_SYMMETRIC_INSTANCES} instances, ${p.name} has ${p.indexValues.length}`,
          p.span,
        ),
      );
  }
  return diagnostics;
}

/** A `symmetric type` declaration, resolved. */
export interface SymmetricTypeDecl {
  name: string;
  type: Type;
  span: Span;
}

/**
 * At most one symmetric type, a range or an enum small enough to try every renaming of, and no
 * symmetric process array indexed by another type (the canonicaliser renames one kind of value).
 */
function symmetricTypeProblems(
  types: readonly SymmetricTypeDecl[],
  processes: readonly TProcess[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const t of types.slice(1))
    diagnostics.push(error("T017", `only one type may be symmetric (${types[0].name} already is)`, t.span));
  const first = types[0];
  if (!first) return diagnostics;
  const t = first.type;
  if (t.kind !== "int" && t.kind !== "enum" && t.kind !== "error")
    diagnostics.push(
      error("T017", `a symmetric type must be a range or an enum: ${first.name} is not`, first.span),
    );
  else if (cardinality(t) > MAX_SYMMETRIC_INSTANCES)
    diagnostics.push(
      error(
        "T017",
        `symmetry reduction tries every renaming: a symmetric type has at most ${MAX_SYMMETRIC_INSTANCES} values, ${first.name} has ${cardinality(t)}`,
        first.span,
      ),
    );
  for (const p of processes)
    if (p.symmetric && p.indexed && !sameType(p.indexType, t))
      diagnostics.push(
        error(
          "T017",
          `symmetric process ${p.name} is indexed by another type than the symmetric type ${first.name}: only one kind of value is renamed`,
          p.span,
        ),
      );
  return diagnostics;
}

/**
 * Symmetry reduction renames instance ids in scalars, sets and map keys, not inside the elements
 * of a set of sets or of records: a state holding one would be canonicalised wrongly, so it is
 * refused.
 */
function nestedSymmetricSets(
  vars: readonly TVar[],
  processes: readonly TProcess[],
  symmetricType: SymmetricTypeDecl | undefined,
): Diagnostic[] {
  const p = processes.find((x) => x.symmetric && x.indexed);
  const T = symmetricType?.type ?? p?.indexType;
  if (!T) return [];
  const owner = symmetricType ? `the symmetric type ${symmetricType.name}` : `${p!.name}'s index type`;
  const nested = (t: Type): boolean =>
    someType(t, (x) => x.kind === "set" && !sameType(x.elem, T) && someType(x.elem, (y) => sameType(y, T)));
  const all = [
    ...vars.map((v) => ({ ...v, at: v.span })),
    ...processes.flatMap((x) => [
      ...x.locals.map((v) => ({ ...v, at: v.span })),
      ...x.procs.flatMap((pr) => [...pr.params, ...pr.locals].map((v) => ({ ...v, at: pr.span }))),
    ]),
  ];
  return all
    .filter((v) => nested(v.type))
    .map((v) =>
      error(
        "T017",
        `${v.name} holds sets of sets or of records of ${owner}, which symmetry reduction cannot rename`,
        v.at,
      ),
    );
}

/** A state larger than MAX_STATE_SLOTS, reported at its largest part: the layout and the
 *  generated code grow with it, and past it a search cannot store even a few states. */
function stateSizeProblems(vars: readonly TVar[], processes: readonly TProcess[]): Diagnostic[] {
  const parts = [
    ...vars.map((v) => ({ slots: slotCount(v.type), span: v.span, what: `variable ${v.name}` })),
    ...processes.map((p) => {
      const frames = p.procs.reduce(
        (n, proc) => n + 1 + proc.params.reduce((m, x) => m + slotCount(x.type), 0) + sumSlots(proc.locals),
        0,
      );
      const each = 1 + sumSlots(p.locals) + frames;
      return { slots: each * Math.max(1, p.indexValues.length), span: p.span, what: `process ${p.name}` };
    }),
  ];
  const total = parts.reduce((n, x) => n + x.slots, 0);
  if (total <= MAX_STATE_SLOTS) return [];
  const largest = parts.reduce((a, b) => (b.slots > a.slots ? b : a));
  return [
    error(
      "T020",
      `a state would take ${total} slots, ${largest.slots} of them for ${largest.what}; a state has at most ${MAX_STATE_SLOTS}`,
      largest.span,
    ),
  ];
}

function sumSlots(vars: readonly TVar[]): number {
  return vars.reduce((n, v) => n + slotCount(v.type), 0);
}
