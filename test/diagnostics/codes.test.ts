// Every diagnostic code of the registry (src/diagnostics/codes.ts) is produced by a small spec
// written here, at the line and column it points at; docs/language.md lists exactly the
// registry's codes, each with the registry's summary. A new code without a case here, or a code
// that no longer fires, fails this file.

import { mkdirSync, readFileSync, symlinkSync, truncateSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DIAGNOSTIC_CODES, type DiagnosticCode } from "../../src/diagnostics/codes.js";
import { vmaLexer } from "../../grammar/tokens.js";
import { repoRoot, specDir } from "../helpers/cli.js";
import { parseLitmus } from "../../src/litmus/parse.js";
import {
  checkFiles,
  diagnose,
  diagnoseFile,
  located,
  type Diagnostic,
  type Located,
  type SpecFiles,
} from "../helpers/inprocess.js";

/** A spec of one variable and one action, with `body` after them. */
const small = (body: string) => `spec S\nvar x: 0..3 = 0\naction A { x = 1 }\n${body}\n`;

/** The small spec, importing `path` right after its header. */
const imports = (path: string) => `spec S\nimport "${path}"\nvar x: 0..3 = 0\naction A { x = 1 }\n`;

/** The diagnostics of `vmaspec check` on a spec, run in this process (plans are checked there). */
async function checked(main: string, others: Record<string, string> = {}): Promise<Located[]> {
  const r = await checkFiles({ "main.vmaspec": main, ...others });
  return r.diagnostics.map((d) => ({
    code: d.code,
    file: d.file && basename(d.file),
    line: d.line,
    col: d.col,
    message: d.message,
  }));
}

interface Case {
  /** The spec (main.vmaspec) and the files beside it; or a function producing the diagnostics. */
  spec: string | (() => Located[] | Promise<Located[]>);
  others?: SpecFiles;
  /** `line:col` of the diagnostic with this code, or "-" when it has no position. */
  at: string;
  /** A part of its message, to show it is the diagnostic meant. */
  message: RegExp;
}

/** The file name `main.vmaspec` in a fresh folder holding `files`, plus links and specials. */
function folder(files: SpecFiles, make: (dir: string) => void = () => {}): string {
  const dir = specDir(files);
  make(dir);
  return join(dir, "main.vmaspec");
}

/** The diagnostics of a litmus test (`vmaspec litmus`) whose P0 body is `body`. */
const litmus = (body: string) => () =>
  located(parseLitmus("t.litmus", `C t\n{\n}\nP0(int *x)\n{\n${body}\n}\nexists (x=1)\n`).diagnostics);

