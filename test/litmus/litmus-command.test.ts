// `vmaspec litmus`: what it prints and how it exits. A construct outside the supported subset is a
// located error (file:line:col, the source line and a caret) and exit 2, never a verdict; the other
// files on the command line still run. A Sometimes verdict comes with its witness in lanes.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, repoRoot, specDir, vmaspec } from "../helpers/cli.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";

/** A litmus file with P0 `body` over x and y, in a fresh folder. */
function litmusFile(body: string, tail = "exists (x=1)", init = ""): string {
  const text = `C T\n{\n${init}}\nP0(int *x, int *y)\n{\n${body}\n}\n${tail}\n`;
  return join(specDir({ "t.litmus": text }), "t.litmus");
}

const fixture = (name: string) => join(repoRoot, "test/fixtures/litmus", name);

describe("vmaspec litmus: unsupported constructs", () => {
  const cases: [string, string, string, RegExp][] = [
    [
      "a for loop",
      "\tint r0;\n\tr0 = READ_ONCE(*x);\n\tfor (;;)\n\t\tWRITE_ONCE(*y, 1);",
      "8:2",
      /error\[L002\]: 'for' is not supported/,
    ],
    [
      "a call in an if's condition",
      "\tif (READ_ONCE(*x))\n\t\tWRITE_ONCE(*y, 1);",
      "6:6",
      /error\[L002\]: a call inside an expression/,
    ],
    [
      "an unclosed branch",
      "\tint r0;\n\tif (r0) {\n\t\tWRITE_ONCE(*y, 1);\n}\nexists (x=1)",
      "10:1",
      /error\[L003\]: unknown function 'exists'/,
    ],
    ["a loop", "\twhile (1)\n\t\tWRITE_ONCE(*y, 1);", "6:2", /error\[L002\]: 'while' is not supported/],
    [
      "a plain store to a shared location",
      "\tx = 1;",
      "6:2",
      /error\[L002\]: plain access to shared location 'x'/,
    ],
    [
      "a plain load of a shared location",
      "\tint r0;\n\tr0 = x + 1;",
      "7:7",
      /error\[L002\]: plain access to shared location 'x'/,
    ],
    [
      "an unsupported primitive",
      "\tint r0;\n\tr0 = srcu_read_lock(x);",
      "7:7",
      /error\[L002\]: srcu_read_lock\(\) is not supported/,
    ],
    ["an unknown function", "\tfoo(x);", "6:2", /error\[L003\]: unknown function 'foo'/],
    [
      "a location that is not a parameter",
      "\tWRITE_ONCE(*z, 1);",
      "6:14",
      /error\[L003\]: 'z' is not a location parameter of P0/,
    ],
    ["a missing comma", "\tWRITE_ONCE(*x 1);", "6:16", /error\[L001\]: expected ','/],
    [
      "a call inside an expression",
      "\tWRITE_ONCE(*x, READ_ONCE(*y));",
      "6:17",
      /error\[L002\]: a call inside an expression/,
    ],
  ];
  for (const [what, body, at, message] of cases)
    it(`rejects ${what} at its place, with the source line and a caret, exit 2`, async () => {
      const file = litmusFile(body);
      const r = await vmaspecInProcess(["litmus", file]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.split("\n");
      expect(lines[0].startsWith(`${file}:${at}: `)).toBe(true);
      expect(lines[0]).toMatch(message);
      const [line, col] = at.split(":").map(Number);
      const source = lines.findIndex((l) => l.startsWith(`${line} | `));
      expect(source).toBeGreaterThan(0);
      const caret = lines[source + 1];
      expect(caret.indexOf("^") - caret.indexOf("|") - 2).toBe(col - 1);
    });

  it("rejects a pointer in the init block", async () => {
    const r = await vmaspecInProcess([
      "litmus",
      litmusFile("\tWRITE_ONCE(*x, 1);", "exists (x=1)", "\tint *p = &x;\n"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:3:6: error\[L002\]: pointer locations are not supported/);
  });

  it("rejects final conditions other than exists", async () => {
    const r = await vmaspecInProcess(["litmus", litmusFile("\tWRITE_ONCE(*x, 1);", "~exists (x=1)")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:8:1: error\[L002\]: only 'exists' final conditions/);
  });

  it("rejects a register the condition names but the process lacks", async () => {
    const r = await vmaspecInProcess(["litmus", litmusFile("\tWRITE_ONCE(*x, 1);", "exists (0:r9=1)")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:8:11: error\[L003\]: P0 has no register 'r9'/);
  });

  it("still runs the other files, and exits 2", async () => {
    const bad = litmusFile("\tx = 1;");
    const r = await vmaspecInProcess(["litmus", "--json", bad, fixture("SB+poonceonces.litmus")]);
    expect(r.code).toBe(2);
    const lines = jsonLines(r.stdout);
    expect(lines[0].diagnostics[0].code).toBe("L002");
    expect(lines[1]).toMatchObject({ test: "SB+poonceonces", verdict: "Sometimes", states: 22 });
  });

  it("reports a missing file as C001, exit 2", async () => {
    const r = vmaspec(["litmus", "/nonexistent/x.litmus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\/nonexistent\/x\.litmus: error\[C001\]/);
  });
});

describe("vmaspec litmus: verdicts and witnesses", () => {
  it("prints Never with the states explored, and no witness", async () => {
    const r = await vmaspecInProcess(["litmus", fixture("SB+fencembonceonces.litmus")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Test SB+fencembonceonces: Never, 24 states explored\n");
  });

  it("prints Sometimes with the shortest witness in lanes: each read's write, each write's place", async () => {
    const r = await vmaspecInProcess(["litmus", fixture("LB+poonceonces.litmus")]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain("Test LB+poonceonces: Sometimes, 25 states explored\n  Witness: 4 steps\n");
    expect(out).toMatch(/P0 +P1/);
    // Load buffering: a store runs before the load that precedes it, and each load reads the other's store.
    expect(out).toContain("WRITE_ONCE(*y, 1), coherence position 1");
    expect(out).toContain("r0 = READ_ONCE(*y), reads from P0 line 18");
    expect(out).toContain("r0 = READ_ONCE(*x), reads from P1 line 26");
    expect(out).toContain("sees x: (absent) -> 1 from P1 line 26");
    expect(out).toContain("the exists clause holds in this final state");
  });

  it("--expect exits 1 when a verdict is not the one the file announces", async () => {
    const file = litmusFile("\tWRITE_ONCE(*x, 1);", "exists (x=1)");
    const r = await vmaspecInProcess(["litmus", "--expect", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Test T: Sometimes, 2 states explored  (expected a 'Result:' line: NOT MET)");
  });

  it("says when a Never is vacuous: no execution finishes", async () => {
    const file = litmusFile("\tspin_lock(x);\n\tspin_lock(x);", "exists (x=1)");
    const r = await vmaspecInProcess(["litmus", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "Test T: Never, 3 states explored, but no execution finishes (a spin_lock that never gets its lock, or a filter that excludes all)\n",
    );
    const json = jsonLines(
      (await vmaspecInProcess(["litmus", "--json", fixture("SB+fencembonceonces.litmus")])).stdout,
    )[0];
    expect(json).toMatchObject({ verdict: "Never", states: 24, executions: 3 });
  });

  it("--trace none prints the verdict line only", async () => {
    const r = await vmaspecInProcess(["litmus", "--trace", "none", fixture("MP+poonceonces.litmus")]);
    expect(r.stdout).toBe("Test MP+poonceonces: Sometimes, 24 states explored\n");
  });
});
