// The parallel breadth-first checker. In: the model, a factory from which each worker thread builds
// its own copy of it, the check's options with a number of workers, and an optional progress
// reporter. Out: the same CheckResult as the serial checker (bfs.ts): the same distinct-state count
// and a counterexample of the same (shortest) length, since both stop at the first level holding
// a violation and prefer a deadlock of that level (expander.ts).
//
// Level-synchronous: this thread adds the initial states, then for each level copies its states
// into a shared buffer and lets the workers claim chunks of it; they add successors to one shared
// table (shared-table.ts) and send back the states they added, which this thread appends to the
// level log, so traces, statistics and results are built here exactly as in the serial checker.
// This thread also grows the shared table when a worker asks (all workers park meanwhile).
// Bitstate mode is not parallel: it runs the serial checker.

import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Model } from "./model.js";
import { checkModel, searchStats } from "./bfs.js";
import { Expander } from "./expander.js";
import { LevelLog } from "./level-log.js";
import { defaultMemoryBudget } from "./memory.js";
import * as P from "./parallel-protocol.js";
import type { CheckOptions, CheckResult, ProgressReporter } from "./result.js";
import { SharedStateTable, sharedTable, type SharedTableHandle } from "./shared-table.js";
import { grownCapacity, rehashInto, tableLayout, type TableLayout } from "./state-table.js";
import { resultOf, type Found } from "./violation.js";

export type { ModelFactory } from "./parallel-protocol.js";

/** Options of a parallel check. */
export interface ParallelOptions extends CheckOptions {
  /** Worker threads expanding states (this thread only coordinates). */
  workers: number;
}

const INITIAL_CAPACITY = 1 << 16;

/** Like checkModel, with `options.workers` threads sharing the work; each builds its model with `factory`. */
export async function checkModelParallel(
  model: Model,
  factory: P.ModelFactory,
  options: ParallelOptions,
  reporter?: ProgressReporter,
): Promise<CheckResult> {
  if (options.bitstate) return checkModel(model, options, reporter);
  const run = new ParallelRun(model, options);
  try {
    await run.start(factory);
    return await run.search(reporter);
  } finally {
    await run.close();
  }
}

