// The SPIN side of the benchmark. In: a Promela model, its -D constants and the number of states
// vmaspec found. Out: SPIN's distinct-state count, search time and memory, from running the
// compiled verifier (pan) as issue 6 prescribes: `spin -a`, `gcc -O2 -DSAFETY -DNOREDUCE`.
//
// Also makes sure SPIN is there: on a machine without it, installs the Debian package with apt-get
// when running as root, and otherwise says why the SPIN side is skipped. gcc is assumed.

import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether SPIN can run here, and if not, why. */
export interface SpinSetup {
  available: boolean;
  note: string;
  /** /usr/bin/time, to measure pan's peak RSS (absent: pan's own memory report is used). */
  timeCommand: boolean;
}

/** One run of pan. */
export interface SpinMeasurement {
  states: number;
  /** pan's own elapsed time; 0 when it rounds to nothing (tiny models). */
  seconds: number;
  vectorBytes: number;
  /** Peak RSS of pan (from /usr/bin/time), or pan's "total actual memory usage". */
  memoryBytes: number;
  memoryIsRss: boolean;
  /** pan's "actual memory usage for states" plus its hash table, in bytes. */
  stateBytes: number;
}

function run(command: string, args: string[], cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
}

function has(command: string): boolean {
  return run("sh", ["-c", `command -v ${command}`]).status === 0;
}

/** Finds SPIN, installing it (and /usr/bin/time) with apt-get when missing and possible. */
export function setUpSpin(log: (line: string) => void): SpinSetup {
  if (!has("spin") || !existsSync("/usr/bin/time")) {
    const root = process.getuid?.() === 0;
    if (root && has("apt-get")) {
      log("installing spin with apt-get ...");
      const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
      const install = () =>
        spawnSync("apt-get", ["install", "-y", "spin", "time"], { env, encoding: "utf8" });
      if (install().status !== 0) {
        spawnSync("apt-get", ["update"], { env, encoding: "utf8" });
        install();
      }
    }
  }
  const timeCommand = existsSync("/usr/bin/time");
  if (!has("spin")) {
    const why =
      process.getuid?.() === 0 ? "apt-get could not install it" : "not root, so it was not installed";
    return { available: false, note: `SPIN side SKIPPED: spin is not installed (${why})`, timeCommand };
  }
  if (!has("gcc")) return { available: false, note: "SPIN side SKIPPED: gcc is not installed", timeCommand };
  return { available: true, note: spinVersion(), timeCommand };
}

/** `Spin Version 6.5.2 -- 6 December 2019`, or what `spin -V` says. */
export function spinVersion(): string {
  return run("spin", ["-V"]).stdout.trim();
}

/** A pan compiled for one configuration, ready to run. */
export class SpinVerifier {
  private readonly dir: string;

  constructor(
    pml: string,
    defines: Record<string, number>,
    private readonly setup: SpinSetup,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), "vmaspec-bench-spin-"));
    const d = Object.entries(defines).map(([k, v]) => `-D${k}=${v}`);
    const gen = run("spin", [...d, "-a", pml], this.dir);
    if (gen.status !== 0) throw new Error(`spin -a ${pml} failed:\n${gen.stdout}${gen.stderr}`);
    const cc = run("gcc", ["-O2", "-DSAFETY", "-DNOREDUCE", "-w", "-o", "pan", "pan.c"], this.dir);
    if (cc.status !== 0) throw new Error(`gcc pan.c failed:\n${cc.stderr}`);
  }

  /** Removes the verifier's folder (pan.c, pan and SPIN's trail files). */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs pan with a hash table of about twice `expectedStates` slots and enough depth. */
  run(expectedStates: number): SpinMeasurement {
    const w = Math.max(10, Math.ceil(Math.log2(Math.max(2, expectedStates))) + 1);
    const depth = Math.max(10000, expectedStates + 1000);
    const pan = ["./pan", `-m${depth}`, `-w${w}`];
    const r = this.setup.timeCommand
      ? run("/usr/bin/time", ["-f", "maxrss-kb %M", ...pan], this.dir)
      : run(pan[0], pan.slice(1), this.dir);
    const out = r.stdout + r.stderr;
    const number = (re: RegExp) => {
      const m = re.exec(out);
      return m ? Number(m[1]) : NaN;
    };
    const errors = number(/errors: (\d+)/);
    if (r.status !== 0 || errors !== 0) throw new Error(`pan failed (errors: ${errors}):\n${out}`);
    const rss = number(/maxrss-kb (\d+)/);
    return {
      states: number(/(\d+) states, stored/),
      seconds: number(/pan: elapsed time ([\d.e+-]+) seconds/),
      vectorBytes: number(/State-vector (\d+) byte/),
      memoryBytes: Number.isNaN(rss) ? number(/([\d.]+)\s+total actual memory usage/) * 2 ** 20 : rss * 1024,
      memoryIsRss: !Number.isNaN(rss),
      stateBytes:
        (number(/([\d.]+)\s+actual memory usage for states/) +
          number(/([\d.]+)\s+memory used for hash table/)) *
        2 ** 20,
    };
  }
}
