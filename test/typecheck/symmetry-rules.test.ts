// T021: a symmetric process array's instance ids may be compared with == and !=, stored, used as
// keys, set elements and instance names, quantified and chosen over; anything that tells instances
// apart (arithmetic, order, literal ids, parts of the index type, conversions, ordered folds) is
// refused, because the reduced search would then give a wrong verdict.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile, diagnose, located, writeSpec } from "../helpers/inprocess.js";
import { checkSpecText, expectBadInput } from "../helpers/bad-input.js";
import { repoRoot } from "../helpers/cli.js";

/** A symmetric spec with one step body, extra declarations and an invariant to vary. */
const spec = (o: { step?: string; decls?: string; inv?: string }) => `spec S
type Id = 1..3
var owner: Id? = none
var ids: set<Id> = {}
var hits: [Id -> 0..2] = [k in Id |-> 0]
var n: 0..9 = 0
${o.decls ?? ""}
symmetric process P[i in Id] {
  var peer: Id? = none
  step a { ${o.step ?? "n = 0"} }
}
invariant I: ${o.inv ?? "true"}
`;

// Line 10 is the step's line; its body starts at column 12. The invariant is on line 12, from column 14.
const STEP = 10;
const INV = 12;

const forbidden: { what: string; spec: string; line: number; col: number; message: RegExp }[] = [
  {
    what: "arithmetic",
    spec: spec({ step: "n = i + 1" }),
    line: STEP,
    col: 16,
    message: /used in arithmetic/,
  },
  {
    what: "negation",
    spec: spec({ step: "n = -i + 5" }),
    line: STEP,
    col: 16,
    message: /used in arithmetic/,
  },
  {
    what: "modulus inside an id",
    spec: spec({ step: "peer = some((i % 3) + 1)" }),
    line: STEP,
    col: 24,
    message: /arithmetic/,
  },
  { what: "ordering", spec: spec({ step: "if i < 2 { n = 1 }" }), line: STEP, col: 15, message: /ordering/ },
  {
    what: "a literal id",
    spec: spec({ step: "owner = some(1)" }),
    line: STEP,
    col: 25,
    message: /literal or constant/,
  },
  {
    what: "a literal compared",
    spec: spec({ step: "if i == 2 { n = 1 }" }),
    line: STEP,
    col: 20,
    message: /literal or constant/,
  },
  {
    what: "a literal key",
    spec: spec({ step: "hits[1] = 1" }),
    line: STEP,
    col: 17,
    message: /literal or constant/,
  },
  {
    what: "a literal member test",
    spec: spec({ step: "if i in {1, 2} { n = 1 }" }),
    line: STEP,
    col: 21,
    message: /literal or constant/,
  },
  {
    what: "a conversion to int",
    spec: spec({ step: "n = i" }),
    line: STEP,
    col: 16,
    message: /used as a value of type 0\.\.9/,
  },
  {
    what: "a comparison with an int",
    spec: spec({ step: "if i == n { n = 1 }" }),
    line: STEP,
    col: 20,
    message: /type 0\.\.9 stands where 1\.\.3/,
  },
  {
    what: "a subrange",
    spec: spec({ step: "ids = 1..2" }),
    line: STEP,
    col: 18,
    message: /a part of 1\.\.3/,
  },
  {
    what: "maxSet",
    spec: spec({ step: "if card(ids) > 0 { peer = some(max(ids)) }" }),
    line: STEP,
    col: 43,
    message: /`max`, which orders/,
  },
  {
    what: "pick",
    spec: spec({ step: "if i in ids { peer = some(pick k in Id: k in ids) }" }),
    line: STEP,
    col: 38,
    message: /`pick`/,
  },
  {
    what: "fold",
    spec: spec({ step: "n = fold acc: 0..9 = 0, k in Id: (acc * 2 + (if k in ids then 1 else 0)) % 10" }),
    line: STEP,
    col: 16,
    message: /`fold` visits instance ids in their order/,
  },
  {
    what: "sum of ids",
    spec: spec({ step: "n = sum k in ids: k" }),
    line: STEP,
    col: 30,
    message: /used as a value of type/,
  },
  {
    what: "a literal instance",
    spec: spec({ inv: "!(P[1] at a)" }),
    line: INV,
    col: 18,
    message: /literal or constant/,
  },
  {
    what: "a literal in an invariant",
    spec: spec({ inv: "owner != some(2)" }),
    line: INV,
    col: 28,
    message: /literal or constant/,
  },
  {
    what: "a literal initial id",
    spec: spec({ decls: "var last: Id = 1" }),
    line: 7,
    col: 16,
    message: /literal or constant/,
  },
  {
    what: "a map of ids built with a literal",
    spec: spec({ decls: "var first: [Id -> bool] = [k in Id |-> k == 1]" }),
    line: 7,
    col: 45,
    message: /literal or constant/,
  },
  {
    what: "a second array over the index type",
    spec: spec({ decls: "process Q[j in Id] { step b { n = 1 } }" }),
    line: 7,
    col: 1,
    message: /process Q is indexed by it too/,
  },
  {
    what: "an id stored in a set of ints",
    spec: spec({ decls: "var ns: set<0..9> = {}", step: "ns = ns union {i}" }),
    line: STEP,
    col: 17,
    message: /an instance id is used as a value of type set<0\.\.9>/,
  },
  {
    what: "an int passed as an id",
    spec: spec({ decls: "fn is(x: Id): bool = x == x", step: "if is(n) { n = 1 }" }),
    line: STEP,
    col: 18,
    message: /type 0\.\.9 stands where 1\.\.3/,
  },
  {
    what: "a number with the index type's bounds bound by let",
    spec: spec({ step: "let x = n % 3 + 1; owner = some(x)" }),
    line: STEP,
    col: 20,
    message: /computed value stands where an instance id/,
  },
  {
    what: "a part of the index type quantified over",
    spec: spec({ inv: "forall k in {1, 3}: !(P[k] at a)" }),
    line: INV,
    col: 27,
    message: /literal or constant/,
  },
  {
    what: "an instance named as a task",
    spec: spec({ decls: "var tasks: set<task> = {}", inv: "!(P[2] in tasks)" }),
    line: INV,
    col: 16,
    message: /named as a task/,
  },
  {
    what: "`current` in the symmetric array",
    spec: spec({ decls: "var tasks: set<task> = {}", step: "tasks = tasks union {current}" }),
    line: STEP,
    col: 33,
    message: /named as a task/,
  },
  {
    what: "a literal returned as an id by a macro",
    spec: spec({ decls: "macro first(): Id { return 1 }", step: "owner = some(first())" }),
    line: 7,
    col: 28,
    message: /literal or constant/,
  },
  {
    what: "a literal returned as an id by a proc",
    spec: spec({
      decls: "var last: Id in Id\nproc first(): Id { step r { return 2 } }",
      step: "last = call first()",
    }),
    line: 8,
    col: 36,
    message: /literal or constant/,
  },
];

