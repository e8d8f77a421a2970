// Symmetry over data (`symmetric type`) counts orbits exactly: the states stored with symmetry
// on equal the classes of the full state space (symmetry off) under every renaming of the
// symmetric type's values, computed here on printed values, independently of the canonicaliser.
// Also pins the fix for unused slots: a sequence's elements past its length and a proc frame that
// is not running hold reset values, which a renaming must not touch (it used to split orbits).
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compileConfiguration, frontEnd, modelOf } from "../../src/compile.js";
import { searchBreadthFirst } from "../../src/engines/bfs/search.js";
import { StateGraph } from "../../src/engines/liveness/state-graph.js";
import type { Model, ShownValue } from "../../src/model/model.js";

const FIXTURE = resolve(import.meta.dirname, "../fixtures/lang/symmetric_type.vmaspec");

function modelOfFile(file: string, ignore: string[] = []): Model {
  const fe = frontEnd(file);
  return modelOf(compileConfiguration(fe.front!, []).compiled!, ignore);
}

function modelOfText(text: string): Model {
  const dir = mkdtempSync(join(tmpdir(), "vmaspec-datasym-"));
  writeFileSync(join(dir, "s.vmaspec"), text);
  return modelOfFile(join(dir, "s.vmaspec"));
}

const PERMS = [
  [1, 2, 3],
  [1, 3, 2],
  [2, 1, 3],
  [2, 3, 1],
  [3, 1, 2],
  [3, 2, 1],
];

/** Renames every integer (all of them are values of the symmetric type 1..3), except map values. */
function rename(v: ShownValue, perm: number[]): unknown {
  switch (v.kind) {
    case "int":
      return perm[v.value - 1];
    case "some":
      return { some: rename(v.value, perm) };
    case "set":
      return v.elems.map((e) => rename(e, perm) as number).sort();
    case "seq":
      return v.elems.map((e) => rename(e, perm));
    case "record":
      return v.fields.map(([f, x]) => [f, rename(x, perm)]);
    case "map":
      return v.entries.map(([k, x]) => [rename(k, perm) as number, x] as const).sort((a, b) => a[0] - b[0]);
    default:
      return v;
  }
}

/** The state renamed: values, and instance `P[k]` moved to `P[perm[k-1]]`. */
function renamed(vars: [string, ShownValue][], perm: number[]): string {
  const out: Record<string, unknown> = {};
  for (const [name, v] of vars) {
    const m = /^(\w+)\[(\d)\]\.(.*)$/.exec(name);
    out[m ? `${m[1]}[${perm[Number(m[2]) - 1]}].${m[3]}` : name] = rename(v, perm);
  }
  return JSON.stringify(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

/** The number of orbits of the full state space of `full` (a model with symmetry off). */
function orbitsOf(full: Model): { states: number; orbits: number } {
  const graph = StateGraph.build(full, 200_000)!;
  const orbits = new Set<string>();
  for (let id = 0; id < graph.size; id++) {
    const vars = full.show(graph.state(id));
    orbits.add(PERMS.map((p) => renamed(vars, p)).sort()[0]);
  }
  return { states: graph.size, orbits: orbits.size };
}

describe("symmetry over a symmetric type", () => {
  it("stores exactly one state per orbit of the fixture's renamings of Addr", () => {
    const reduced = modelOfFile(FIXTURE, ["NotAllCached"]);
    expect(reduced.canonicalize).toBeDefined();
    const { states, orbits } = orbitsOf({ ...reduced, canonicalize: undefined });
    expect(states).toBe(3024);
    expect(orbits).toBe(538);
    const r = searchBreadthFirst(reduced, { allowDeadlock: false });
    expect(r.outcome).toBe("ok");
    expect(r.stats.distinctStates).toBe(orbits);
  });

  it("leaves a sequence's unused elements and an idle proc frame alone", () => {
    const spec = `spec Unused
symmetric type Rid = 1..3
var log: seq<Rid, 2> = []
symmetric process P[i in Rid] {
  step go { call note(i); goto done }
}
proc note(r: Rid) {
  step add { if len(log) < 2 { log = append(log, r) } }
}
`;
    const reduced = modelOfText(spec);
    const { orbits } = orbitsOf({ ...reduced, canonicalize: undefined });
    const r = searchBreadthFirst(reduced, { allowDeadlock: false });
    expect(orbits).toBe(10);
    expect(r.stats.distinctStates).toBe(orbits);
  });
});
