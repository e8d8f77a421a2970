// The partial-order reduction part of the benchmark: the seed specs with six page faults (the
// checks that expect ok), checked by vmaspec without and with `--por`, and by SPIN's default
// verifier, whose partial-order reduction is on (`gcc -O2 -DSAFETY`, no -DNOREDUCE). In: the repo
// root, SPIN's setup (spin.ts), quick or full. Out: a table on the terminal and in
// bench/results-por.md: states each side stores and time to verdict.
//
// Time to verdict is the CPU time (user + system, so that other jobs on the machine count less) of
// the whole command as a user runs it, in its own process: `vmaspec check` (start-up, compile,
// search, report) against `spin -a`, gcc and pan. Each side's search time alone is given too
// (wall time: vmaspec's from its JSON, pan's own "elapsed time"). Called by run.ts.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as prettier from "prettier";
import type { SpinSetup } from "./spin.js";

/** A seed check and its Promela twin's -D options (as in run.ts's SEED_CHECKS). */
const SEEDS: { spec: string; check: string; defines: Record<string, number> }[] = [
  { spec: "vm_refcnt_fixed", check: "fixed", defines: { MAPLE_ALLOC_FAIL: 0 } },
  { spec: "vm_refcnt_fixed", check: "fixed_enomem", defines: { MAPLE_ALLOC_FAIL: 1 } },
  {
    spec: "vm_refcnt_v6",
    check: "b1_detach_waits",
    defines: { MAPLE_ALLOC_FAIL: 0, FREE_ON_ZERO: 0, DETACH_WAITS: 1 },
  },
];

/** One side of one row: states stored, time to verdict and search time, seconds. */
interface Side {
  states: number;
  verdict: string;
  totalSeconds: number;
  searchSeconds: number;
  rssBytes: number;
}

interface PorRow {
  model: string;
  plain: Side;
  por: Side;
  spin?: Side;
}

export interface PorBenchOptions {
  root: string;
  spin: SpinSetup;
  quick: boolean;
  reps: number;
  log: (line: string) => void;
}

/** Runs the partial-order reduction rows and writes bench/results-por.md; returns the text table. */
export async function benchPartialOrder(o: PorBenchOptions): Promise<string> {
  // R=6 in a quick run too: the targets are at R=6, and a quick run replaces the file.
  const readers = 6;
  const rows: PorRow[] = [];
  for (const seed of SEEDS) {
    const model = `${seed.spec}/${seed.check} R=${readers}`;
    o.log(`${model}, partial-order reduction ...`);
    const spec = join(o.root, "specs", `${seed.spec}.vmaspec`);
    const args = ["--check", seed.check, "--const", `READERS=${readers}`];
    const plain = best(o.reps, () => vmaspecCheck(o.root, spec, args));
    const por = best(o.reps, () => vmaspecCheck(o.root, spec, [...args, "--por"]));
    const pml = join(o.root, "bench/models", `${seed.spec}.pml`);
    const spin = o.spin.available
      ? best(o.reps, () => spinDefault(pml, { ...seed.defines, READERS: readers }, plain.states))
      : undefined;
    rows.push({ model, plain, por, spin });
  }
  const table = markdown(rows, o.spin, readers, o.reps);
  const path = join(o.root, "bench/results-por.md");
  const options = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(table, { ...options, filepath: path }));
  return table;
}

function best(reps: number, measure: () => Side): Side {
  let out = measure();
  for (let i = 1; i < reps; i++) {
    const m = measure();
    if (m.totalSeconds < out.totalSeconds) out = m;
  }
  return out;
}

