// The real process: each class of exit code (0 met, 1 not met, 2 bad input or usage, 4
// inconclusive) and the rendering of an error, from `vmaspec` run as a child process. Most CLI
// tests run the command line in-process (vmaspecInProcess, test/helpers/inprocess.ts), which
// mirrors src/cli/main.ts; this file also shows that the mirror prints and exits as the real
// command does, so those tests say what users see.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { acceptanceDir, specDir, vmaspec } from "../helpers/cli.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";

const dir = specDir({
  "ok.vmaspec":
    "spec Ok\nvar x: 0..3 = 0\naction Inc { await x < 3; x += 1 }\ncheck c { allow deadlock; expect ok }\n",
  "broken.vmaspec":
    "spec Broken\nvar x: 0..3 = 0\ninvariant Low: x < 2\naction Inc { await x < 3; x += 1 }\n",
  "bad.vmaspec": "spec Bad\nvar x: 0..3 = 0\naction Inc { x = y }\n",
});
const DIEHARD = join(acceptanceDir, "diehard.vmaspec");

/** Output with the measured times and rates blanked: they differ from run to run. */
function steady(text: string): string {
  return text
    .replace(/[\d.]+ s\b/g, "# s")
    .replace(/[\d,]+ states\/s/g, "# states/s")
    .replace(/"(elapsedMs|statesPerSecond)":\d+/g, '"$1":#');
}

const cases: [string, string[], number][] = [
  ["met (0)", ["check", "ok.vmaspec"], 0],
  ["not met (1)", ["check", "broken.vmaspec"], 1],
  ["bad input (2), rendered with the source line and a caret", ["check", "bad.vmaspec"], 2],
  ["a usage error (2)", ["check", "ok.vmaspec", "--max-states", "0"], 2],
  ["an unknown option (2)", ["check", "ok.vmaspec", "--frobnicate"], 2],
  ["inconclusive (4)", ["check", DIEHARD, "--check", "reachable", "--max-depth", "2", "--json"], 4],
  ["help (0)", ["check", "--help"], 0],
];

describe("vmaspec as a process", () => {
  for (const [what, args, code] of cases)
    it(`exits with the code of ${what}, printing what the in-process command line prints`, async () => {
      const real = vmaspec(args, dir);
      expect(real.code, real.stderr).toBe(code);
      const mirrored = await vmaspecInProcess(args, dir);
      expect({
        code: mirrored.code,
        stdout: steady(mirrored.stdout),
        stderr: steady(mirrored.stderr),
      }).toEqual({
        code: real.code,
        stdout: steady(real.stdout),
        stderr: steady(real.stderr),
      });
    });

  it("renders bad input as file:line:col, the source line and a caret, never a stack trace", () => {
    const r = vmaspec(["check", "bad.vmaspec"], dir);
    expect(r.stderr).toBe(
      "bad.vmaspec:3:18: error[N001]: unknown name 'y'\n  |\n3 | action Inc { x = y }\n  |                  ^\n",
    );
  });
});
