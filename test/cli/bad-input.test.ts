// Bad input from the command line: each case exits 2 with a located, one-line message and the
// source line with a caret, never a stack trace.
// The command line runs in this process (vmaspecInProcess), except for a closed stdout;
// test/cli/exit-codes.test.ts shows it prints and exits as the spawned command does.
import { vmaspecInProcess } from "../helpers/inprocess.js";
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { acceptanceDir, repoRoot, specDir } from "../helpers/cli.js";
import { expectBadInput, GOOD } from "../helpers/bad-input.js";

async function check(spec: string, extra: string[] = []) {
  const dir = specDir({ "s.vmaspec": spec });
  return await vmaspecInProcess(["check", "s.vmaspec", ...extra], dir);
}

describe("bad input", () => {
  it("reports a truncated file at its end", async () => {
    const text = readFileSync(join(acceptanceDir, "vma_refcount.vmaspec"), "utf8");
    const dir = specDir({
      "t.vmaspec": text.slice(0, text.indexOf("step check")),
    });
    const r = await vmaspecInProcess(["check", "t.vmaspec"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/t\.vmaspec:\d+:\d+: error\[S\d+\]/);
  });

  it("reports a --const override of an unknown constant", async () => {
    const r = await check(GOOD, ["--const", "M=3"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--const overrides 'M', which is not a constant of this spec");
  });

  it("reports a --const override of the wrong type", async () => {
    const r = await check(GOOD, ["--const", "N=true"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--const gives 'N' the boolean true, but it is an integer/);
  });

  it("reports a --const value that is not a value", async () => {
    const r = await check(GOOD, ["--const", "N=lots"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'lots' is neither an integer nor true/false");
  });

  it("reports an import cycle", async () => {
    const dir = specDir({
      "a.vmaspec": 'spec A\nimport "./b.vmaspec"\n' + GOOD.split("\n").slice(1).join("\n"),
      "b.vmaspec": 'module b\nimport "./c.vmaspec"\n',
      "c.vmaspec": 'module c\nimport "./b.vmaspec"\n',
    });
    const r = await vmaspecInProcess(["check", "a.vmaspec"], dir);
    expectBadInput(
      r,
      "N010",
      /c\.vmaspec:2:1: error\[N010\]: import cycle: b\.vmaspec -> c\.vmaspec -> b\.vmaspec/,
    );
  });

  it("reports a missing import", async () => {
    const dir = specDir({
      "a.vmaspec": 'spec A\nimport "./nope.vmaspec"\n' + GOOD.split("\n").slice(1).join("\n"),
    });
    expectBadInput(
      await vmaspecInProcess(["check", "a.vmaspec"], dir),
      "N011",
      /a\.vmaspec:2:1: error\[N011\]: cannot import '\.\/nope\.vmaspec'/,
    );
  });

  it("reports a file that is not UTF-8", async () => {
    const dir = specDir({
      "bad.vmaspec": Buffer.concat([Buffer.from("spec Bad\n// caf"), Buffer.from([0xe9, 0x0a])]),
    });
    const r = await vmaspecInProcess(["check", "bad.vmaspec"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.vmaspec:2:7: error\[C004\]: 'bad\.vmaspec' is not UTF-8 text/);
  });

  it("rejects 10 MB of random bytes quickly", async () => {
    let seed = 12345;
    const bytes = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      bytes[i] = (seed >>> 16) & 0xff;
    }
    const dir = specDir({ "noise.vmaspec": bytes });
    const r = await vmaspecInProcess(["check", "noise.vmaspec"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/noise\.vmaspec:\d+:\d+: error/);
  });

  it("reports a directory given as the spec file", async () => {
    const dir = specDir({});
    const r = await vmaspecInProcess(["check", "."], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\.: error\[C002\]: cannot read this file: it is a directory$/m);
  });

  it("reports a missing spec file", async () => {
    const r = await vmaspecInProcess(["check", "no-such-file.vmaspec"], specDir({}));
    expect(r.code).toBe(2);
    // A file-level error names its file where a located one names file:line:col.
    expect(r.stderr).toMatch(/^no-such-file\.vmaspec: error\[C001\]: cannot read this file: no such file$/m);
    const json = await vmaspecInProcess(["check", "--json", "no-such-file.vmaspec"], specDir({}));
    expect(JSON.parse(json.stdout).diagnostics[0]).toMatchObject({
      code: "C001",
      file: "no-such-file.vmaspec",
    });
  });

  it("reports an unknown check name with the names it has", async () => {
    const r = await check(GOOD, ["--check", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("has no check named 'nope' (its checks: ok)");
  });

  it("reports an unknown option as a usage error", async () => {
    const r = await check(GOOD, ["--frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option");
  });

  it("stops cleanly at --max-states with its statistics so far", async () => {
    const r = await vmaspecInProcess([
      "check",
      join(acceptanceDir, "vma_refcount.vmaspec"),
      "--check",
      "correct",
      "--max-states",
      "100",
    ]);
    expect(r.code).toBe(4); // inconclusive: a bounded search proves nothing
    expect(r.stdout).toContain("bounded: no violation in the first 100 states (max states reached)");
    expect(r.stdout).toMatch(/100 distinct states, [\d,]+ generated, depth \d+/);
  });
});

describe("a reader that stops early", () => {
  it("ends quietly when stdout is closed before the report is written (`vmaspec check ... | head`)", async () => {
    const cli = resolve(repoRoot, "dist/src/cli/main.js");
    const child = spawn(process.execPath, [cli, "check", "specs/vma_refcount.vmaspec", "--workers", "2"], {
      cwd: repoRoot,
    });
    child.stdout.destroy(); // the reader is gone before the first line: every write fails
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
