// The formatter keeps meaning and is idempotent on every spec we have, and lays out the cases
// below as pinned. Meaning: the output lexes to the same tokens and comments (formatSource checks
// that itself and throws otherwise) and parses to the same AST, spans aside.

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSource } from "../../src/format/format.js";
import { KNOWN_RULES } from "../../src/format/spacing.js";
import { parseSource } from "../../src/ast/parse.js";
import { VmaParser } from "../../grammar/parser.js";
import { checkFile, type CheckOutcome } from "../helpers/inprocess.js";
import { repoRoot } from "../helpers/cli.js";
import { generatedSpecs, mutants, repositorySpecs, type CorpusText } from "./corpus.js";

const SEED = 20261207;

/** The AST of `text` as JSON without source positions, or undefined when it has errors. */
function shape(text: string): string | undefined {
  const { ast } = parseSource("x.vmaspec", text);
  if (!ast) return undefined;
  return JSON.stringify(ast, (key, value: unknown) => (key === "span" || key === "file" ? undefined : value));
}

function format(text: string): string {
  const r = formatSource("x.vmaspec", text);
  if (r.text === undefined) throw new Error(`does not parse: ${r.diagnostics[0]?.message}`);
  return r.text;
}

/** Names of the corpus texts the formatter changes meaning of or is not idempotent on. */
function misfits(corpus: CorpusText[]): { formatted: number; bad: string[] } {
  const bad: string[] = [];
  let formatted = 0;
  for (const { name, text } of corpus) {
    const before = shape(text);
    if (before === undefined) continue;
    formatted++;
    const once = format(text);
    if (shape(once) !== before) bad.push(`${name}: the AST changed`);
    else if (format(once) !== once) bad.push(`${name}: a second run changed it again`);
  }
  return { formatted, bad };
}

describe("formatting keeps meaning and is idempotent", () => {
  it("on every .vmaspec file in the repository", () => {
    const corpus = repositorySpecs();
    const { formatted, bad } = misfits(corpus);
    expect(bad).toEqual([]);
    expect(formatted).toBeGreaterThan(70);
  });

  it(`on 60 specs of the differential fuzzer's generator (seeds ${SEED}..)`, () => {
    const { formatted, bad } = misfits(generatedSpecs(SEED, 60));
    expect(bad).toEqual([]);
    expect(formatted).toBe(60);
  });

  it(`on 150 mutants of the mutation fuzzer (seed ${SEED}) that parse`, () => {
    const { formatted, bad } = misfits(mutants(SEED, 150));
    expect(bad).toEqual([]);
    expect(formatted).toBeGreaterThan(20);
  });

  it("knows every rule of the grammar (a new rule keeps its author's spacing until taught)", () => {
    const rules = new VmaParser().getGAstProductions();
    expect([...Object.keys(rules)].filter((r) => !KNOWN_RULES.has(r))).toEqual([]);
  });
});

