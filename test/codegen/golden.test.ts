// Golden files: the generated TypeScript model of two specs and the rendered diagnostics of a
// handful of bad inputs, pinned in test/golden/ so that a change to code generation or to an error
// message shows up as a diff a reviewer reads. The test fails when the output differs from the
// stored file. After a deliberate change, accept the new output with
//
//     npm run baselines:accept        (vitest run test/codegen/golden.test.ts -u)
//
// and review the diff of test/golden/ in the commit like any other change.
import { readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { planOf } from "../../src/checks/plan.js";
import { compileConfiguration, frontEnd } from "../../src/compile.js";
import { renderDiagnostics } from "../../src/diagnostics/render.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const golden = join(root, "test/golden");

/** Runs `body` in the repository's root, so file names print as a user running vmaspec there sees them. */
function atRoot<T>(body: () => T): T {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    return body();
  } finally {
    process.chdir(cwd);
  }
}

/** The TypeScript model `compile` writes for a spec's first check, formatted as the repository's code is. */
async function generatedModel(spec: string): Promise<string> {
  const source = atRoot(() => {
    const fe = frontEnd(spec);
    expect(fe.diagnostics).toEqual([]);
    const plan = planOf(fe.front!.table.checks[0], { consts: [] });
    const { compiled, diagnostics } = compileConfiguration(fe.front!, plan.overrides);
    expect(diagnostics).toEqual([]);
    return compiled!.source;
  });
  return prettier.format(source, { parser: "typescript", printWidth: 110 });
}

describe("golden files", () => {
  it("pins the generated model of the seed spec mmap_lock_seq", async () => {
    const text = await generatedModel("specs/mmap_lock_seq.vmaspec");
    await expect(text).toMatchFileSnapshot(join(golden, "mmap_lock_seq.model.ts.golden"));
  });

  it("pins the generated model of the small spec vma_refcount", async () => {
    const text = await generatedModel("specs/vma_refcount.vmaspec");
    await expect(text).toMatchFileSnapshot(join(golden, "vma_refcount.model.ts.golden"));
  });

  it("pins the rendered diagnostics of bad inputs", async () => {
    const dir = join(golden, "bad");
    const out: string[] = [];
    for (const name of readdirSync(dir)
      .filter((f) => f.endsWith(".vmaspec"))
      .sort()) {
      const path = relative(root, join(dir, name));
      const rendered = atRoot(() => {
        const fe = frontEnd(path);
        let diagnostics = fe.diagnostics;
        if (fe.front) diagnostics = [...diagnostics, ...compileConfiguration(fe.front, []).diagnostics];
        expect(diagnostics.length, path).toBeGreaterThan(0);
        return renderDiagnostics(diagnostics, (f) => fe.texts.get(f));
      });
      out.push(`== ${name}`, rendered, "");
    }
    await expect(out.join("\n")).toMatchFileSnapshot(join(golden, "diagnostics.txt"));
  });
});
