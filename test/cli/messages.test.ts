// How the command shows messages: hints as a last `= help:` line and a `hint` field in JSON, a
// deadlock's awaits and a runtime error's index with the file and expression they are in.
// The command line runs in this process (vmaspecInProcess); test/cli/exit-codes.test.ts shows
// it prints and exits as the spawned command does.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { vmaspecInProcess } from "../helpers/inprocess.js";
import { describe, expect, it } from "vitest";
import { repoRoot, specDir } from "../helpers/cli.js";

describe("messages on the command line", () => {
  it("prints a hint as a last '= help:' line under the caret, and as 'hint' in JSON", async () => {
    const dir = specDir({
      "t.vmaspec": "spec T\nvar owner: task? = none\nprocess P {\n  step a { owner = some(curent) }\n}\n",
    });
    const r = await vmaspecInProcess(["check", "t.vmaspec"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        "t.vmaspec:4:25: error[N001]: unknown name 'curent'",
        "  |",
        "4 |   step a { owner = some(curent) }",
        "  |                         ^^^^^^",
        "  = help: did you mean 'current'?",
        "",
      ].join("\n"),
    );
    const json = JSON.parse((await vmaspecInProcess(["check", "t.vmaspec", "--json"], dir)).stdout);
    expect(json.diagnostics).toMatchObject([
      { code: "N001", line: 4, col: 25, hint: "did you mean 'current'?" },
    ]);
  });

  it("names the library file of the await a deadlocked instance waits at", async () => {
    const spec = [
      "spec Dl",
      "import locks",
      "var a: spinlock_t = none",
      "var b: spinlock_t = none",
      "process P { step x { spin_lock(a) } step y { spin_lock(b) } step z { spin_unlock(b); spin_unlock(a) } }",
      "process Q { step x { spin_lock(b) } step y { spin_lock(a) } step z { spin_unlock(a); spin_unlock(b) } }",
      "check dl { expect deadlock }",
    ].join("\n");
    const dir = specDir({ "dl.vmaspec": spec });
    const r = await vmaspecInProcess(["check", join(dir, "dl.vmaspec")]);
    expect(r.code).toBe(0);
    // The await of spin_lock, in stdlib/locks.vmaspec (named relative to the working folder).
    const locks = readFileSync(join(repoRoot, "stdlib/locks.vmaspec"), "utf8").split("\n");
    const start = locks.findIndex((l) => l.startsWith("macro spin_lock("));
    const line = start + 1 + locks.slice(start).findIndex((l) => l.includes("await"));
    expect(r.stdout).toContain(`P  waits at step y (the await at stdlib/locks.vmaspec:${line})`);
    expect(r.stdout).toContain(`Q  waits at step y (the await at stdlib/locks.vmaspec:${line})`);
  });

  it("shows the index expression and its value when an index leaves its domain at run time", async () => {
    const spec = [
      "spec Rt",
      "var flags: [1..2 -> bool] = [i in 1..2 |-> false]",
      "var n: 0..3 = 0",
      "process T[t in 1..2] {",
      "  step a { n = n + 1 }",
      "  step b { flags[t + n] = true }",
      "}",
      "check c { expect violation runtime }",
    ].join("\n");
    const dir = specDir({ "rt.vmaspec": spec });
    const r = await vmaspecInProcess(["check", "rt.vmaspec"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "runtime error: flags[t + n]: index 3 is outside its domain 1..2 (rt.vmaspec:6)",
    );
  });
});