describe("T021: uses that tell a symmetric array's instances apart", () => {
  for (const c of forbidden)
    it(`refuses ${c.what} at its span`, () => {
      const found = located(diagnose(c.spec));
      expect(found[0]).toMatchObject({ code: "T021", line: c.line, col: c.col });
      expect(found.map((d) => d.code)).toEqual(found.map(() => "T021"));
      expect(found[0].message).toMatch(c.message);
      expect(found[0].message).toMatch(/^symmetric process P: /);
    });

  it("reports as bad input: exit 2, the location, a caret and the hint", async () => {
    const r = await checkSpecText(spec({ step: "n = i + 1" }));
    expectBadInput(
      r,
      "T021",
      /s\.vmaspec:10:16: error\[T021\]: symmetric process P: its index type 1\.\.3 is used in arithmetic/,
    );
    expect(r.stderr).toContain("remove `symmetric`, or compare instance ids only with == and !=");
  });

  it("is silent without `symmetric`", () => {
    for (const c of forbidden.filter((x) => !x.what.startsWith("a second array")))
      expect(located(diagnose(c.spec.replace("symmetric process", "process"))), c.what).toEqual([]);
  });
});

/** Every allowed use at once: checked without a diagnostic, with the same verdict either way. */
const ALLOWED = (symmetric: boolean) => `spec Allowed
type Id = 1..3
var owner: Id? = none
var ids: set<Id> = {}
var hits: [Id -> 0..2] = [k in Id |-> 0]
var last: Id in Id
var pairs: [Id -> Id?] = [k in 1..3 |-> none]
var log: seq<Id, 2> = []
var who: { id: Id?, n: 0..2 } = { id: none, n: 0 }
fn mine(x: Id, o: Id?): bool = o == some(x)
macro remember(x: Id) { if len(log) < 2 { log = append(log, x) } }
${symmetric ? "symmetric " : ""}process P[i in Id] {
  var peer: Id? = none
  step want { ids = ids union {i}; last = i; who = { id: some(self), n: 1 }; remember(i) }
  step take { await owner == none; owner = some(i); if hits[i] < 2 { hits[i] += 1 } }
  step look { choose k in ids minus {i} { peer = some(k); pairs[i] = some(k) } }
  step rel  { await mine(i, owner); owner = none; ids = ids minus {self}; if peer != none && P[the(peer)] at want { peer = none }; goto want }
}
invariant Mutex: forall a in Id: forall b in Id: (P[a] at rel && P[b] at rel) => a == b
invariant Owner: forall k in Id: P[k] at rel => owner == some(k) && mine(k, owner)
invariant Few: (count k in Id: P[k] at take) <= 3 && (sum k in Id: hits[k]) <= 6
invariant Peers: forall k in Id: P[k].peer != some(k) && (exists j in Id: j == last)
invariant Logged: forall j in 1..2: j <= len(log) => log[j] in Id
check c { expect ok }
`;

