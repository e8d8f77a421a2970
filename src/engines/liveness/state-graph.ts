// The whole reachable state graph with labelled edges, for the liveness checker: states in
// breadth-first order (so parent links give shortest paths from the initial states), edges in
// compressed rows, each labelled with the fairness conditions it takes (or -1). Also the
// graph algorithms liveness needs: strongly connected components, shortest paths inside a region.

import type { Model, SuccessorSink, Transition } from "../../model/model.js";

class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export class StateGraph {
  private readonly ids = new Map<string, number>();
  private readonly packed: Uint32Array[] = [];
  private readonly parent = new GrowableInt32();
  private readonly rowStart = new GrowableInt32();
  private readonly edgeTo = new GrowableInt32();
  private readonly edgeLabel = new GrowableInt32();
  readonly initialIds: number[] = [];
  /**
   * Every fairness condition (a sub-action that must not be enabled forever, or for SF infinitely
   * often, without being taken): `Owner#instance` of a fair process instance, `Owner#instance.step`
   * of a fair step, `action A` of a fair action.
   */
  readonly fairInstances: string[] = [];
  /** For each fairness condition: whether it is strong. */
  readonly strongFair: boolean[] = [];
  private readonly fairIndex = new Map<string, number>();
  /** An edge label indexes this list: the fairness conditions a transition takes (sorted). */
  private readonly labelSets: number[][] = [];
  private readonly labelSetIndex = new Map<string, number>();

  private constructor(private readonly model: Model) {}

  get size(): number {
    return this.packed.length;
  }

  /** Explores the model breadth-first and records every edge; undefined past `limit` states. */
  static build(model: Model, limit: number): StateGraph | undefined {
    const g = new StateGraph(model);
    const words = new Uint32Array(model.packedWords);
    const add = (slots: Int32Array, parent: number): number => {
      model.pack(slots, words, 0);
      const key = words.join(",");
      const known = g.ids.get(key);
      if (known !== undefined) return known;
      const id = g.packed.length;
      g.ids.set(key, id);
      g.packed.push(words.slice());
      g.parent.push(parent);
      return id;
    };
    model.initialStates({
      next(slots) {
        if (!model.withinConstraints(slots)) return;
        const before = g.size;
        const id = add(slots, -1);
        if (id === before) g.initialIds.push(id);
      },
    });
    const state = new Int32Array(model.slotCount);
    let current = 0;
    const sink: SuccessorSink = {
      next(slots: Int32Array, t: Transition) {
        if (!model.withinConstraints(slots)) return;
        const to = add(slots, current);
        g.edgeTo.push(to);
        // A step that changes nothing is a stutter, not a step of its sub-action: fairness is of
        // TLA+'s <A>_vars, so such a step neither counts as enabling A nor as taking it.
        g.edgeLabel.push(to === current ? -1 : g.labelOf(t));
      },
    };
    for (current = 0; current < g.size; current++) {
      if (g.size > limit) return undefined;
      g.rowStart.push(g.edgeTo.length);
      model.unpack(g.packed[current], 0, state);
      model.successors(state, sink);
    }
    g.rowStart.push(g.edgeTo.length);
    return g;
  }

  /** Per step, the label of each instance's transitions: labelling runs once per edge. */
  private readonly labelCache: (Map<number | string, number> | undefined)[] = [];

  private labelOf(t: Transition): number {
    const each = this.model.steps[t.step]?.fairEach;
    // A per-value fair action's label depends on its parameter values, not on an instance.
    const slot = each ? eachKey(t, each) : t.instance;
    const cache = (this.labelCache[t.step] ??= new Map());
    let label = cache.get(slot);
    if (label === undefined) cache.set(slot, (label = this.computeLabel(t)));
    return label;
  }

  private computeLabel(t: Transition): number {
    const info = this.model.steps[t.step];
    if (!info) return -1;
    const set: number[] = [];
    if (info.fair) set.push(this.condition(`${info.owner}#${t.instance}`, info.strong === true));
    if (info.ownFairness) {
      const key =
        info.kind !== "action"
          ? `${info.owner}#${t.instance}.${info.name}`
          : info.fairEach
            ? `action ${info.owner}(${info.fairEach.map((i) => t.choices[i]).join(",")})`
            : `action ${info.owner}`;
      set.push(this.condition(key, info.ownFairness === "strong"));
    }
    if (set.length === 0) return -1;
    const key = set.join(",");
    let label = this.labelSetIndex.get(key);
    if (label === undefined) {
      label = this.labelSets.length;
      this.labelSetIndex.set(key, label);
      this.labelSets.push(set);
    }
    return label;
  }

