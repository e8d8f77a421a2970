// The mutation fuzzer's parts, shared by the long run (scripts/fuzz.ts) and the seeded slice the
// test suite runs (test/fuzz/fuzz.test.ts). In: the specs in specs/ and the modules in stdlib/,
// and a seed. Out: mutated specs (byte and token edits, deletions, duplications, deep nesting and
// long chains), each run in-process through what `vmaspec check` runs (front end, every check
// block under a small state bound, the report printer), and the findings: an exception (the CLI's
// exit 3), an error diagnostic without a file:line:col, or a renderer that throws.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { frontEnd, typeCheckConfiguration } from "../src/compile.js";
import { planOf } from "../src/checks/plan.js";
import { runCheck } from "../src/checks/run.js";
import { renderDiagnostics } from "../src/diagnostics/render.js";
import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import { formatRun } from "../src/cli/output.js";
import { Sfc32 } from "../src/engines/simulate/prng.js";

/** A spec to mutate: its text, and the stdlib module it stands in for when it is one. */
export interface Seed {
  name: string;
  text: string;
  /** For a stdlib module: a spec importing it, whose `import <module>` is pointed at the mutant. */
  importer?: { module: string; text: string };
}

/** The specs and stdlib modules of the repository at `root`. */
export function loadSeeds(root: string): Seed[] {
  const read = (dir: string) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith(".vmaspec"))
      .sort()
      .map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(root, dir, f), "utf8") }));
  const specs = read("specs");
  const modules = read("stdlib").map((m) => {
    const module = m.name.replace(/^stdlib\/|\.vmaspec$/g, "");
    const importer = specs.find((s) => new RegExp(`^import ${module}\\b`, "m").test(s.text));
    return importer ? { ...m, importer: { module, text: importer.text } } : m;
  });
  return [...specs, ...modules];
}

const VOCABULARY = [
  "spec",
  "module",
  "import",
  "const",
  "var",
  "type",
  "fn",
  "macro",
  "proc",
  "process",
  "action",
  "step",
  "await",
  "if",
  "else",
  "while",
  "either",
  "or",
  "choose",
  "goto",
  "call",
  "return",
  "assert",
  "invariant",
  "property",
  "constraint",
  "check",
  "expect",
  "ok",
  "violation",
  "deadlock",
  "init",
  "in",
  "at",
  "self",
  "current",
  "none",
  "some",
  "the",
  "true",
  "false",
  "fair",
  "symmetric",
  "always",
  "eventually",
  "~>",
  "=>",
  "&&",
  "||",
  "!",
  "==",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "=",
  "+=",
  "-=",
  "..",
  ":",
  ";",
  ",",
  ".",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  "|->",
  "->",
  '"',
  "0",
  "1",
  "-1",
  "2147483647",
  "2147483648",
  "-2147483649",
  "4294967296",
  "99999999999999999999",
  "0x7fffffff",
  "0xffffffffffff",
  "1e9",
  "seq<",
  "set<",
  "bool",
  "int",
  "int32",
  "x",
  "P",
  "Q",
  "N",
  "\n",
  "\t",
  "//",
  "/*",
  "*/",
  "\u2028",
  "\0",
  "é",
  "\ud800",
];

