// The TypeScript module `compile` writes must type-check under `tsc --strict` for every fixture
// spec (test/fixtures/lang), not only the acceptance specs test/cli/compile.test.ts compiles: the
// fixtures use every construct. Before, `the(o)` of an optional set and a macro result used
// after its "ended without returning" check did not type-check.
import { readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { planOf } from "../../src/checks/plan.js";
import { compileConfiguration, frontEnd } from "../../src/compile.js";
import { repoRoot } from "../helpers/cli.js";
import { projectDir, tsc } from "../helpers/generated.js";

describe("the TypeScript output", () => {
  it("type-checks for every fixture spec and check configuration", () => {
    const fixtures = resolve(repoRoot, "test/fixtures/lang");
    const dir = projectDir();
    let written = 0;
    for (const name of readdirSync(fixtures).filter((f) => f.endsWith(".vmaspec"))) {
      const fe = frontEnd(join(fixtures, name));
      expect(fe.front, name).toBeDefined();
      const checks = fe.front!.table.checks.length ? fe.front!.table.checks : [undefined];
      checks.forEach((check, i) => {
        const { compiled } = compileConfiguration(fe.front!, planOf(check, { consts: [] }).overrides);
        if (!compiled) return;
        writeFileSync(join(dir, `${name.replace(/\.vmaspec$/, "")}_${i}.model.ts`), compiled.source);
        written++;
      });
    }
    expect(written).toBeGreaterThan(30);
    const r = tsc(dir);
    expect(r.output).toBe("");
    expect(r.code).toBe(0);
  });
});
