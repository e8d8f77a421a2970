// Random nested comparisons, conditionals and unary minus, generated from a printed seed, checked
// both ways the generated code runs: the JavaScript `check` evaluates and the TypeScript `compile`
// writes (transpiled here as a user's build would). Each expression is also evaluated directly by
// this file; the spec asserts the two agree for every value of its variable. This is the class of
// `1 < (if (g > -1) then 2 else 3)`, which TypeScript read as a call with type arguments
// (issue 12): any text that can be read two ways shows up here as a wrong value or a crash.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as TypeScript from "typescript";
import { describe, expect, it } from "vitest";
import { compileConfiguration, frontEnd } from "../../src/compile.js";
import { evaluateGenerated } from "../../src/codegen/evaluate.js";
import { searchBreadthFirst } from "../../src/engines/bfs/search.js";
import { Sfc32 } from "../../src/engines/simulate/prng.js";
import { buildModel } from "../../src/runtime/build-model.js";

type Gen = { text: string; value: (g: number) => number | boolean };

class ExprGen {
  private readonly rng: Sfc32;
  constructor(seed: number) {
    this.rng = new Sfc32(seed);
  }
  private below(n: number): number {
    return this.rng.nextU32() % n;
  }
  int(depth: number): Gen {
    const k = depth <= 0 ? this.below(2) : this.below(6);
    switch (k) {
      case 0: {
        const v = this.below(7) - 3;
        return { text: String(v), value: () => v };
      }
      case 1:
        return { text: "g", value: (g) => g };
      case 2: {
        const a = this.int(depth - 1);
        return { text: `-(${a.text})`, value: (g) => -(a.value(g) as number) };
      }
      case 3: {
        const [a, b] = [this.int(depth - 1), this.int(depth - 1)];
        const op = this.below(2) ? "+" : "-";
        return {
          text: `(${a.text} ${op} ${b.text})`,
          value: (g) =>
            op === "+"
              ? (a.value(g) as number) + (b.value(g) as number)
              : (a.value(g) as number) - (b.value(g) as number),
        };
      }
      default: {
        const [c, a, b] = [this.bool(depth - 1), this.int(depth - 1), this.int(depth - 1)];
        return {
          text: `(if ${c.text} then ${a.text} else ${b.text})`,
          value: (g) => (c.value(g) ? a.value(g) : b.value(g)),
        };
      }
    }
  }
  bool(depth: number): Gen {
    const k = depth <= 0 ? 0 : this.below(5);
    switch (k) {
      case 0:
      case 1: {
        // `<` and `>` twice as often: their nesting is what can be misread.
        const ops = ["<", "<", "<=", ">", ">", ">=", "==", "!="] as const;
        const op = ops[this.below(ops.length)];
        const [a, b] = [this.int(depth - 1), this.int(depth - 1)];
        const cmp = (x: number, y: number): boolean =>
          op === "<"
            ? x < y
            : op === "<="
              ? x <= y
              : op === ">"
                ? x > y
                : op === ">="
                  ? x >= y
                  : op === "=="
                    ? x === y
                    : x !== y;
        return {
          text: `(${a.text} ${op} ${b.text})`,
          value: (g) => cmp(a.value(g) as number, b.value(g) as number),
        };
      }
      case 2: {
        const a = this.bool(depth - 1);
        return { text: `!${a.text}`, value: (g) => !a.value(g) };
      }
      case 3: {
        const [a, b] = [this.bool(depth - 1), this.bool(depth - 1)];
        return {
          text: `(${a.text} && ${b.text})`,
          value: (g) => (a.value(g) as boolean) && (b.value(g) as boolean),
        };
      }
      default: {
        const [c, a, b] = [this.bool(depth - 1), this.bool(depth - 1), this.bool(depth - 1)];
        return {
          text: `(if ${c.text} then ${a.text} else ${b.text})`,
          value: (g) => (c.value(g) ? a.value(g) : b.value(g)),
        };
      }
    }
  }
}

const literal = (v: number | boolean) => String(v);

/** A spec asserting, in invariants and in an action's `let`s, each expression's direct value. */
function specFor(seed: number, count: number): string {
  const gen = new ExprGen(seed);
  const lines = ["spec Generated", "var g: 0..1 = 0", "action Flip { g = 1 - g }"];
  const lets: string[] = [];
  for (let i = 0; i < count; i++) {
    const e = i % 2 ? gen.int(4) : gen.bool(4);
    const facts = [0, 1].map((g) => `(g == ${g} => ((${e.text}) == ${literal(e.value(g))}))`);
    lines.push(`invariant E${i}: ${facts.join(" && ")}`);
    lets.push(`let y${i} = (${e.text})`, `assert ${facts.join(" && ")} : "E${i} in a step"`);
  }
  lines.push(`action Eval { ${lets.join("; ")} }`);
  return lines.join("\n") + "\n";
}

let ts: typeof TypeScript | undefined;
function transpile(source: string): string {
  ts ??= createRequire(import.meta.url)("typescript") as typeof TypeScript;
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/** Checks a spec with the JavaScript module and with the TypeScript one; returns both results. */
function checkBothWays(file: string, text: string) {
  const fe = frontEnd(file);
  expect(
    fe.diagnostics.map((d) => d.message),
    text,
  ).toEqual([]);
  const { compiled, diagnostics } = compileConfiguration(fe.front!, []);
  expect(
    diagnostics.map((d) => d.message),
    text,
  ).toEqual([]);
  return [compiled!.generated, evaluateGenerated(transpile(compiled!.source))].map((generated) =>
    searchBreadthFirst(buildModel(generated), { allowDeadlock: true }),
  );
}

describe("generated expressions", () => {
  const base = Number(process.env.VMASPEC_SEED ?? 20261207);
  const dir = mkdtempSync(join(tmpdir(), "vmaspec-exprs-"));

  it("evaluate the comparison TypeScript read as type arguments (issue 12)", () => {
    const file = join(dir, "issue.vmaspec");
    const text =
      'spec C\nvar g: 0..1 = 0\naction A { let y = (1 < (if (g > -1) then 2 else 3)); assert !y : "1 < 2" }\n';
    writeFileSync(file, text);
    for (const result of checkBothWays(file, text))
      expect(result.violation).toMatchObject({ kind: "assert", message: "1 < 2" });
  });

  for (let run = 0; run < 40; run++) {
    const seed = base + run;
    it(`evaluate as written in the JavaScript and the TypeScript module (seed ${seed})`, () => {
      const file = join(dir, `s${seed}.vmaspec`);
      const text = specFor(seed, 12);
      writeFileSync(file, text);
      for (const result of checkBothWays(file, text)) {
        expect(result.violation?.message ?? result.violation?.name, `seed ${seed}:\n${text}`).toBeUndefined();
        expect(result.outcome).toBe("ok");
        expect(result.stats.distinctStates).toBe(2);
      }
    });
  }
});