/** The mutation operators, by name (the name is printed with each finding). */
const MUTATIONS: Record<string, (t: string, r: Sfc32) => string> = {
  byte: (t, r) => {
    const i = pick(r, t.length);
    const c = String.fromCharCode(r.nextU32() % 4 === 0 ? pick(r, 0x3000) : 32 + pick(r, 95));
    return t.slice(0, i) + c + t.slice(i + 1);
  },
  insertToken: (t, r) => {
    const i = pick(r, t.length + 1);
    return `${t.slice(0, i)} ${VOCABULARY[pick(r, VOCABULARY.length)]} ${t.slice(i)}`;
  },
  deleteRange: (t, r) => {
    const i = pick(r, t.length);
    return t.slice(0, i) + t.slice(i + 1 + pick(r, 80));
  },
  duplicateRange: (t, r) => {
    const i = pick(r, t.length);
    const j = Math.min(t.length, i + 1 + pick(r, 400));
    return t.slice(0, j) + t.slice(i, j) + t.slice(j);
  },
  replaceToken: (t, r) => {
    const tokens = [...t.matchAll(/[A-Za-z_][A-Za-z0-9_]*|\d+|[^\s\w]/g)];
    if (!tokens.length) return t;
    const at = tokens[pick(r, tokens.length)];
    const other = tokens[pick(r, tokens.length)][0];
    return t.slice(0, at.index) + other + t.slice(at.index! + at[0].length);
  },
  swapLines: (t, r) => {
    const lines = t.split("\n");
    const a = pick(r, lines.length);
    const b = pick(r, lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join("\n");
  },
  deleteLines: (t, r) => {
    const lines = t.split("\n");
    lines.splice(pick(r, lines.length), 1 + pick(r, 10));
    return lines.join("\n");
  },
  number: (t, r) => {
    const numbers = [...t.matchAll(/\b\d+\b/g)];
    if (!numbers.length) return t;
    const at = numbers[pick(r, numbers.length)];
    const values = [
      "0",
      "1",
      "7",
      "31",
      "32",
      "33",
      "64",
      "1000",
      "65536",
      "100000",
      "2147483647",
      "2147483648",
    ];
    return t.slice(0, at.index) + values[pick(r, values.length)] + t.slice(at.index! + at[0].length);
  },
  deepNest: (t, r) => {
    // Around an operand after `=`, `:` or a comparison: parentheses, a chain, or unary operators.
    const spots = [...t.matchAll(/(?:==|!=|=|:|<=|&&) ([A-Za-z_][A-Za-z0-9_]*|\d+)/g)];
    if (!spots.length) return t;
    const at = spots[pick(r, spots.length)];
    const operand = at[1];
    const start = at.index! + at[0].length - operand.length;
    const k = [20, 150, 250, 1000, 4000][pick(r, 5)];
    const forms = [
      () => `${"(".repeat(k)}${operand}${")".repeat(k)}`,
      () => Array(k).fill(operand).join([" + ", " - ", " * ", " && ", " || ", " == "][pick(r, 6)]),
      () => `${"!".repeat(k)}${operand}`,
      () => `${"-".repeat(k)}${operand}`,
      () => `${operand}${"[0]".repeat(k)}`,
      () => `${operand}${".f".repeat(k)}`,
    ];
    return t.slice(0, start) + forms[pick(r, forms.length)]() + t.slice(start + operand.length);
  },
  deepStatements: (t, r) => {
    const spots = [...t.matchAll(/\{ /g)];
    if (!spots.length) return t;
    const at = spots[pick(r, spots.length)].index! + 2;
    const k = [20, 120, 400, 2000][pick(r, 4)];
    const forms = [
      () => `if true { } ${"else if true { } ".repeat(k)}`,
      () => `${"if true { ".repeat(k)}${"}".repeat(k)} `,
      () => `${"either { ".repeat(k)}${"} or { }".repeat(k)} `,
    ];
    return t.slice(0, at) + forms[pick(r, forms.length)]() + t.slice(at);
  },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

function pick(r: Sfc32, n: number): number {
  return n <= 0 ? 0 : r.nextU32() % n;
}

/** A mutant: the text to run, the mutations that made it, and the file it stands in for. */
export interface Mutant {
  seed: string;
  mutations: string[];
  text: string;
  importer?: { module: string; text: string };
}

/** The `index`-th mutant of a run with base seed `base`: reproducible from (base, index) alone. */
export function mutant(seeds: readonly Seed[], base: number, index: number): Mutant {
  const r = new Sfc32((base ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const s = seeds[pick(r, seeds.length)];
  let text = s.text;
  const mutations: string[] = [];
  const count = 1 + pick(r, 3);
  for (let i = 0; i < count; i++) {
    const name = MUTATION_NAMES[pick(r, MUTATION_NAMES.length)];
    mutations.push(name);
    text = MUTATIONS[name](text, r);
  }
  return { seed: s.name, mutations, text, importer: s.importer };
}

/** Something wrong found running a mutant. */
export interface Finding {
  kind: "exception" | "unlocated" | "render";
  message: string;
}

/** The bounds a mutant's checks run under: enough to reach the code generator and the engines. */
const BOUNDS = { consts: [], maxStates: 300, maxDepth: 20 };

/** Runs a mutant as `vmaspec check` would, in `dir`; returns what is wrong, if anything. */
export async function runMutant(m: Mutant, dir: string): Promise<Finding | undefined> {
  mkdirSync(dir, { recursive: true });
  let root = join(dir, "m.vmaspec");
  if (m.importer) {
    writeFileSync(join(dir, `${m.importer.module}.vmaspec`), m.text);
    const text = m.importer.text.replace(
      new RegExp(`^import ${m.importer.module}\\b`, "m"),
      `import "${m.importer.module}.vmaspec"`,
    );
    root = join(dir, "root.vmaspec");
    writeFileSync(root, text);
  } else writeFileSync(root, m.text);
  try {
    const fe = frontEnd(root);
    const sources = (n: string) => fe.texts.get(n);
    const bad = unlocated(fe.diagnostics) ?? render(fe.diagnostics, sources);
    if (bad || !fe.front) return bad;
    // Every check's configuration is type-checked (as `parse` does); the first is compiled and
    // searched, which costs most (the TypeScript transpile of the generated module).
    const checks = fe.front.table.checks.length ? fe.front.table.checks : [undefined];
    for (const check of checks.slice(1)) {
      const typed = typeCheckConfiguration(fe.front, planOf(check, BOUNDS).overrides);
      const bad = unlocated(typed.diagnostics) ?? render(typed.diagnostics, sources);
      if (bad) return bad;
    }
    const run = await runCheck(fe.front, planOf(checks[0], BOUNDS));
    if (!run.result) return unlocated(run.diagnostics) ?? render(run.diagnostics, sources);
    formatRun(run);
    return undefined;
  } catch (e) {
    const err = e as Error;
    const at = err.stack?.split("\n").slice(1, 4).join(" | ") ?? "";
    return { kind: "exception", message: `${err.name}: ${err.message} ${at}` };
  }
}

function unlocated(diagnostics: readonly Diagnostic[]): Finding | undefined {
  const d = diagnostics.find((x) => x.severity === "error" && !x.span);
  return d && { kind: "unlocated", message: `${d.code}: ${d.message}` };
}

function render(diagnostics: readonly Diagnostic[], sources: (n: string) => string | undefined) {
  try {
    renderDiagnostics(diagnostics, sources);
    return undefined;
  } catch (e) {
    return { kind: "render" as const, message: (e as Error).message };
  }
}
