// The prettier plugin shipped as `vmaspec/prettier`: through prettier's API, and through prettier's
// own command line in a project whose configuration lists the plugin, `.vmaspec` files come out as
// `vmaspec fmt` lays them out; a syntax error is prettier's error with the line and column.

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { formatSource } from "../../src/format/format.js";
import { repoRoot, specDir } from "../helpers/cli.js";

const MESSY = "spec A\nvar x:0..3=0 // x\naction Inc{await x<3;x+=1}\n";
const TIDY = formatSource("a.vmaspec", MESSY).text!;
/** The plugin as the package ships it (package.json's exports["./prettier"]). */
const PLUGIN = resolve(repoRoot, "dist/src/format/prettier-plugin.js");

describe("prettier plugin", () => {
  it("formats a .vmaspec file as vmaspec fmt does, the language found from the file name", async () => {
    const out = await prettier.format(MESSY, { filepath: "a.vmaspec", plugins: [PLUGIN] });
    expect(out).toBe(TIDY);
    expect(TIDY).toBe("spec A\nvar x: 0..3 = 0  // x\naction Inc { await x < 3; x += 1 }\n");
  });

  it("reports a syntax error with its line and column", async () => {
    await expect(
      prettier.format("spec A\nvar x: 0..3 =\n", { parser: "vmaspec", plugins: [PLUGIN] }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/^S002: /),
      loc: { start: { line: 3, column: 1 } },
    });
  });

  it('lets `prettier --write "**/*.vmaspec"` format a project that configures it', () => {
    const dir = specDir({
      "a.vmaspec": MESSY,
      "b.vmaspec": TIDY,
      ".prettierrc": JSON.stringify({ plugins: [PLUGIN] }),
    });
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub/c.vmaspec"), MESSY);
    const bin = resolve(repoRoot, "node_modules/prettier/bin/prettier.cjs");
    execFileSync(process.execPath, [bin, "--write", "**/*.vmaspec"], { cwd: dir, stdio: "pipe" });
    expect(readFileSync(join(dir, "a.vmaspec"), "utf8")).toBe(TIDY);
    expect(readFileSync(join(dir, "b.vmaspec"), "utf8")).toBe(TIDY);
    expect(readFileSync(join(dir, "sub/c.vmaspec"), "utf8")).toBe(TIDY);
  });
});