describe("T021: uses that keep instances interchangeable", () => {
  it("accepts every allowed use, with the same verdict as without `symmetric`", async () => {
    expect(located(diagnose(ALLOWED(true)))).toEqual([]);
    const [sym, plain] = [
      await checkFile(writeSpec(ALLOWED(true))),
      await checkFile(writeSpec(ALLOWED(false))),
    ];
    expect([sym.code, sym.stderr]).toEqual([0, ""]);
    expect(plain.code).toBe(0);
    expect(sym.runs[0].stats.distinctStates).toBeLessThan(plain.runs[0].stats.distinctStates);
  });
});

/** A repository spec with `symmetric` added to its first process array. */
function withSymmetric(name: string): string {
  const text = readFileSync(join(repoRoot, "specs", name), "utf8");
  const out = text.replace(/^process (\w+)\[/m, "symmetric process $1[");
  expect(out).not.toBe(text);
  return out;
}

describe("T021 on repository specs made symmetric", () => {
  // These crashed in trace replay (vm_refcnt_fixed) or gave NOT MET; now they are refused.
  for (const [name, where] of [
    ["vm_refcnt_fixed.vmaspec", /main\.vmaspec:\d+:\d+: error\[T021\].*arithmetic/],
    ["peterson.vmaspec", /main\.vmaspec:7:18: error\[T021\].*literal or constant/],
    ["mmap_fixed_e2.vmaspec", /rcu\.vmaspec:\d+:\d+: error\[T021\].*`current`/],
  ] as const)
    it(`refuses ${name}`, async () => {
      const r = await checkFile(writeSpec(withSymmetric(name)));
      expectBadInput({ code: r.code, stdout: r.text, stderr: r.stderr }, "T021", where);
    });

  it("accepts vma_refcount.vmaspec, whose readers never use their index: same verdicts", async () => {
    // Its NOT MET came from `expect states`, which counts orbits under symmetry, not from a verdict.
    const unpinned = (t: string) => t.replace(/; expect states \d+/g, "");
    const plainText = readFileSync(join(repoRoot, "specs", "vma_refcount.vmaspec"), "utf8");
    const sym = await checkFile(writeSpec(unpinned(withSymmetric("vma_refcount.vmaspec"))));
    const plain = await checkFile(writeSpec(unpinned(plainText)));
    expect(sym.stderr).toBe("");
    const verdicts = (r: typeof sym) =>
      r.runs.map((x) => [x.check, x.met, x.violation?.name, x.violation?.length]);
    expect(verdicts(sym)).toEqual(verdicts(plain));
    expect(sym.code).toBe(0);
  });
});

// --- property: the rule accepts exactly the specs built from allowed uses, and for those the
// verdict with `symmetric` is the verdict without it -------------------------------------------

const SEED = 20261207;
const SPECS = 60;

/** A small seeded generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

const ALLOWED_STMTS = [
  "ids = ids union {i}",
  "ids = ids minus {i}",
  "await owner == none; owner = some(i)",
  "if owner == some(i) { owner = none }",
  "if hits[i] < 2 { hits[i] += 1 }",
  "last = i",
  "if last == i { flag = !flag }",
  "choose k in Id { if k != i { last = k } }",
  "if i in ids { n = (n + 1) % 4 }",
  "await forall k in Id: k != i => !(P[k] at s1)",
  "if exists k in ids: k != i { n = 0 }",
  "n = count k in ids: hits[k] > 0",
  "if owner != none && the(owner) != i { ids = ids union {the(owner)} }",
  "mark = [k in Id |-> k == i || mark[k]]",
];
const FORBIDDEN_STMTS = [
  "if i == 1 { flag = true }",
  "n = i",
  "last = 1",
  "if i < last { n = 1 }",
  "owner = some(i % 3 + 1)",
];
const ALLOWED_INVS = [
  "forall a in Id: forall b in Id: (P[a] at s2 && P[b] at s2) => a == b",
  "card(ids) <= 2",
  "owner != none => the(owner) in ids",
  "n < 3",
  "!(flag && owner == none)",
  "forall k in Id: hits[k] < 2 || k != last",
  "(count k in Id: mark[k]) < 3",
];
const FORBIDDEN_INVS = ["!(P[1] at s2)", "owner != some(2)", "forall k in ids: k <= 2"];

function generated(seed: number): { text: (symmetric: boolean) => string; forbidden: boolean } {
  const r = rng(seed);
  let forbidden = false;
  const stmt = () => {
    if (r.chance(0.08)) {
      forbidden = true;
      return r.pick(FORBIDDEN_STMTS);
    }
    return r.pick(ALLOWED_STMTS);
  };
  const steps = [1, 2, 3].map(
    (k) => `  step s${k} { ${[stmt(), ...(r.chance(0.4) ? [stmt()] : [])].join("; ")} }`,
  );
  if (r.chance(0.7)) steps[2] = steps[2].replace(/ }$/, "; goto s1 }");
  let inv = r.pick(ALLOWED_INVS);
  if (r.chance(0.08)) {
    forbidden = true;
    inv = r.pick(FORBIDDEN_INVS);
  }
  const text = (symmetric: boolean) => `spec Gen${seed}
type Id = 1..3
var owner: Id? = none
var ids: set<Id> = {}
var hits: [Id -> 0..2] = [k in Id |-> 0]
var mark: [Id -> bool] = [k in Id |-> false]
var last: Id in Id
var flag: bool = false
var n: 0..3 = 0
${symmetric ? "symmetric " : ""}process P[i in Id] {
${steps.join("\n")}
}
invariant Inv: ${inv}
check c { expect ok }
`;
  return { text, forbidden };
}

describe(`symmetric verdicts on generated specs (seed ${SEED}, ${SPECS} specs)`, () => {
  it(
    "refuses exactly the specs with a forbidden use; the others keep their verdict",
    { timeout: 120_000 },
    async () => {
      const problems: string[] = [];
      let compared = 0;
      let violated = 0;
      let refused = 0;
      for (let s = SEED; s < SEED + SPECS; s++) {
        const g = generated(s);
        const codes = located(diagnose(g.text(true))).map((d) => d.code);
        expect(located(diagnose(g.text(false))), `seed ${s} without symmetric`).toEqual([]);
        if (g.forbidden) {
          refused++;
          if (codes.join() === "" || codes.some((c) => c !== "T021"))
            problems.push(`seed ${s}: not refused: ${codes}`);
          continue;
        }
        if (codes.length) {
          problems.push(`seed ${s}: an allowed spec refused: ${codes}`);
          continue;
        }
        const [sym, plain] = [
          await checkFile(writeSpec(g.text(true))),
          await checkFile(writeSpec(g.text(false))),
        ];
        const verdict = (r: typeof sym) => ({
          code: r.code,
          met: r.runs[0]?.met,
          kind: r.runs[0]?.violation?.kind,
          length: r.runs[0]?.violation?.length,
        });
        compared++;
        if (!plain.runs[0]?.met) violated++;
        if (JSON.stringify(verdict(sym)) !== JSON.stringify(verdict(plain)))
          problems.push(
            `seed ${s}: ${JSON.stringify(verdict(sym))} with symmetric, ${JSON.stringify(verdict(plain))} without`,
          );
        else if (sym.runs[0] && sym.runs[0].stats.distinctStates > plain.runs[0].stats.distinctStates)
          problems.push(`seed ${s}: more states with symmetric`);
      }
      console.log(
        `seed ${SEED}: ${compared} specs compared (${violated} with a violation), ${refused} refused`,
      );
      expect(problems).toEqual([]);
      // Both outcomes occur, so the comparison decides something.
      expect(violated).toBeGreaterThan(0);
      expect(compared - violated).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    },
  );
});
