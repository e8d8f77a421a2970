// Formatting the benchmark's results. In: the rows measured by run.ts and the facts about the
// machine. Out: a plain-text table for the terminal and the Markdown of bench/results.md.
//
// Why apart from run.ts: the driver decides what to measure and how; this file only decides how
// it reads, for people comparing a run with the targets.

import { cpus, loadavg, release, totalmem } from "node:os";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import type { StartupRow } from "./startup.js";

/** One model measured in vmaspec and SPIN. */
export interface CompareRow {
  model: string;
  states: number;
  vmaspecRate: number;
  spinRate?: number;
  /** Bytes of vmaspec's visited set per stored state. */
  bytesPerState: number;
  vmaspecRss: number;
  spinRss?: number;
  spinRssIsPan?: boolean;
  spinVector?: number;
  /** Bytes SPIN's states and hash table take per stored state (pan's own figures). */
  spinBytesPerState?: number;
  /** Set when the two counts differ, or vmaspec missed the count. */
  mismatch?: string;
}

/** One model checked serially and with workers. */
export interface ParallelRow {
  model: string;
  workers: number;
  states: number;
  serialRate: number;
  /** The serial rate on the uncompressed table, as the workers' shared table is, when the serial
   *  run's was compressed: the speed-up on the same table kind. */
  flatSerialRate?: number;
  parallelRate: number;
  parallelRss: number;
  mismatch?: string;
}

/** Random reads of a large array (memory-probe.ts): one process alone, then two at once. */
export interface MemoryRow {
  /** Nanoseconds per read, alone and (mean) when two probes run at once. */
  alone: number;
  together: number;
  /** Reads per second of two at once over one alone: 2 if the machine served both in full. */
  scaling: number;
}

/** The simulator on one model, on one thread and on several. */
export interface SimulateRow {
  model: string;
  workers: number;
  runs: number;
  steps: number;
  stepsPerSecond: number;
  /** Steps/s on one thread, for the speed-up (undefined on the one-thread row itself). */
  serialStepsPerSecond?: number;
}

/** The realistic configuration: a seed spec out of reach without reduction, checked with it. */
export interface RealisticRow {
  model: string;
  description: string;
  states: number;
  outcome: string;
  cpuSeconds: number;
  searchSeconds: number;
  bytesPerState: number;
  rss: number;
}

/** The large bitstate run. */
export interface BitstateRow {
  model: string;
  states: number;
  seconds: number;
  filterBytes: number;
  bitsPerState: number;
  coverage: number;
  rss: number;
}

export interface Report {
  date: string;
  startup: StartupRow[];
  mode: string;
  spinNote: string;
  compare: CompareRow[];
  parallel: ParallelRow[];
  bitstate: BitstateRow[];
  realistic: RealisticRow[];
  simulate: SimulateRow[];
  memory?: MemoryRow;
  loadBefore: number[];
  loadAfter: number[];
  minutes: number;
}

const STARTUP_HEAD = ["command", "wall", "CPU", "target (wall)"];