/** The worker script: beside this file, or its compiled form when this file runs from source (tests). */
function workerUrl(): URL {
  const here = new URL("./parallel-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const compiled = fileURLToPath(here).replace(/([/\\])src([/\\])engines([/\\])/, "$1dist$1src$2engines$3");
  return pathToFileURL(compiled);
}

/** Creates a growable shared buffer (ES2024; typed by hand as the project targets ES2022). */
function growableBuffer(maxBytes: number): SharedArrayBuffer & { grow(bytes: number): void } {
  const Growable = SharedArrayBuffer as unknown as new (
    bytes: number,
    options: { maxByteLength: number },
  ) => SharedArrayBuffer & { grow(bytes: number): void };
  return new Growable(0, { maxByteLength: maxBytes });
}

class ParallelRun {
  private readonly control = new Int32Array(new SharedArrayBuffer(P.CONTROL_WORDS * 4));
  private readonly layout: TableLayout;
  private handle: SharedTableHandle;
  private readonly table: SharedStateTable;
  private readonly log: LevelLog;
  private readonly levelBuffer: SharedArrayBuffer & { grow(bytes: number): void };
  private readonly budget: number;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  /** Resolves the messages of the level being expanded. */
  private onDone: ((done: Extract<P.FromWorker, { type: "done" }>) => void) | null = null;
  private growing: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private memoryRefused = false;
  private closing = false;

  constructor(
    private readonly model: Model,
    private readonly options: ParallelOptions,
  ) {
    this.budget = options.maxMemoryBytes ?? defaultMemoryBudget();
    this.layout = tableLayout(model.packedWords, model.packedBits);
    this.handle = sharedTable(this.layout, INITIAL_CAPACITY);
    this.log = new LevelLog(model.packedWords, options.levelLogKeepBytes);
    this.levelBuffer = growableBuffer(Math.min(this.budget, 2 ** 32));
    // This thread adds only the initial states, with no worker running: it grows the table itself.
    const growHere = () => this.grow();
    this.table = new SharedStateTable(this.layout, this.handle, this.control, options.maxStates ?? Infinity, () => {}, growHere);
  }

  /** Starts the workers and waits until each has built its model. */
  async start(factory: P.ModelFactory): Promise<void> {
    const count = Math.max(1, Math.floor(this.options.workers));
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const { port1, port2 } = new MessageChannel();
      const setup: P.WorkerSetup & { port: MessagePort } = {
        factory,
        options: { allowDeadlock: this.options.allowDeadlock, maxStates: this.options.maxStates },
        control: this.control.buffer as SharedArrayBuffer,
        table: this.handle,
        level: this.levelBuffer,
        port: port2,
      };
      const worker = new Worker(workerUrl(), { workerData: setup, transferList: [port2] });
      this.workers.push(worker);
      this.ports.push(port1);
      ready.push(
        new Promise((resolve, reject) => {
          const fail = (e: Error) => {
            this.failure ??= e;
            reject(e);
            this.onDone?.(undefined as never);
          };
          worker.on("error", fail);
          worker.on("exit", (code) => {
            if (!this.closing) fail(new Error(`parallel checker: a worker exited (code ${code})`));
          });
          worker.on("message", (m: P.FromWorker) => {
            if (m.type === "ready") resolve();
            else if (m.type === "grow") this.growing = this.growing.then(() => this.growWhenParked());
            else this.onDone?.(m);
          });
        }),
      );
    }
    await Promise.all(ready);
  }

  async search(reporter: ProgressReporter | undefined): Promise<CheckResult> {
    const { log, control, model } = this;
    const maxDepth = this.options.maxDepth ?? Infinity;
    const startMs = performance.now();
    const counts = { generated: 0, deepest: 0 };
    let level = 0;
    let size = 0;
    const begun = () => log.levelStart(level) + Math.min(Atomics.load(control, P.C_CURSOR), size);
    const stats = () => searchStats(log.size, Math.min(log.size, begun()), counts, this.table, log, performance.now() - startMs);
    const progress = () => reporter!.progress({ ...stats(), distinctStates: Atomics.load(control, P.C_COUNT) });
    const timer = reporter ? setInterval(progress, this.options.progressIntervalMs ?? 1000) : undefined;

    const initial = new Expander(model, this.table, log, this.options.allowDeadlock);
    initial.initialStates();
    log.endLevel();
    counts.generated = initial.generated;
    let found: Found | null = initial.found;
    let boundedBy: CheckResult["boundedBy"] = initial.boundedBy;
    try {
      while (!found && !boundedBy) {
        const start = log.levelStart(level);
        size = log.size - start;
        if (size === 0) break;
        if (level >= maxDepth) {
          boundedBy = "depth";
          break;
        }
        this.shareLevel(start, size);
        const done = await this.expandLevel(level, size);
        let pending: Found | null = null;
        for (const d of done) {
          log.appendMany(d.added, 0, d.addedCount);
          counts.generated += d.generated;
          counts.deepest = Math.max(counts.deepest, d.deepest);
          found = pick(found, d.found);
          pending = pick(pending, d.pending);
          boundedBy ??= d.boundedBy;
        }
        if (this.memoryRefused) boundedBy = "memory";
        found ??= pending;
        if (found && found.lastStored >= 0) found = { ...found, lastStored: start + found.lastStored };
        if (found || boundedBy) break;
        log.endLevel();
        log.release(start + size);
        level++;
      }
    } finally {
      if (timer) clearInterval(timer);
    }
    return resultOf(model, log, found, stats(), boundedBy);
  }

  /** Copies states [start, start + size) of the log into the shared level buffer. */
  private shareLevel(start: number, size: number): void {
    const n = this.model.packedWords;
    const bytes = size * n * 4;
    if (this.levelBuffer.byteLength < bytes) this.levelBuffer.grow(bytes);
    const view = new Uint32Array(this.levelBuffer);
    for (let i = 0; i < size; i++) {
      const words = this.log.wordsOf(start + i);
      const offset = this.log.offsetOf(start + i);
      for (let k = 0; k < n; k++) view[i * n + k] = words[offset + k];
    }
  }

  /** Has every worker expand the level; resolves with their reports once all are in. */
  private async expandLevel(level: number, size: number): Promise<Extract<P.FromWorker, { type: "done" }>[]> {
    await this.growing;
    const control = this.control;
    Atomics.store(control, P.C_CURSOR, 0);
    Atomics.store(control, P.C_ACTIVE, this.workers.length);
    const reports = new Array<Extract<P.FromWorker, { type: "done" }>>(this.workers.length);
    let remaining = this.workers.length;
    const all = new Promise<void>((resolve, reject) => {
      this.onDone = (d) => {
        if (this.failure) return reject(this.failure);
        reports[this.workers.length - remaining] = d;
        if (--remaining === 0) resolve();
      };
    });
    for (const w of this.workers) w.postMessage({ type: "level", level, size } satisfies P.ToWorker);
    await all;
    this.onDone = null;
    await this.growing;
    return reports;
  }

  /** Waits until every worker still expanding has parked, then grows the table and wakes them. */
  private async growWhenParked(): Promise<void> {
    const control = this.control;
    for (;;) {
      const parked = Atomics.load(control, P.C_PARKED);
      if (parked >= Atomics.load(control, P.C_ACTIVE)) break;
      const wait = waitAsync(control, P.C_PARKED, parked, 10);
      if (wait.async) await wait.value;
    }
    this.grow();
  }

  /** Builds the larger table (or, over the budget, stops the search) and lets parked threads go on. */
  private grow(): void {
    const control = this.control;
    const capacity = grownCapacity(this.handle.capacity);
    const bytes = capacity * this.layout.stride * 4;
    if (this.handle.buffer.byteLength + bytes + this.log.bytes + this.levelBuffer.byteLength > this.budget) {
      this.memoryRefused = true;
      Atomics.store(control, P.C_STOP, 1);
    } else {
      const handle = sharedTable(this.layout, capacity);
      rehashInto(this.layout, new Uint32Array(this.handle.buffer), new Uint32Array(handle.buffer));
      this.handle = handle;
      this.table.attach(handle);
      for (const port of this.ports) port.postMessage({ type: "table", table: handle } satisfies P.TableMessage);
    }
    Atomics.store(control, P.C_PARKED, 0);
    Atomics.store(control, P.C_GROW, 0);
    Atomics.add(control, P.C_EPOCH, 1);
    Atomics.notify(control, P.C_EPOCH);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.log.close();
    for (const port of this.ports) port.close();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Atomics.waitAsync (ES2024; typed by hand as the project targets ES2022). */
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };

/** The violation to report of two: the one whose state comes first in the level. */
function pick(a: Found | null, b: Found | null): Found | null {
  if (!a) return b;
  if (!b) return a;
  return b.lastStored < a.lastStored ? b : a;
}
