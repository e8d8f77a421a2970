// A worker thread of the parallel checker. In: its setup (parallel-protocol.ts: how to build the
// model, the shared control words and the shared visited set), the initial states, and, level by
// level, the order to expand the level. Out: for each level, the states it added (in a shared
// buffer), its counts, and any violation or bound it met.
//
// The worker builds its own copy of the model from the factory (a model cannot be passed between
// threads). It claims chunks of the level from a shared cursor and expands them with the same
// Expander as the serial checker, into the visited set all workers share (shared-table.ts). A
// level ends when every worker has expanded its last chunk and added its last batch. Between
// states it obeys the control words: stop, or look only for deadlocks once some worker found a
// violation one step deeper (expander.ts explains why); and it joins the table's grows.

import { parentPort, workerData } from "node:worker_threads";
import { Expander, type StateOut } from "../bfs/expander.js";
import { modelFromFactory } from "../threads/model-factory.js";
import * as P from "./protocol.js";
import { SharedStateTable } from "../store/shared-table.js";

/** States claimed from the shared cursor at a time. */
const CHUNK = 64;

/**
 * The states a worker adds in a level, in a shared buffer the next level reads from. Two such
 * buffers take turns, as one is read while the other is written; a full one is replaced by one
 * twice as large.
 */
class AddedStates implements StateOut {
  private readonly buffers: SharedArrayBuffer[];
  private words: Uint32Array;
  private turn = 0;
  count = 0;

  constructor(private readonly packedWords: number) {
    const bytes = Math.max(4, 4096 * packedWords * 4);
    this.buffers = [new SharedArrayBuffer(bytes), new SharedArrayBuffer(bytes)];
    this.words = new Uint32Array(this.buffers[0]);
  }

  /** Starts a level: writes into the buffer not being read. */
  begin(level: number): void {
    this.turn = (level + 1) % 2;
    this.words = new Uint32Array(this.buffers[this.turn]);
    this.count = 0;
  }

  /** The level's states so far. */
  segment(): P.Segment {
    return { buffer: this.buffers[this.turn], count: this.count };
  }

  append(key: Uint32Array, offset: number): void {
    const n = this.packedWords;
    if ((this.count + 1) * n > this.words.length) {
      const grown = new SharedArrayBuffer(this.words.byteLength * 2);
      new Uint32Array(grown).set(this.words);
      this.buffers[this.turn] = grown;
      this.words = new Uint32Array(grown);
    }
    const base = this.count * n;
    for (let i = 0; i < n; i++) this.words[base + i] = key[offset + i];
    this.count++;
  }
}

async function main(): Promise<void> {
  const setup = workerData as P.WorkerSetup;
  const parent = parentPort!;
  const control = new Int32Array(setup.control);
  const model = await modelFromFactory(setup.factory);
  const n = model.packedWords;
  const maxStates = setup.options.maxStates ?? Infinity;

  /** Counts a new state against maxStates, shared by all workers. */
  const reserve = (): boolean => {
    for (;;) {
      const seen = Atomics.load(control, P.C_COUNT);
      if (seen >= maxStates) return false;
      if (Atomics.compareExchange(control, P.C_COUNT, seen, seen + 1) === seen) return true;
    }
  };
  const table = new SharedStateTable(setup.table, setup.worker, maxStates === Infinity ? undefined : reserve);
  const added = new AddedStates(n);
  const expander = new Expander(model, table, added, setup.options.allowDeadlock);

  /** Counts this worker in at control word `index`; returns when all are, joining grows meanwhile. */
  const arriveAndWait = (index: number) => {
    Atomics.add(control, index, 1);
    Atomics.notify(control, index);
    for (;;) {
      const arrived = Atomics.load(control, index);
      if (arrived >= setup.workers) return;
      table.poll();
      Atomics.wait(control, index, arrived, 1);
    }
  };

  /** Stores this worker's share of the initial states (the coordinator has checked them). */
  const initial = (states: P.Segment) => {
    const words = new Uint32Array(states.buffer);
    for (let i = setup.worker; i < states.count; i += setup.workers) table.add(words, i * n);
    arriveAndWait(P.C_INITIAL); // no worker expands level 0 before all of it is stored
  };

  /**
   * Expands a level: first this worker's own segment (the states it added in the level before),
   * then what is left of the others', a chunk at a time. Why its own first: a state's successors
   * are added by the worker that expanded it, one after another, and the states that two commuting
   * steps reach from two of them come up close together only if one worker expands both; then the
   * recent-state memory (recent-states.ts) answers the second without a lookup. Handing out the
   * chunks of all segments in turn made a quarter more lookups than one thread.
   */
  const expandLevel = (depth: number, segments: P.Segment[]) => {
    const views = segments.map((s) => new Uint32Array(s.buffer));
    const firsts: number[] = [];
    let size = 0;
    for (const s of segments) {
      firsts.push(size);
      size += s.count;
    }
    added.begin(depth);
    const generatedBefore = expander.generated;
    expander.level = depth;
    claim: for (let turn = 0; turn < segments.length; turn++) {
      const s = (setup.worker + turn) % segments.length;
      const count = segments[s].count;
      for (;;) {
        const first = Atomics.add(control, P.cursorOf(s), CHUNK);
        if (first >= count) break;
        // The others' signals are read once a chunk: an atomic read per state cost 5% of the search.
        if (Atomics.load(control, P.C_STOP) !== 0) break claim;
        if (!expander.scanning && Atomics.load(control, P.C_SCAN) !== 0) expander.scanForDeadlocks();
        for (let k = first, end = Math.min(first + CHUNK, count); k < end; k++) {
          table.poll();
          expander.expand(views[s], k * n, firsts[s] + k);
          if (expander.pending && Atomics.load(control, P.C_SCAN) === 0) Atomics.store(control, P.C_SCAN, 1);
          if (expander.stopped) {
            Atomics.store(control, P.C_STOP, 1);
            break claim;
          }
        }
      }
    }
    expander.flushBatch();
    // The level ends once every worker has added all it found.
    arriveAndWait(P.C_FINISHED);
    if (maxStates === Infinity) Atomics.add(control, P.C_COUNT, added.count);
    if (expander.stopped) Atomics.store(control, P.C_STOP, 1);
    const done: P.FromWorker = {
      type: "done",
      added: added.segment(),
      generated: expander.generated - generatedBefore,
      deepest: expander.deepest,
      found: expander.found,
      pending: expander.pending,
      boundedBy: expander.boundedBy,
      worker: setup.worker,
      stepHits: Array.from(expander.stepHits),
      branchHits: Array.from(model.branchHits),
    };
    parent.postMessage(done);
  };

  parent.on("message", (message: P.ToWorker) => {
    if (message.type === "initial") initial(message.states);
    else if (message.type === "level") expandLevel(message.level, message.segments);
    else {
      table.close();
      parent.close();
    }
  });
  parent.postMessage({ type: "ready" } satisfies P.FromWorker);
}

if (parentPort) void main();