function startupCells(r: StartupRow): string[] {
  const target =
    r.target === undefined ? "—" : `${r.target.toFixed(2)} s ${r.wall <= r.target ? "met" : "MISSED"}`;
  return [r.command, `${r.wall.toFixed(2)} s`, `${r.cpu.toFixed(2)} s`, target];
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const rate = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? "—" : `${(n / 1e6).toFixed(2)} M/s`;
const mb = (n: number | undefined) => (n === undefined ? "—" : `${int(n / 2 ** 20)} MiB`);

function compareCells(r: CompareRow): string[] {
  const ratio =
    r.spinRate && Number.isFinite(r.spinRate) ? `${(r.vmaspecRate / r.spinRate).toFixed(2)}×` : "—";
  const spinMem = r.spinRss === undefined ? "—" : `${mb(r.spinRss)}${r.spinRssIsPan ? " (pan)" : ""}`;
  return [
    r.model,
    int(r.states),
    rate(r.vmaspecRate),
    rate(r.spinRate),
    r.mismatch ? `MISMATCH: ${r.mismatch}` : ratio,
    r.bytesPerState.toFixed(1),
    r.spinBytesPerState === undefined || Number.isNaN(r.spinBytesPerState)
      ? "—"
      : r.spinBytesPerState.toFixed(1),
    mb(r.vmaspecRss),
    spinMem,
  ];
}

const COMPARE_HEAD = [
  "model",
  "states",
  "vmaspec",
  "SPIN",
  "ratio",
  "B/state",
  "SPIN B/state",
  "vmaspec RSS",
  "SPIN RSS",
];
const PARALLEL_HEAD = [
  "model",
  "workers",
  "states",
  "serial",
  "parallel",
  "speed-up",
  "serial, same table",
  "speed-up, same table",
  "RSS",
];
const REALISTIC_HEAD = [
  "model",
  "configuration",
  "verdict",
  "states (reduced)",
  "CPU",
  "search",
  "B/state",
  "RSS",
];

function realisticCells(r: RealisticRow): string[] {
  return [
    r.model,
    r.description,
    r.outcome,
    int(r.states),
    `${r.cpuSeconds.toFixed(1)} s`,
    `${r.searchSeconds.toFixed(1)} s`,
    r.bytesPerState.toFixed(1),
    mb(r.rss),
  ];
}
const SIMULATE_HEAD = ["model", "workers", "runs", "steps", "steps/s", "speed-up"];

function simulateCells(r: SimulateRow): string[] {
  return [
    r.model,
    String(r.workers),
    int(r.runs),
    int(r.steps),
    rate(r.stepsPerSecond),
    r.serialStepsPerSecond ? `${(r.stepsPerSecond / r.serialStepsPerSecond).toFixed(2)}×` : "—",
  ];
}

const BITSTATE_HEAD = [
  "model",
  "states found",
  "time",
  "rate",
  "filter",
  "bits/state",
  "est. coverage",
  "RSS",
];

function parallelCells(r: ParallelRow): string[] {
  const speedUp = r.mismatch ? `MISMATCH: ${r.mismatch}` : `${(r.parallelRate / r.serialRate).toFixed(2)}×`;
  return [
    r.model,
    String(r.workers),
    int(r.states),
    rate(r.serialRate),
    rate(r.parallelRate),
    speedUp,
    r.flatSerialRate === undefined ? "(same)" : rate(r.flatSerialRate),
    `${(r.parallelRate / (r.flatSerialRate ?? r.serialRate)).toFixed(2)}×`,
    mb(r.parallelRss),
  ];
}

function bitstateCells(r: BitstateRow): string[] {
  return [
    r.model,
    int(r.states),
    `${r.seconds.toFixed(1)} s`,
    rate(r.states / r.seconds),
    mb(r.filterBytes),
    r.bitsPerState.toFixed(0),
    `${(100 * r.coverage).toFixed(4)}%`,
    mb(r.rss),
  ];
}

/** The memory probe as a sentence. */
function memoryLine(m: MemoryRow): string {
  return (
    `Memory probe (random reads of 64 MiB): ${m.alone.toFixed(1)} ns a read alone, ` +
    `${m.together.toFixed(1)} ns each with two at once: two cores read ${m.scaling.toFixed(2)}× as fast as one.`
  );
}

/** Columns padded to their widest cell. */
export function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function markdownTable(head: string[], rows: string[][]): string {
  const align = head.map((_, i) => (i === 0 ? "---" : "---:"));
  return [head, align, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/** The tables as the terminal shows them. */
export function textReport(r: Report): string {
  const parts = [textTable(COMPARE_HEAD, r.compare.map(compareCells))];
  if (r.parallel.length) parts.push(textTable(PARALLEL_HEAD, r.parallel.map(parallelCells)));
  if (r.memory) parts.push(memoryLine(r.memory));
  if (r.simulate.length) parts.push(textTable(SIMULATE_HEAD, r.simulate.map(simulateCells)));
  if (r.bitstate.length) parts.push(textTable(BITSTATE_HEAD, r.bitstate.map(bitstateCells)));
  if (r.realistic.length) parts.push(textTable(REALISTIC_HEAD, r.realistic.map(realisticCells)));
  parts.push(textTable(STARTUP_HEAD, r.startup.map(startupCells)));
  return parts.join("\n\n");
}

function machine(): string {
  let os = release();
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? os;
  } catch {
    // not Linux
  }
  const gcc = spawnSync("gcc", ["--version"], { encoding: "utf8" }).stdout?.split("\n")[0] ?? "gcc not found";
  return [
    `- CPU: ${cpus()[0]?.model ?? "unknown"}, ${cpus().length} cores`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os}`,
    `- Node ${process.version}; ${gcc}`,
  ].join("\n");
}

/** bench/results.md. */
export function markdownReport(r: Report): string {
  const sections = [
    "# Benchmark: vmaspec against SPIN",
    "",
    `Run ${r.date} (${r.mode}, ${r.minutes.toFixed(1)} minutes) by \`npm run bench${r.mode === "quick" ? " -- --quick" : ""}\`.`,
    "",
    machine(),
    `- SPIN: ${r.spinNote}`,
    `- Load average before / after: ${r.loadBefore.map((l) => l.toFixed(2)).join(" ")} / ${r.loadAfter.map((l) => l.toFixed(2)).join(" ")}` +
      " (other work on the machine slows both sides and the parallel run most)" +
      (Math.max(...r.loadBefore, ...r.loadAfter) > 1.5
        ? ".\n- **The machine was shared and busy during this run: rates and ratios are noisy (CPU contention slows" +
          " both sides, unevenly). Rerun on a quiet machine before reading targets from them.**"
        : ""),
    "",
    "## Single-threaded: vmaspec against SPIN's compiled verifier",
    "",
    "States/s is distinct states over search time (compiling excluded on both sides: vmaspec's",
    "front end and code generation, SPIN's `spin -a` and gcc), best of the repetitions.",
    "B/state is vmaspec's visited set per stored state (tree-compressed for states of three words",
    "or more); SPIN B/state is pan's memory for states and its hash table per stored state (its own",
    "figures; the DFS stack aside); RSS is each process's peak.",
    "SPIN: `spin -a`, `gcc -O2 -DSAFETY -DNOREDUCE`, `pan -m<states> -w<log2 states + 1>`.",
    "`spec/check R=n` is a seed spec of specs/ checked as that check block with n page faults",
    "(READERS), against its Promela twin in bench/models.",
    "",
    markdownTable(COMPARE_HEAD, r.compare.map(compareCells)),
  ];
  if (r.parallel.length) {
    sections.push(
      "",
      "## Parallel breadth-first search",
      "",
      "The workers share one uncompressed table; where the serial run's table was tree-compressed,",
      "the serial rate on the uncompressed table is measured too, and the speed-up on the same table",
      "kind is given beside the other.",
      "",
      markdownTable(PARALLEL_HEAD, r.parallel.map(parallelCells)),
    );
    if (r.memory)
      sections.push(
        "",
        memoryLine(r.memory),
        "Most of a large search is such reads (the visited set's lookups and its growth), so this",
        "ratio bounds the speed-up of that part whatever the number of workers.",
      );
  }
  if (r.simulate.length) {
    sections.push(
      "",
      "## Simulator (seeded random walks of up to 1,000 steps, `simulate --workers`)",
      "",
      "Steps/s is steps walked over the time of the walks (M/s: millions of steps a second).",
      "",
      markdownTable(SIMULATE_HEAD, r.simulate.map(simulateCells)),
    );
  }
  if (r.bitstate.length) {
    sections.push(
      "",
      "## Bitstate mode (a Bloom filter instead of the visited set)",
      "",
      markdownTable(BITSTATE_HEAD, r.bitstate.map(bitstateCells)),
    );
  }
  if (r.realistic.length) {
    sections.push(
      "",
      "## A realistic configuration, out of reach without reduction",
      "",
      "Checked exhaustively by `vmaspec check --por` (partial-order reduction) with the tree-compressed",
      "visited set, once. Each page fault more multiplies the seed spec's states about six-fold without",
      "reduction (R=4: 23,726; R=5: 154,508; R=6: 988,952). Symmetry cannot apply here: the stdlib's",
      "RCU and locks name tasks (`current`), which a symmetric process may not (T021). CPU is user +",
      "system time of the search; search is its wall time. States are those the reduced search stores.",
      "",
      markdownTable(REALISTIC_HEAD, r.realistic.map(realisticCells)),
    );
  }
  sections.push(
    "",
    "## Start-up (best wall and CPU time of 5 runs)",
    "",
    markdownTable(STARTUP_HEAD, r.startup.map(startupCells)),
  );
  return sections.join("\n") + "\n";
}

/** The load average now (1, 5, 15 minutes). */
export function load(): number[] {
  return loadavg();
}