  private condition(key: string, strong: boolean): number {
    let f = this.fairIndex.get(key);
    if (f === undefined) {
      f = this.fairInstances.length;
      this.fairIndex.set(key, f);
      this.fairInstances.push(key);
      this.strongFair.push(strong);
    }
    return f;
  }

  /** Whether an edge with this label takes fairness condition f. */
  takes(label: number, f: number): boolean {
    return label >= 0 && this.labelSets[label].includes(f);
  }

  /** The unpacked state with this id. */
  state(id: number): Int32Array {
    const out = new Int32Array(this.model.slotCount);
    this.model.unpack(this.packed[id], 0, out);
    return out;
  }

  /** Evaluates a predicate on every state. */
  mark(pred: (s: Int32Array) => boolean): boolean[] {
    const out: boolean[] = new Array(this.size);
    const scratch = new Int32Array(this.model.slotCount);
    for (let id = 0; id < this.size; id++) {
      this.model.unpack(this.packed[id], 0, scratch);
      out[id] = pred(scratch);
    }
    return out;
  }

  forEachEdge(s: number, fn: (t: number, label: number) => void): void {
    const end = this.rowStart.data[s + 1];
    for (let e = this.rowStart.data[s]; e < end; e++) fn(this.edgeTo.data[e], this.edgeLabel.data[e]);
  }

  someEdge(s: number, pred: (t: number, label: number) => boolean): boolean {
    const end = this.rowStart.data[s + 1];
    for (let e = this.rowStart.data[s]; e < end; e++)
      if (pred(this.edgeTo.data[e], this.edgeLabel.data[e])) return true;
    return false;
  }

  /** Whether fairness condition f (a fair instance, step or action) is enabled in state s. */
  enabled(s: number, f: number): boolean {
    return this.someEdge(s, (_, label) => this.takes(label, f));
  }

  /** Whether any fairness condition is enabled in state s. */
  anyFairEnabled(s: number): boolean {
    return this.someEdge(s, (_, label) => label >= 0);
  }

  /** Ids from an initial state to `id` along breadth-first parent links. */
  pathFromInitial(id: number): number[] {
    const path: number[] = [];
    for (let s = id; s !== -1; s = this.parent.data[s]) path.push(s);
    return path.reverse();
  }

  /** The states after `from` on a shortest path to `to` through `allowed` states ([] when equal). */
  shortestPath(from: number, to: number, allowed: (s: number) => boolean): number[] {
    if (from === to) return [];
    const via = new Map<number, number>([[from, -1]]);
    const queue = [from];
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head];
      let reached = false;
      this.forEachEdge(s, (t) => {
        if (reached || via.has(t) || !allowed(t)) return;
        via.set(t, s);
        if (t === to) reached = true;
        else queue.push(t);
      });
      if (reached) break;
    }
    if (!via.has(to)) throw new Error("internal: no path inside a strongly connected component");
    const path: number[] = [];
    for (let s = to; s !== from; s = via.get(s)!) path.push(s);
    return path.reverse();
  }

  /** Strongly connected components of the subgraph of states in the region (iterative Tarjan). */
  components(inRegion: (s: number) => boolean): number[][] {
    const n = this.size;
    const index = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const onStack = new Uint8Array(n);
    const stack: number[] = [];
    const out: number[][] = [];
    let counter = 0;
    const rows = this.rowStart.data;
    for (let root = 0; root < n; root++) {
      if (index[root] >= 0 || !inRegion(root)) continue;
      const work: [number, number][] = [[root, rows[root]]];
      index[root] = low[root] = counter++;
      stack.push(root);
      onStack[root] = 1;
      while (work.length) {
        const frame = work[work.length - 1];
        const [v, e] = frame;
        if (e < rows[v + 1]) {
          frame[1]++;
          const w = this.edgeTo.data[e];
          if (!inRegion(w)) continue;
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack.push(w);
            onStack[w] = 1;
            work.push([w, rows[w]]);
          } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
          continue;
        }
        work.pop();
        if (work.length) {
          const u = work[work.length - 1][0];
          low[u] = Math.min(low[u], low[v]);
        }
        if (low[v] === index[v]) {
          const component: number[] = [];
          let w: number;
          do {
            w = stack.pop()!;
            onStack[w] = 0;
            component.push(w);
          } while (w !== v);
          out.push(component.reverse());
        }
      }
    }
    return out;
  }
}

/** The values of a per-value fair action's `each` parameters in a transition, as a cache key. */
function eachKey(t: Transition, each: readonly number[]): string {
  return each.map((i) => t.choices[i]).join(",");
}
