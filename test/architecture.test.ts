// The architecture, as a test: every import in src/ points down the layer order below, engines and
// code generation never import each other, and only cli/ writes to the terminal. A new folder must
// be placed in the order before anything may import it.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Bottom to top. A file may import its own layer and the layers before it, except a layer on the
 * same line (siblings stay independent). `model` is the contract the runtime, codegen, engines and
 * trace share; the compiler phases follow in pipeline order; `compile` (compile.ts) runs them;
 * `checks` runs check blocks over compile and the engines; the user-facing layers come last.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["model"], //       Model, the generated-module format, value types
  ["weakmem"], //     the kernel memory model as a Model (issue 17)
  ["runtime"], //     what generated code imports (vmaspec/runtime)
  ["diagnostics"], // diagnostics and their rendering
  ["grammar"], //     the chevrotain grammar (top-level grammar/)
  ["ast"], //         parse → AST
  ["format"], //      the formatter: source → source in the canonical layout
  ["resolve"], //     loading files, names → symbol table
  ["typecheck"], //   symbol table → CheckedSpec
  ["ir"], //          CheckedSpec → layout (and the lowering)
  ["codegen", "engines"], // emit TypeScript | explore a Model: siblings, no imports between them
  ["trace"], //       printed and exported counterexamples
  ["compile"], //     compile.ts: the pipeline
  ["checks", "litmus"], // running check blocks | running litmus tests
  ["compiled"], //    `vmaspec compile`'s files
  ["testing"], //     what compiled tests import (vmaspec/testing)
  ["report"], //      the HTML report and the explorer's pages and server
  ["lsp"], //         the language server (its streams are handed to it by cli/)
  ["cli"], //         the only layer that talks to the user
  ["index"], //       index.ts: the package's entry point
];

/** Layers that may import fewer layers than their rank allows. */
const ONLY: Record<string, readonly string[]> = {
  // The engines know the Model interface, never the AST, the IR or generated code (STYLE.md).
  engines: ["model"],
  weakmem: ["model"],
  trace: ["model", "engines"],
  // Pages draw what the engines found and trace/ formats: never the compiler or the checks.
  report: ["model", "engines", "trace"],
};

/** Files outside cli/ allowed to write to the terminal, with the reason. None today. */
const MAY_PRINT: Record<string, string> = {};

const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

/** The layer of a file: its folder under src/ (or under the repository for grammar/), or a top file's name. */
function layerOf(file: string): string {
  const rel = path.relative(src, file).split(path.sep);
  if (rel[0] === "..") return path.relative(root, file).split(path.sep)[0];
  return rel.length === 1 ? rel[0].replace(/\.[jt]s$/, "") : rel[0];
}

function rank(layer: string): number {
  return LAYERS.findIndex((line) => line.includes(layer));
}

/** Why `from` may not import `to`, or undefined when it may. */
function violation(from: string, to: string): string | undefined {
  if (from === to) return undefined;
  const [rf, rt] = [rank(from), rank(to)];
  if (rf < 0 || rt < 0) return `${rf < 0 ? from : to} is in no layer: place it in LAYERS`;
  if (rt > rf) return `${from} may not import ${to}, which is above it`;
  if (rt === rf) return `${from} may not import ${to}, its sibling`;
  if (ONLY[from] && !ONLY[from].includes(to)) return `${from} may import only ${ONLY[from].join(", ")}`;
  return undefined;
}

const files = sourceFiles(src);

describe("the architecture", () => {
  it("has every import in src/ point down the layer order", () => {
    const wrong: string[] = [];
    for (const file of files) {
      const imports = ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles;
      for (const { fileName } of imports) {
        if (!fileName.startsWith(".")) continue; // node: builtins and packages
        const target = path.resolve(path.dirname(file), fileName);
        const why = violation(layerOf(file), layerOf(target));
        if (why) wrong.push(`${path.relative(root, file)} imports ${fileName}: ${why}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("writes to the terminal only in cli/", () => {
    const printing = /\bconsole\.\w+\s*\(|\bprocess\.(stdout|stderr)\b/;
    const wrong = files
      .filter((f) => layerOf(f) !== "cli" && !(path.relative(root, f) in MAY_PRINT))
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ line, at: `${path.relative(root, f)}:${i + 1}` }))
          .filter(({ line }) => printing.test(line) && !/^\s*(\/\/|\*)/.test(line))
          .map(({ line, at }) => `${at}: ${line.trim()}`),
      );
    expect(wrong).toEqual([]);
  });
});
