// Line breaking at the width: long lines break outermost group first (goldens below), formatting
// at any width keeps meaning and is idempotent, and a line is left longer than the width only when
// it has no place to break: no comma, no `&&`, `||`, `=>` or `~>`, no `{` with something after it.

import { describe, expect, it } from "vitest";
import { formatSource } from "../../src/format/format.js";
import { parseSource } from "../../src/ast/parse.js";
import { generatedSpecs, repositorySpecs, type CorpusText } from "./corpus.js";

const SEED = 20261207;

function format(text: string, width: number): string {
  const r = formatSource("x.vmaspec", text, { width });
  if (r.text === undefined) throw new Error(`does not parse: ${r.diagnostics[0]?.message}`);
  return r.text;
}

function shape(text: string): string | undefined {
  const { ast } = parseSource("x.vmaspec", text);
  if (!ast) return undefined;
  return JSON.stringify(ast, (key, value: unknown) => (key === "span" || key === "file" ? undefined : value));
}

/** The line without its strings' contents and its line comment. */
function code(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/.*$/, "");
}

/** The lines of `text` longer than `width` that hold a place a line may break at. */
function breakableLongLines(text: string, width: number): string[] {
  return text
    .split("\n")
    .filter((l) => l.length > width && /, | && | \|\| | => | ~> |\{ +[^}\s]/.test(code(l)));
}

describe("line breaking", () => {
  const cases: [string, number, string, string][] = [
    [
      "a one-line block breaks into one statement a line",
      40,
      "spec A\nvar x: 0..3 = 0\naction Inc { await x < 3; x += 1; x = x - 1 }\n",
      "spec A\nvar x: 0..3 = 0\n\naction Inc {\n  await x < 3;\n  x += 1;\n  x = x - 1\n}\n",
    ],
    [
      "an `if` breaks at its block before its condition",
      40,
      "spec A\nvar x: 0..3 = 0\naction Inc { if x < 3 && x > 0 { x = 1; x = 2 } }\n",
      "spec A\nvar x: 0..3 = 0\n\naction Inc {\n  if x < 3 && x > 0 { x = 1; x = 2 }\n}\n",
    ],
    [
      "the blocks of an `either` (or an `if`-`else` chain) break together",
      30,
      "spec A\nvar x: 0..3 = 0\naction Inc { either { x = 1 } or { x = 2; x = 3 } }\n",
      "spec A\nvar x: 0..3 = 0\n\naction Inc {\n  either {\n    x = 1\n  } or {\n    x = 2;\n    x = 3\n  }\n}\n",
    ],
    [
      "a chain breaks after every operator, its operands in one column, inner chains deeper",
      40,
      "spec A\nvar x: 0..3 = 0\ninvariant I: x == 0 || x == 1 && x < 3 || x == 2 || x == 3\n",
      "spec A\nvar x: 0..3 = 0\n\ninvariant I:\n  x == 0 ||\n  x == 1 && x < 3 ||\n  x == 2 ||\n  x == 3\n",
    ],
    [
      "a head breaks after its `=` or `:`, and a quantifier after its `:`",
      35,
      "spec A\nconst N = 3\nvar x: 0..3 = 0\ninvariant I: forall a in 0..N: x != a + 1 || x == 0\n",
      "spec A\nconst N = 3\nvar x: 0..3 = 0\n\ninvariant I:\n  forall a in 0..N:\n    x != a + 1 || x == 0\n",
    ],
    [
      "a bracketed value hugs its `=`: the brackets break, one element a line",
      30,
      "spec A\nconst N = 3\nvar s: set<0..9> = {0, 1, 2, 3, 4, 5, 6}\n",
      "spec A\nconst N = 3\n\nvar s: set<0..9> = {\n  0,\n  1,\n  2,\n  3,\n  4,\n  5,\n  6\n}\n",
    ],
    [
      "arguments break inside their call; a trailing comment follows the last piece",
      45,
      "spec A\nfn f(a: bool, b: bool, c: bool): bool = a\ninvariant I: f(true, false, true) && f(false, true, false)  // why\n",
      "spec A\nfn f(a: bool, b: bool, c: bool): bool = a\n\ninvariant I:\n  f(true, false, true) &&\n  f(false, true, false)  // why\n",
    ],
  ];
  for (const [what, width, input, expected] of cases)
    it(`${what} (width ${width})`, () => {
      expect(format(input, width)).toBe(expected);
      expect(format(expected, width)).toBe(expected);
      expect(breakableLongLines(expected, width)).toEqual([]);
    });

  it("leaves a line without a place to break as it is", () => {
    const text = "spec A\nconst a_rather_long_constant_name_that_does_not_fit = 1\n";
    expect(format(text, 20)).toBe("spec A\nconst a_rather_long_constant_name_that_does_not_fit =\n  1\n");
    expect(format("spec A\nconst N = 1\n", 5)).toBe("spec A\nconst N =\n  1\n");
  });
});

/**
 * Misfits of `corpus` at `width`: meaning changed, not idempotent, or a breakable line too long.
 * formatSource itself checks that the tokens and comments stay the same; `withAst` compares the
 * syntax trees as well (the slower check, so on the generated specs only).
 */
function misfits(corpus: CorpusText[], width: number, withAst: boolean): string[] {
  const bad: string[] = [];
  for (const { name, text } of corpus) {
    const once = formatSource(name, text, { width }).text;
    if (once === undefined) continue; // syntax errors: nothing to format
    if (withAst && shape(once) !== shape(text)) bad.push(`${name}: the AST changed`);
    else if (format(once, width) !== once) bad.push(`${name}: a second run changed it again`);
    else for (const line of breakableLongLines(once, width)) bad.push(`${name}: too long: ${line}`);
  }
  return bad;
}

describe("formatting at any width keeps meaning, is idempotent and fits where it can", () => {
  it("every .vmaspec file in the repository at width 50", () => {
    expect(misfits(repositorySpecs(), 50, false)).toEqual([]);
  });

  it(`12 specs of the differential fuzzer's generator (seeds ${SEED}..) at width 50`, () => {
    expect(misfits(generatedSpecs(SEED, 12), 50, true)).toEqual([]);
  });

  it("specs/ and stdlib/ have no line longer than the default width, 110", () => {
    const lines = repositorySpecs()
      .filter((s) => /^(specs|stdlib)\//.test(s.name))
      .flatMap((s) => s.text.split("\n").map((l) => `${s.name}: ${l}`))
      .filter((l) => l.length - l.indexOf(": ") - 2 > 110);
    expect(lines).toEqual([]);
  });
});