const CASES: Record<DiagnosticCode, Case> = {
  S001: { spec: "spec S\nvar x: 0..3 = 0 $\n", at: "2:17", message: /unexpected character/ },
  S002: { spec: "spec S\nvar x: 0..3 =\naction A { x = 1 }\n", at: "3:1", message: /./ },
  S003: {
    spec: small('invariant I: x == 0 || "open'),
    at: "4:24",
    message: /unterminated string/,
  },
  S004: { spec: small("invariant I: {1, f: 2} == {}"), at: "4:14", message: /brace expression/ },
  S005: { spec: "spec S\nvar x: 0..3 = 0\naction A { x + 1 }\n", at: "3:12", message: /only a call/ },
  S006: {
    spec: "spec S\nvar x: 0..3 = 99999999999999999999\naction A { x = 1 }\n",
    at: "2:15",
    message: /too large/,
  },
  S007: {
    // A chain of 250 `+` nests past the 200 levels a tree may have (ast/depth.ts), at the node
    // where it gets too deep. (Deep brackets stop the parser itself: test/grammar/nesting.test.ts.)
    spec: small(`invariant I: ${Array(250).fill("x").join(" + ")} == 0`),
    at: "4:230",
    message: /nesting too deep/,
  },
  S008: {
    spec: "spec S\n" + "var = \n".repeat(60),
    at: "51:5",
    message: /too many syntax errors/,
  },
  S099: {
    // No spec reaches it: it is the parser's net for its own bugs. A planted fault in the first
    // token shows the net holds: a diagnostic at the token being parsed, not a stack trace.
    spec: () => {
      const tokenize = vmaLexer.tokenize.bind(vmaLexer);
      vi.spyOn(vmaLexer, "tokenize").mockImplementation((text: string) => {
        const lexed = tokenize(text);
        // The parser reads each token's type index; the first one's reading fails.
        lexed.tokens[0] = Object.defineProperty({ ...lexed.tokens[0] }, "tokenTypeIdx", {
          get() {
            throw new Error("a planted fault");
          },
        });
        return lexed;
      });
      return located(diagnose(small("")));
    },
    at: "1:1",
    message: /^internal error in the parser: a planted fault$/,
  },
  N001: { spec: small("invariant I: y == 0"), at: "4:14", message: /unknown name 'y'/ },
  N002: { spec: small("var x: 0..1 = 0"), at: "4:5", message: /x/ },
  N003: {
    spec: "spec S\nvar x: 0..3 = 0\nprocess P {\n  step a { x = 1 }\n  step a { x = 2 }\n}\n",
    at: "5:8",
    message: /duplicate step name 'a'/,
  },
  N004: {
    spec: small("check c { expect ok }\ncheck c { expect ok }"),
    at: "5:7",
    message: /duplicate check name 'c'/,
  },
  N005: {
    spec: "spec S\nvar x: 0..3 = 0\nprocess P {\n  step a { goto b }\n}\n",
    at: "4:17",
    message: /b/,
  },
  N006: {
    spec: "spec S\nvar x: 0..3 = 0\nprocess P {\n  step a { x = 1 }\n}\ninvariant I: P at b\n",
    at: "6:19",
    message: /b/,
  },
  N007: {
    spec: small("fn f(n: 0..3): 0..3 = f(n)\ninvariant I: f(x) == 0"),
    at: "4:23",
    message: /recursion/,
  },
  N008: { spec: small("invariant I: x at a"), at: "4:14", message: /'at' needs a process instance/ },
  N010: {
    spec: imports("./a.vmaspec"),
    others: {
      "a.vmaspec": 'module a\nimport "./b.vmaspec"\n',
      "b.vmaspec": 'module b\nimport "./a.vmaspec"\n',
    },
    at: "b.vmaspec:2:1",
    message: /cycle/,
  },
  N011: { spec: imports("./gone.vmaspec"), at: "2:1", message: /gone\.vmaspec/ },
  N012: {
    spec: "spec S\nvar r: { f: 0..1 } = { f: 0 }\naction A { r.g = 1 }\n",
    at: "3:14",
    message: /g/,
  },
  N013: { spec: small("override macro m() { x = 2 }"), at: "4:16", message: /override/ },
  N014: {
    spec: () => checked(small("invariant I: x < 3\ncheck c { ignore J; expect ok }")),
    at: "5:18",
    message: /check c ignores 'J', which is not an invariant/,
  },
  N015: {
    spec: "spec S\ntype A = enum { on, off }\ntype B = enum { on, idle }\nvar x: A = off\naction Go { x = off }\ninvariant I: on == on\n",
    at: "6:14",
    message: /'on' is a member of several enums \(A, B\)/,
  },
  N020: { spec: imports("./notes.txt"), others: { "notes.txt": "" }, at: "2:1", message: /notes\.txt/ },
  N031: {
    spec: () =>
      checked(small('refines Abs in "./abs.vmaspec" with { y = x }'), {
        "abs.vmaspec": "spec Abs\nvar y: 0..3 = 0\nvar z: bool = false\naction B { y = 1; z = true }\n",
      }),
    at: "4:1",
    message: /refines Abs: the mapping gives no value to 'z'/,
  },
  T001: { spec: "spec S\nvar x: 0..3 = 0\naction A { x = true }\n", at: "3:16", message: /./ },
  T002: { spec: "spec S\nvar x: int = 0\naction A { x = 1 }\n", at: "2:8", message: /unbounded/ },
  T003: { spec: "spec S\nvar x: 3..0 = 0\naction A { x = 1 }\n", at: "2:8", message: /empty/ },
  T005: {
    spec: small("fn f(n: 0..3): 0..3 = n\ninvariant I: f(x, x) == 0"),
    at: "5:14",
    message: /1 argument/,
  },
  T006: { spec: small("const N = 2\naction B { N = 1 }"), at: "5:12", message: /it is a constant/ },
  T007: {
    spec: small("macro bump(v: 0..3) { v = 1 }\naction B { bump(2) }"),
    at: "4:23",
    message: /assigns to its parameter 'v'/,
  },
  T008: { spec: small("var s: set<0..4096> = {}"), at: "4:8", message: /./ },
  T009: { spec: small("action B { return }"), at: "4:12", message: /return/ },
  T010: {
    spec: "spec S\nvar x: 0..3 = 0\nprocess P {\n  step a { goto b; x = 1 }\n  step b { x = 2 }\n}\n",
    at: "4:20",
    message: /never runs/,
  },
  T011: {
    spec: small("type T = seq<T, 2>\nvar t: T = []"),
    at: "4:6",
    message: /defined in terms of itself/,
  },
  T012: { spec: small("var s: set<{ f: set<bool> }> = {}"), at: "4:12", message: /set elements|element/ },
  T013: {
    spec: "spec S\nvar x: 0..3 = 1\nprocess P[i in 1..x] {\n  step a { x = 1 }\n}\n",
    at: "3:16",
    message: /process array's index/,
  },
  T014: {
    spec: "spec S\nvar x: 0..3 = 0\nprocess P[i in 1..2] {\n  step a { x = 1 }\n}\ninvariant I: P at a\n",
    at: "6:14",
    message: /is a process array/,
  },
  T015: { spec: "spec S\nvar x: 0..3 = 0\n", at: "1:6", message: /nothing can happen/ },
  T016: {
    spec: [
      "spec S",
      "var a: 0..3 = 0",
      "var b: 0..3 = 0",
      "proc one(): 0..3 { step s { return 1 } }",
      "process P {",
      "  step x { either { a = call one(); goto y } or { b = call one(); goto y } }",
      "  step y { a = 0 }",
      "}",
    ].join("\n"),
    at: "6:51",
    message: /different result targets/,
  },
  T017: {
    spec: "spec S\nvar x: 0..3 = 0\nsymmetric process P {\n  step a { x = 1 }\n}\n",
    at: "3:1",
    message: /must be an array/,
  },
  T018: { spec: small("property L: x == 0"), at: "4:13", message: /temporal operator/ },
  T019: {
    spec: "spec S\nvar x: 0..3 = 0\nprocess P[i in 1..2] {\n  step a { x = 1 }\n}\ninvariant I: P[3] at a\n",
    at: "6:16",
    message: /no instance P\[3\]/,
  },
  T020: {
    spec: "spec S\nvar x: 0..3 = 0\nprocess P[i in 1..2000] {\n  step a { x = 1 }\n}\n",
    at: "3:16",
    message: /2000 instances/,
  },
  T021: {
    spec: "spec S\nvar x: 0..3 = 0\nsymmetric process P[i in 1..2] {\n  step a { x = i % 2 + 1 }\n}\n",
    at: "4:16",
    message: /index type 1\.\.2 is used in arithmetic/,
  },
  T022: {
    spec: "spec S\nvar x: 0..3 = 0\nproc p() {\n  fair step a { x = 1 }\n}\nprocess P { step s { call p() } }\n",
    at: "4:3",
    message: /step a of proc p cannot be 'fair'/,
  },
  T023: {
    spec: "spec S\nvar x: 0..3 = 0\naction A(each m in 1..2) { x = m }\n",
    at: "3:10",
    message: /'each' on a parameter of action A, which is not fair/,
  },
  T024: {
    spec: "spec S\nvar x: 0..3 = 0\naction A { x = 1 }\ninvariant I: x' >= x\n",
    at: "4:14",
    message: /x' \(a value in the next state\) is only allowed in an action property/,
  },
  E001: {
    spec: () => checked(small("check c { const M = 3; expect ok }")),
    at: "4:17",
    message: /'M', which is not a constant/,
  },
  E002: {
    spec: () => checked(small("const N = 2\ncheck c { const N = true; expect ok }")),
    at: "5:17",
    message: /N/,
  },
  E003: { spec: small("const N = x + 1\ntype T = 0..N"), at: "4:11", message: /not a constant/ },
  E004: {
    spec: small("const K = L\nconst L = K\ntype T = 0..K"),
    at: "5:11",
    message: /constant 'K' is defined in terms of itself/,
  },
  E005: { spec: small("const K = 1 / 0\ntype T = 0..K"), at: "4:11", message: /division by zero/ },
  C001: {
    spec: () => located(diagnoseFile(join(specDir({}), "main.vmaspec"))),
    at: "-",
    message: /no such file/,
  },
  C002: {
    spec: () =>
      located(
        diagnoseFile(
          folder({ "main.vmaspec": imports("./dir.vmaspec") }, (d) => mkdirSync(join(d, "dir.vmaspec"))),
        ),
      ),
    at: "2:1",
    message: /it is a directory/,
  },
  C003: {
    spec: () =>
      located(
        diagnoseFile(
          folder({ "main.vmaspec": imports("./loop.vmaspec") }, (d) => {
            symlinkSync("loop2.vmaspec", join(d, "loop.vmaspec"));
            symlinkSync("loop.vmaspec", join(d, "loop2.vmaspec"));
          }),
        ),
      ),
    at: "2:1",
    message: /symbolic links form a loop/,
  },
  C004: {
    spec: () => located(diagnoseFile(folder({ "main.vmaspec": Buffer.from("spec S\nvar x\xff", "latin1") }))),
    at: "2:6",
    message: /not UTF-8/,
  },
  C005: {
    spec: () =>
      located(
        diagnoseFile(
          folder({ "main.vmaspec": imports("./pipe.vmaspec") }, (d) => {
            expect(spawnSync("mkfifo", [join(d, "pipe.vmaspec")]).status).toBe(0);
          }),
        ),
      ),
    at: "2:1",
    message: /a FIFO/,
  },
  C006: {
    spec: () =>
      located(
        diagnoseFile(
          folder({ "main.vmaspec": imports("./big.vmaspec"), "big.vmaspec": "" }, (d) =>
            truncateSync(join(d, "big.vmaspec"), 16 * 1024 * 1024 + 1),
          ),
        ),
      ),
    at: "2:1",
    message: /larger than 16 MiB/,
  },
  L001: { spec: litmus("\tWRITE_ONCE(*x 1);"), at: "t.litmus:6:16", message: /expected ','/ },
  L002: {
    spec: litmus("\tint r0;\n\twhile (r0) WRITE_ONCE(*x, 1);"),
    at: "t.litmus:7:2",
    message: /'while' is not supported/,
  },
  L003: {
    spec: litmus("\tWRITE_ONCE(*y, 1);"),
    at: "t.litmus:6:14",
    message: /'y' is not a location parameter/,
  },
  W001: { spec: small("check c { memory tso }"), at: "4:18", message: /unknown memory model 'tso'/ },
  W002: {
    spec: () =>
      checked(
        "spec S\nimport lkmm\nvar x: 0..1 = 0\nprocess P { step s { x = 1 } }\ncheck c { memory lkmm }\n",
      ),
    at: "4:22",
    message: /plain write of shared variable 'x'/,
  },
};

