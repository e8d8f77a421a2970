// Start-up cost of the command: wall and CPU time of `vmaspec --help` and of a check of a 14-state
// spec, against `node -e 0` on the same machine. Targets from issue 13: help under 0.15 s and the
// small check under 0.4 s of wall time. Best of several runs: start-up is what is measured, not the
// machine's other work.

import { spawnSync } from "node:child_process";
import { join } from "node:path";

export interface StartupRow {
  command: string;
  wall: number;
  cpu: number;
  target?: number;
}

function measure(args: string[], runs: number): { wall: number; cpu: number } {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S", process.execPath, ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`start-up run failed: ${args.join(" ")}\n${r.stderr}`);
    const [e, u, s] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    wall = Math.min(wall, e);
    cpu = Math.min(cpu, u + s);
  }
  return { wall, cpu };
}

export function measureStartup(root: string, runs: number): StartupRow[] {
  const main = join(root, "dist/bundle/vmaspec.js"); // what package.json's bin runs
  return [
    { command: "node -e 0", ...measure(["-e", "0"], runs) },
    { command: "vmaspec --help", ...measure([main, "--help"], runs), target: 0.15 },
    {
      command: "vmaspec check specs/diehard.vmaspec (14 states)",
      ...measure([main, "check", join(root, "specs/diehard.vmaspec")], runs),
      target: 0.4,
    },
  ];
}
