// Extreme sizes from the command line: huge process arrays and states, and chains and nestings
// thousands deep, end in a located error with exit 2, never a V8 abort or an internal error.
// The command line runs in this process (vmaspecInProcess); test/cli/exit-codes.test.ts shows
// it prints and exits as the spawned command does.
import { vmaspecInProcess } from "../helpers/inprocess.js";
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { repoRoot, specDir } from "../helpers/cli.js";

const NO_STACK = /\n\s+at .*\(.*:\d+:\d+\)/;

async function run(cmd: string, spec: string) {
  const dir = specDir({ "s.vmaspec": spec });
  return await vmaspecInProcess([cmd, "s.vmaspec"], dir);
}

function expectLocated(r: { code: number; stderr: string; stdout: string }, code: string, where: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(where);
  expect(r.stderr).toContain(`error[${code}]`);
  expect(r.stderr + r.stdout).not.toMatch(NO_STACK);
  expect(r.stderr).not.toContain("internal error");
}

describe("extreme sizes", () => {
  it("bounds the instances of a process array, even in parse", async () => {
    for (const range of ["0..2147483648", "0..100000"]) {
      const r = await run(
        "parse",
        `spec A\nvar x: 0..1 = 0\nprocess P[i in ${range}] { step a { x = 1 } }\n`,
      );
      expectLocated(r, "T020", /s\.vmaspec:3:16: error\[T020\]: process P would have \d+ instances/);
    }
  });

  it("bounds the slots of a state", async () => {
    const r = await run(
      "parse",
      "spec A\nvar x: [0..65535 -> [0..65535 -> 0..1]] = [k in 0..65535 |-> [j in 0..65535 |-> 0]]\naction a { x[0][0] = 1 }\n",
    );
    expectLocated(r, "T020", /s\.vmaspec:2:1: error\[T020\]: a state would take 4294967296 slots/);
  });

  const chains: Record<string, string> = {
    "&& chain": `var x: 0..1 = 0\ninvariant I: x == 1 || ${Array(600).fill("x == 0").join(" && ")}\naction a { x = 1 - x }`,
    "+ chain": `var x: 0..1 = 0\nvar y: 0..9 = 0\naction a { y = ${Array(3000).fill("x").join(" + ")} }`,
    "- chain": `var x: 0..1 = 0\nvar y: -9..9 = 0\naction a { y = ${Array(3000).fill("x").join(" - ")} }`,
    "* chain": `var x: 0..1 = 0\nvar y: 0..9 = 0\naction a { y = ${Array(2000).fill("x").join(" * ")} }`,
    "index chain": `var x: [0..1 -> 0..1] = [k in 0..1 |-> 0]\naction a { x[0] = x${"[0]".repeat(3000)} }`,
    "field chain": `type R = { f: 0..1 }\nvar x: R = { f: 0 }\naction a { x.f = x${".f".repeat(3000)} }`,
    "else if chain": `var x: 0..1 = 0\naction a { if x == 0 { x = 1 } ${"else if x == 0 { x = 1 } ".repeat(400)}}`,
  };
  for (const [name, body] of Object.entries(chains))
    it(`reports a ${name} too deep to check, located (exit 2)`, async () => {
      const r = await run("check", `spec A\n${body}\n`);
      expectLocated(r, "S007", /s\.vmaspec:\d+:\d+: error\[S007\]: nesting too deep/);
    });

  it("locates 'no process and no action' at the spec's name", async () => {
    const r = await vmaspecInProcess(["check", join(repoRoot, "stdlib/locks.vmaspec")]);
    expectLocated(r, "T015", /stdlib\/locks\.vmaspec:\d+:8: error\[T015\]: spec locks has no process/);
  });
});
