// `vmaspec fmt`: rewrites only files that change, atomically and through symbolic links; --check
// lists the files that would change and exits 1; a file with syntax errors is reported and left
// alone. Run in-process (test/helpers/inprocess.ts) as the command runs.

import { lstatSync, readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { specDir } from "../helpers/cli.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";

const MESSY = "spec A\nvar x:0..3=0\naction Inc{await x<3;x+=1}\n";
const TIDY = "spec A\nvar x: 0..3 = 0\naction Inc { await x < 3; x += 1 }\n";

describe("vmaspec fmt", () => {
  it("rewrites a file into the canonical layout and leaves a tidy one untouched", async () => {
    const dir = specDir({ "messy.vmaspec": MESSY, "tidy.vmaspec": TIDY });
    const before = statSync(join(dir, "tidy.vmaspec"));
    const r = await vmaspecInProcess(["fmt", "messy.vmaspec", "tidy.vmaspec"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("formatted messy.vmaspec\n");
    expect(readFileSync(join(dir, "messy.vmaspec"), "utf8")).toBe(TIDY);
    const after = statSync(join(dir, "tidy.vmaspec"));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(readdirSync(dir).sort()).toEqual(["messy.vmaspec", "tidy.vmaspec"]); // no temporary file left
  });

  it("--check lists the files that would change, writes nothing and exits 1", async () => {
    const dir = specDir({ "messy.vmaspec": MESSY, "tidy.vmaspec": TIDY });
    const r = await vmaspecInProcess(["fmt", "--check", "messy.vmaspec", "tidy.vmaspec"], dir);
    expect([r.code, r.stdout]).toEqual([1, "messy.vmaspec\n"]);
    expect(readFileSync(join(dir, "messy.vmaspec"), "utf8")).toBe(MESSY);
    const clean = await vmaspecInProcess(["fmt", "--check", "tidy.vmaspec"], dir);
    expect([clean.code, clean.stdout]).toEqual([0, ""]);
  });

  it("--width N breaks lines longer than N (110 when not given), and refuses a width that is no number", async () => {
    const dir = specDir({ "tidy.vmaspec": TIDY });
    const r = await vmaspecInProcess(["fmt", "--width", "30", "tidy.vmaspec"], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "tidy.vmaspec"), "utf8")).toBe(
      "spec A\nvar x: 0..3 = 0\n\naction Inc {\n  await x < 3;\n  x += 1\n}\n",
    );
    const wide = await vmaspecInProcess(["fmt", "--check", "tidy.vmaspec"], dir);
    expect([wide.code, wide.stdout]).toEqual([0, ""]); // breaks are never joined again
    const bad = await vmaspecInProcess(["fmt", "--width", "wide", "tidy.vmaspec"], dir);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      "error: --width takes a positive whole number of characters, not 'wide'\n",
    ]);
  });

  it("reports a file with syntax errors, leaves it as it is and formats the others", async () => {
    const broken = "spec A\nvar x: 0..3 =\n";
    const dir = specDir({ "broken.vmaspec": broken, "messy.vmaspec": MESSY });
    const r = await vmaspecInProcess(["fmt", "broken.vmaspec", "messy.vmaspec"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("broken.vmaspec:3:1: error[S002]");
    expect(readFileSync(join(dir, "broken.vmaspec"), "utf8")).toBe(broken);
    expect(readFileSync(join(dir, "messy.vmaspec"), "utf8")).toBe(TIDY);
  });

  it("writes through a symbolic link, keeping the link and the file's permissions", async () => {
    const dir = specDir({ "real.vmaspec": MESSY });
    symlinkSync("real.vmaspec", join(dir, "link.vmaspec"));
    const r = await vmaspecInProcess(["fmt", "link.vmaspec"], dir);
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, "link.vmaspec")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real.vmaspec"), "utf8")).toBe(TIDY);
  });

  it("keeps a byte-order mark", async () => {
    const dir = specDir({ "bom.vmaspec": "\ufeff" + MESSY });
    await vmaspecInProcess(["fmt", "bom.vmaspec"], dir);
    expect(readFileSync(join(dir, "bom.vmaspec"), "utf8")).toBe("\ufeff" + TIDY);
  });

  it("names a missing file", async () => {
    const dir = specDir({});
    const r = await vmaspecInProcess(["fmt", "missing.vmaspec"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing.vmaspec: error[C001]");
  });
});