describe("layout", () => {
  const cases: [string, string, string][] = [
    [
      "spaces between tokens",
      "spec A\nvar  x:0..3=0\nvar s:set<0..3> ={ 1,2 }\naction Inc{await x<3&&!(x==2);x+=1;s=s union{x}}\n",
      "spec A\nvar x: 0..3 = 0\nvar s: set<0..3> = {1, 2}\naction Inc { await x < 3 && !(x == 2); x += 1; s = s union {x} }\n",
    ],
    [
      "indentation, blank lines and multi-line blocks",
      "spec A\n\n\n\nvar x: 0..3 = 0\nprocess P {\n\n    step a { x = 1\n  goto b }\n      step b {\n}\n\n}\n",
      "spec A\n\nvar x: 0..3 = 0\n\nprocess P {\n  step a {\n    x = 1\n    goto b\n  }\n  step b { }\n}\n",
    ],
    [
      "comments kept where they are, trailing ones aligned as the author aligned them",
      "spec A // the header\n/* a block\n   comment */\nvar x: 0..3 = 0      // x\nvar yy: bool = true  // yy, aligned with x\nvar z: bool = false // z\n",
      "spec A  // the header\n/* a block\n   comment */\nvar x: 0..3 = 0      // x\nvar yy: bool = true  // yy, aligned with x\nvar z: bool = false  // z\n",
    ],
    [
      "one-line steps aligned where most were",
      "spec A\nvar x: 0..3 = 0\nprocess P {\n  step a     { x = 1 }\n  step bbb   { x = 2 }\n  step cccc { x = 3 }\n}\n",
      "spec A\nvar x: 0..3 = 0\n\nprocess P {\n  step a    { x = 1 }\n  step bbb  { x = 2 }\n  step cccc { x = 3 }\n}\n",
    ],
    [
      "continuation lines keep their extra indentation",
      "spec A\nvar x: 0..3 = 0\ninvariant I:\nx == 0 =>\n        x < 3 &&\n          x > -1\n",
      "spec A\nvar x: 0..3 = 0\n\ninvariant I:\n  x == 0 =>\n    x < 3 &&\n      x > -1\n",
    ],
    [
      "house spacing: assert messages, records, ranges, comprehensions, unary minus",
      'spec A\nconst N = 2\nvar r: {a: 0..N-1} = {a: 0}\naction B { assert r.a>= - 1: "m"; r = { a:  -(r.a) } }\ninvariant C: {x + 1 : x in 0..N-1} == {y in 1..N: y>0}\n',
      'spec A\nconst N = 2\nvar r: { a: 0..N-1 } = { a: 0 }\naction B { assert r.a >= -1 : "m"; r = { a: -(r.a) } }\ninvariant C: {x + 1 : x in 0..N-1} == {y in 1..N: y > 0}\n',
    ],
  ];
  for (const [what, input, expected] of cases)
    it(what, () => {
      expect(format(input)).toBe(expected);
      expect(format(expected)).toBe(expected);
    });

  it("keeps the author's spacing around tokens of rules it does not know", () => {
    const without = new Set([...KNOWN_RULES].filter((r) => r !== "braceExpr"));
    const text = "spec A\nvar s: set<0..3> = {  1 ,2}\nvar t: bool=true\n";
    expect(formatSource("x.vmaspec", text, { rules: without }).text).toBe(
      "spec A\nvar s: set<0..3> = {  1 ,2}\nvar t: bool = true\n",
    );
  });

  it("refuses a file with syntax errors and says where", () => {
    const r = formatSource("x.vmaspec", "spec A\nvar x: 0..3 = \n");
    expect(r.text).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([["S002", 3]]);
  });
});

describe("formatted specs check to the same counts", () => {
  it(
    "every check block of the specs formatting changes, run before and after formatting",
    { timeout: 300_000 },
    async () => {
      // A file formatting leaves as it is (specs/ and stdlib/ are kept formatted) checks the same
      // trivially; the files it changes are the ones whose counts could move.
      const specs = repositorySpecs().filter(
        (s) => /^(specs|test\/stdlib|test\/fixtures\/lang)\//.test(s.name) && format(s.text) !== s.text,
      );
      expect(specs.length).toBeGreaterThanOrEqual(5);
      const summary = (o: CheckOutcome) => [
        o.code,
        o.runs.map((r) => [r.check, r.outcome, r.stats.distinctStates]),
      ];
      for (const spec of specs) {
        // The spec's folder is copied whole, so that its relative imports resolve as before.
        const dir = mkdtempSync(join(tmpdir(), "vmaspec-fmt-"));
        cpSync(dirname(join(repoRoot, spec.name)), dir, { recursive: true });
        const formatted = join(dir, basename(spec.name));
        writeFileSync(formatted, format(spec.text));
        const before = await checkFile(join(repoRoot, spec.name));
        expect(before.runs.length, spec.name).toBeGreaterThan(0);
        expect(summary(await checkFile(formatted)), spec.name).toEqual(summary(before));
      }
    },
  );
});

describe("golden layouts (test/format/golden)", () => {
  // X.vmaspec formats to X.formatted.vmaspec, or to itself when there is none. To accept a new
  // layout, run `vmaspec fmt` on a copy of X.vmaspec and review the diff.
  const dir = join(repoRoot, "test/format/golden");
  for (const name of readdirSync(dir).filter(
    (f) => f.endsWith(".vmaspec") && !f.endsWith(".formatted.vmaspec"),
  )) {
    it(name, () => {
      const input = readFileSync(join(dir, name), "utf8");
      const formattedName = join(dir, name.replace(/\.vmaspec$/, ".formatted.vmaspec"));
      const expected = existsSync(formattedName) ? readFileSync(formattedName, "utf8") : input;
      expect(format(input)).toBe(expected);
      expect(format(expected)).toBe(expected);
    });
  }
});
