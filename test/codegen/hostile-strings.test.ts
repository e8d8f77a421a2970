// Text from a spec (its file name, assert messages, check blocks) reaches generated code only
// through codegen/literal.ts. Property tests over hostile strings: the generated module evaluates
// without running injected code, and every string comes back intact. Seeded; the seed is printed.

import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as TypeScript from "typescript";
import { commentText, literal } from "../../src/codegen/literal.js";
import { printable } from "../../src/diagnostics/printable.js";
import { compileConfiguration, frontEnd } from "../../src/compile.js";
import { compileFiles } from "../../src/compiled/files.js";
import { runCheck } from "../../src/checks/run.js";
import { planOf } from "../../src/checks/plan.js";
import { Sfc32 } from "../../src/engines/simulate/prng.js";

const SEED = 0x5eed13;

/** Pieces that break out of a comment, a string or a template, plus harmless text around them. */
const PIECES = [
  "\n",
  "\r",
  "\r\n",
  "\u2028",
  "\u2029",
  "\u0085",
  "*/",
  "/*",
  "//",
  "`",
  "${",
  "}",
  '"',
  "'",
  "\\",
  "\\u2028",
  "\0",
  "\x7f",
  "\ud800",
  "\udc00",
  "\ud83d\ude00",
  "é",
  " ",
  "a",
  "</script>",
  "globalThis.__pwned = 1;",
  "process.getBuiltinModule('fs')",
];

function hostile(rng: Sfc32, n = 1 + (rng.nextU32() % 12)): string {
  let s = "";
  for (let i = 0; i < n; i++) s += PIECES[rng.nextU32() % PIECES.length];
  return s;
}

declare global {
  // eslint-disable-next-line no-var
  var __pwned: number | undefined;
}

function transpile(source: string): string {
  const ts = createRequire(import.meta.url)("typescript") as typeof TypeScript;
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

describe(`generated code from hostile strings (seed ${SEED})`, () => {
  it("a literal evaluates back to the same string or value", () => {
    const rng = new Sfc32(SEED);
    for (let i = 0; i < 2000; i++) {
      const s = hostile(rng);
      expect(new Function(`return ${literal(s)};`)()).toBe(s);
      const v = { name: s, list: [s, 1] };
      expect(new Function(`return ${literal(v)};`)()).toEqual(v);
      expect(literal(s)).not.toMatch(/[\n\r\u2028\u2029]/);
    }
  });

  it("comment text stays inside its comment", () => {
    const rng = new Sfc32(SEED + 1);
    for (let i = 0; i < 2000; i++) {
      const s = hostile(rng);
      const c = commentText(s);
      expect(c).not.toMatch(/[\n\r\u2028\u2029\u0085\0]|\*\//);
      globalThis.__pwned = undefined;
      expect(new Function(`// ${c}\nreturn 1;`)()).toBe(1);
      expect(new Function(`/** ${c} */ return 2;`)()).toBe(2);
      expect(globalThis.__pwned).toBeUndefined();
    }
  });

  it("a spec with a hostile file name and messages evaluates and keeps them", async () => {
    const rng = new Sfc32(SEED + 2);
    const dir = mkdtempSync(join(tmpdir(), "vmaspec-hostile-"));
    for (let i = 0; i < 12; i++) {
      // A file name may hold anything but '/' and NUL.
      const name = `${hostile(rng).replace(/[/\0]/g, "_")}${i}.vmaspec`;
      const message = hostile(rng);
      // The spec language's string escapes: \\ \" \n \r \0; raw line breaks may not stand in a string.
      const quoted = message.replace(/[\\"\n\r\0]/g, (c) =>
        c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\0" ? "\\0" : `\\${c}`,
      );
      const checkComment = hostile(rng).replace(/[\n\r]/g, " ");
      const path = join(dir, name);
      writeFileSync(
        path,
        `spec S\nvar x: 0..1 = 0\nprocess P { step a { x = 1 } step b { assert x == 0 : "${quoted}" } }\n` +
          `check c { // ${checkComment}\n  expect violation assert\n}\n`,
      );
      globalThis.__pwned = undefined;
      const fe = frontEnd(path);
      expect(fe.diagnostics, `file ${JSON.stringify(name)}`).toEqual([]);
      const { compiled } = compileConfiguration(fe.front!, []);
      // The name is kept in its printed form: control and bidirectional characters escaped.
      expect(compiled!.generated.file).toBe(printable(path));
      const run = await runCheck(fe.front!, planOf(undefined, { consts: [] }));
      // The spec file is UTF-8: a lone surrogate in it reads back as U+FFFD.
      expect(run.result!.violation!.message).toBe(Buffer.from(message).toString("utf8"));

      const files = await compileFiles(fe.front!, "s", []);
      for (const f of files.files!) {
        const exports: Record<string, unknown> = {};
        const titles: string[] = [];
        const stubs: Record<string, unknown> = {
          vitest: {
            describe: (title: string, _o: unknown, body: () => void) => (titles.push(title), body()),
            it: (title: string) => titles.push(title),
            expect: () => ({}),
          },
          "vmaspec/testing": { runCheckPlan: () => ({}) },
          "vmaspec/runtime": await import("../../src/runtime/index.js"),
        };
        const require = (m: string) => stubs[m] ?? {};
        new Function("exports", "require", transpile(f.text))(exports, require);
        if (f.name.endsWith(".test.ts")) expect(titles[0]).toBe(`spec S (${printable(path)})`);
      }
      expect(globalThis.__pwned).toBeUndefined();
    }
  });
});
