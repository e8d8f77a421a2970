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
import { Expander, type StateOut } from "./expander.js";
import { loadModel } from "./load-model.js";
import * as P from "./parallel-protocol.js";
import { SharedStateTable } from "./shared-table.js";

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

/**
 * The chunks of a level in the order the workers claim them, as (segment, first, end) triples:
 * each worker's segment cut into runs of CHUNK states, the segments interleaved in proportion to
 * their sizes. Why interleaved: the segments were written at the same time, each in the order its
 * worker found its states, so the n-th tenth of one and the n-th tenth of another hold states found
 * together, often siblings. Expanded together, the siblings' common successors (two steps that
 * commute) come up close in time, and the recent-state memory (recent-states.ts) answers the second
 * without a lookup; expanding the segments one after the other kept them a whole level apart.
 */
function chunkOrder(segments: readonly P.Segment[]): Int32Array {
  const keyed: { key: number; segment: number; first: number; end: number }[] = [];
  segments.forEach((segment, index) => {
    for (let first = 0; first < segment.count; first += CHUNK) {
      const end = Math.min(first + CHUNK, segment.count);
      keyed.push({ key: (first + end) / 2 / segment.count, segment: index, first, end });
    }
  });
  keyed.sort((a, b) => a.key - b.key || a.segment - b.segment);
  const out = new Int32Array(keyed.length * 3);
  keyed.forEach((k, i) => out.set([k.segment, k.first, k.end], 3 * i));
  return out;
}

async function main(): Promise<void> {
  const setup = workerData as P.WorkerSetup;
  const parent = parentPort!;
  const control = new Int32Array(setup.control);
  const model = await loadModel(setup.factory);
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

  const expandLevel = (depth: number, segments: P.Segment[]) => {
    const views = segments.map((s) => new Uint32Array(s.buffer));
    const firsts: number[] = [];
    let size = 0;
    for (const s of segments) {
      firsts.push(size);
      size += s.count;
    }
    const chunks = chunkOrder(segments);
    added.begin(depth);
    const generatedBefore = expander.generated;
    expander.level = depth;
    claim: for (;;) {
      const c = Atomics.add(control, P.C_CURSOR, CHUNK) / CHUNK;
      if (c >= chunks.length / 3) break;
      const s = chunks[3 * c];
      // The others' signals are read once a chunk: an atomic read per state cost 5% of the search.
      if (Atomics.load(control, P.C_STOP) !== 0) break;
      if (!expander.scanning && Atomics.load(control, P.C_SCAN) !== 0) expander.scanForDeadlocks();
      for (let k = chunks[3 * c + 1], end = chunks[3 * c + 2]; k < end; k++) {
        table.poll();
        expander.expand(views[s], k * n, firsts[s] + k);
        if (expander.pending && Atomics.load(control, P.C_SCAN) === 0) Atomics.store(control, P.C_SCAN, 1);
        if (expander.stopped) {
          Atomics.store(control, P.C_STOP, 1);
          break claim;
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
