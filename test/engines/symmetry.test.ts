// Symmetry reduction counts orbits exactly: the number of states stored for a `symmetric` process
// equals the number of classes of the full state space under renaming the instances, computed
// here independently, on printed values rather than slots.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileConfiguration, frontEnd, modelOf } from "../../src/compile.js";
import { searchBreadthFirst } from "../../src/engines/bfs/search.js";
import { StateGraph } from "../../src/engines/liveness/state-graph.js";
import type { ShownValue } from "../../src/model/model.js";

const SPEC = (symmetric: boolean) => `spec Sym
type Rid = 1..3
var holder: Rid? = none
var waiting: set<Rid> = {}
var hits: [Rid -> 0..2] = [r in Rid |-> 0]
${symmetric ? "symmetric " : ""}process P[i in Rid] {
  var mine: bool = false
  step want { waiting = waiting union {i} }
  step take { await holder == none; holder = some(i); waiting = waiting minus {i}; mine = true }
  step rel  { holder = none; mine = false; if hits[i] < 2 { hits[i] += 1 }; goto want }
}
invariant Mutex: forall a in Rid: forall b in Rid: (P[a] at rel && P[b] at rel) => a == b
`;

function modelFor(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "vmaspec-sym-"));
  writeFileSync(join(dir, "s.vmaspec"), text);
  const fe = frontEnd(join(dir, "s.vmaspec"));
  return modelOf(compileConfiguration(fe.front!, []).compiled!);
}

const PERMS = [
  [1, 2, 3],
  [1, 3, 2],
  [2, 1, 3],
  [2, 3, 1],
  [3, 1, 2],
  [3, 2, 1],
];

/** The state renamed by perm (instance k becomes perm[k-1]), as a canonical string. */
function renamed(vars: [string, ShownValue][], perm: number[]): string {
  const id = (v: ShownValue): ShownValue =>
    v.kind === "int" ? { kind: "int", value: perm[v.value - 1] } : v;
  const out: Record<string, unknown> = {};
  for (const [name, v] of vars) {
    const m = /^P\[(\d)\]\.(.*)$/.exec(name);
    if (m) out[`P[${perm[Number(m[1]) - 1]}].${m[2]}`] = v;
    else if (name === "holder") out[name] = v.kind === "some" ? { some: id(v.value) } : v;
    else if (name === "waiting" && v.kind === "set")
      out[name] = v.elems.map((e) => (id(e) as { value: number }).value).sort();
    else if (name === "hits" && v.kind === "map")
      out[name] = v.entries
        .map(([k, x]) => [(id(k) as { value: number }).value, x] as const)
        .sort((a, b) => a[0] - b[0]);
    else out[name] = v;
  }
  return JSON.stringify(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

describe("symmetry reduction", () => {
  it("stores exactly one state per orbit of the instances' renamings", () => {
    const full = modelFor(SPEC(false));
    const graph = StateGraph.build(full, 100_000)!;
    const orbits = new Set<string>();
    for (let id = 0; id < graph.size; id++) {
      const vars = full.show(graph.state(id));
      orbits.add(PERMS.map((p) => renamed(vars, p)).sort()[0]);
    }
    expect(graph.size).toBe(540);
    const reduced = searchBreadthFirst(modelFor(SPEC(true)), { allowDeadlock: false });
    expect(reduced.outcome).toBe("ok");
    expect(reduced.stats.distinctStates).toBe(orbits.size);
    expect(orbits.size).toBe(119);
  });

  it("still finds a violation, with a trace of real steps", () => {
    const broken = SPEC(true).replace("await holder == none; ", "");
    const r = searchBreadthFirst(modelFor(broken), { allowDeadlock: false });
    expect(r.violation).toMatchObject({ kind: "invariant", name: "Mutex" });
    expect(r.violation!.trace.steps.length).toBe(4);
  });
});