/** `vmaspec check --json` in a process of its own, timed by /usr/bin/time. */
function vmaspecCheck(root: string, spec: string, args: string[]): Side {
  const cli = join(root, "dist/src/cli/main.js");
  const r = spawnSync(
    "/usr/bin/time",
    ["-f", TIME_FORMAT, process.execPath, cli, "check", spec, ...args, "--json", "--progress", "0"],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const json = r.stdout
    .trim()
    .split("\n")
    .map(
      (l) =>
        JSON.parse(l) as {
          found?: string;
          status?: string;
          stats?: { distinctStates: number; elapsedMs: number };
        },
    )
    .find((j) => j.stats);
  const time = timeOf(r.stderr);
  if (!json?.stats || !time)
    throw new Error(`vmaspec check ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  return {
    states: json.stats.distinctStates,
    verdict: `${json.found} (${json.status})`,
    totalSeconds: time.cpu,
    searchSeconds: json.stats.elapsedMs / 1000,
    rssBytes: time.rss,
  };
}

/** SPIN's default verifier (partial-order reduction on): spin -a, gcc, pan, each timed. */
function spinDefault(pml: string, defines: Record<string, number>, expected: number): Side {
  const dir = mkdtempSync(join(tmpdir(), "vmaspec-bench-por-"));
  try {
    const timed = (command: string[]) =>
      spawnSync("/usr/bin/time", ["-f", TIME_FORMAT, ...command], {
        cwd: dir,
        encoding: "utf8",
        maxBuffer: 64 << 20,
      });
    const d = Object.entries(defines).map(([k, v]) => `-D${k}=${v}`);
    const gen = timed(["spin", ...d, "-a", pml]);
    if (gen.status !== 0) throw new Error(`spin -a ${pml} failed:\n${gen.stdout}${gen.stderr}`);
    const cc = timed(["gcc", "-O2", "-DSAFETY", "-w", "-o", "pan", "pan.c"]);
    if (cc.status !== 0) throw new Error(`gcc pan.c failed:\n${cc.stderr}`);
    const w = Math.max(10, Math.ceil(Math.log2(Math.max(2, expected))) + 1);
    const pan = timed(["./pan", `-m${Math.max(10000, expected + 1000)}`, `-w${w}`]);
    const [tGen, tCc, tPan] = [gen, cc, pan].map((x) => timeOf(x.stderr));
    const out = pan.stdout + pan.stderr;
    const number = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
    const errors = number(/errors: (\d+)/);
    if (errors !== 0) throw new Error(`pan failed (errors: ${errors}):\n${out}`);
    return {
      states: number(/(\d+) states, stored/),
      verdict: "ok (errors: 0)",
      totalSeconds: (tGen?.cpu ?? NaN) + (tCc?.cpu ?? NaN) + (tPan?.cpu ?? NaN),
      searchSeconds: number(/pan: elapsed time ([\d.e+-]+) seconds/),
      rssBytes: tPan?.rss ?? NaN,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** /usr/bin/time's report: CPU seconds (user + system) and peak RSS in KiB. */
const TIME_FORMAT = "cpu %U %S rss %M";

function timeOf(stderr: string): { cpu: number; rss: number } | undefined {
  const m = /cpu ([\d.]+) ([\d.]+) rss (\d+)/.exec(stderr);
  return m ? { cpu: Number(m[1]) + Number(m[2]), rss: Number(m[3]) * 1024 } : undefined;
}

const n = new Intl.NumberFormat("en-US");
const s = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} s` : "—");
const mb = (x: number) => (Number.isFinite(x) ? `${Math.round(x / 2 ** 20)} MB` : "—");

function markdown(rows: PorRow[], spin: SpinSetup, readers: number, reps: number): string {
  const date = new Date().toISOString().replace("T", " ").slice(0, 16);
  const lines = [
    "# Partial-order reduction: vmaspec `check --por` and SPIN's default verifier",
    "",
    `Seed specs with READERS=${readers}, the checks that expect ok. _Stored_: distinct states each side keeps; ` +
      "_verdict_: time to verdict as CPU time (user + system) of the whole command in its own process " +
      "(vmaspec: start-up, compile, search; SPIN: `spin -a`, `gcc -O2 -DSAFETY`, pan), with the " +
      "search alone in brackets (wall time: vmaspec's search, pan's elapsed time). " +
      `SPIN: ${spin.note}. Best of ${reps}, ${date} UTC, on a machine shared with other jobs. ` +
      "Written by `npm run bench` (bench/por.ts).",
    "",
    "| model | vmaspec stored | vmaspec verdict | --por stored | --por verdict | --por RSS | SPIN (POR) stored | SPIN verdict | SPIN RSS | --por vs SPIN |",
    "| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |",
  ];
  for (const r of rows) {
    const ratio = r.spin ? `${(r.spin.totalSeconds / r.por.totalSeconds).toFixed(2)}×` : "—";
    lines.push(
      `| ${r.model} | ${n.format(r.plain.states)} | ${s(r.plain.totalSeconds)} (${s(r.plain.searchSeconds)}) | ` +
        `${n.format(r.por.states)} | ${s(r.por.totalSeconds)} (${s(r.por.searchSeconds)}) | ${mb(r.por.rssBytes)} | ` +
        (r.spin
          ? `${n.format(r.spin.states)} | ${s(r.spin.totalSeconds)} (${s(r.spin.searchSeconds)}) | ${mb(r.spin.rssBytes)} | ${ratio} |`
          : "— | — | — | — |"),
    );
  }
  lines.push(
    "",
    "Verdicts: " + rows.map((r) => `${r.model}: ${r.plain.verdict} / ${r.por.verdict}`).join("; ") + ".",
    "",
  );
  return lines.join("\n");
}