// A misspelt code does not compile: tsc -p tsconfig.test.json fails if this line ever does.
// @ts-expect-error -- "N999" is not a registered code
const misspelt: Diagnostic["code"] = "N999";
void misspelt;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("every diagnostic code", () => {
  for (const code of Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]) {
    it(`produces ${code} (${DIAGNOSTIC_CODES[code].slice(0, 60)}) from a small spec, at the place meant`, async () => {
      const c = CASES[code];
      const found = typeof c.spec === "string" ? located(diagnose(c.spec, c.others)) : await c.spec();
      const mine = found.filter((d) => d.code === code);
      expect(mine, JSON.stringify(found)).not.toEqual([]);
      const d = mine[0];
      const file = d.file === undefined || d.file === "main.vmaspec" ? "" : `${d.file}:`;
      expect(d.line === undefined ? "-" : `${file}${d.line}:${d.col}`).toBe(c.at);
      expect(d.message).toMatch(c.message);
    });
  }
});

describe("the table of codes in docs/language.md", () => {
  it("lists exactly the registry's codes, in its order, each with the registry's summary", () => {
    const doc = readFileSync(join(repoRoot, "docs/language.md"), "utf8");
    const rows = doc
      .split("\n")
      .map((line) => /^\| ([A-Z]\d{3}) +\| (.*?) +\|$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(DIAGNOSTIC_CODES));
  });
});
