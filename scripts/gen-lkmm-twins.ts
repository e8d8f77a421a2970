// Writes the `.vmaspec` twin of each acceptance litmus test (test/fixtures/litmus/*.litmus, our own
// files) into test/fixtures/lkmm/: the same threads as processes with one step per operation
// (so `memory sc` interleaves exactly the litmus test's operations), stdlib lkmm's macros for the
// kernel primitives, and the `exists` clause as an invariant on final states. Each twin has a
// `check lkmm` expecting the litmus test's announced verdict (Never: ok, Sometimes: a violation)
// and a `check sc`, whose expectation the author pins after running it; test/weakmem/twins.test.ts
// compares both with independent answers. Run: `npx tsc -p tsconfig.json && node
// dist/scripts/gen-lkmm-twins.js [SC_VERDICTS.json]`.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseLitmus, type Condition } from "../src/litmus/parse.js";
import { runLitmus } from "../src/litmus/run.js";
import type { Expr, Op, Program } from "../src/weakmem/program.js";
import { repoRoot } from "./gen-walkthrough.js";

const SUFFIX = { mb: "", relaxed: "_relaxed", acquire: "_acquire", release: "_release" } as const;

const BOOLEAN_OPS = new Set(["==", "!=", "<", "<=", ">", ">=", "&&", "||"]);

/** An integer expression in vmaspec syntax (C's comparisons give 0 or 1). */
function expr(e: Expr): string {
  switch (e.kind) {
    case "int":
      return String(e.value);
    case "reg":
      return e.name;
    case "not":
      return `(if ${cond(e.operand)} then 0 else 1)`;
    case "binary":
      if (BOOLEAN_OPS.has(e.op)) return `(if ${cond(e)} then 1 else 0)`;
      return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
  }
}

/** A C condition (non-zero is true) as a vmaspec boolean. */
function cond(e: Expr): string {
  if (e.kind === "not") return `!${cond(e.operand)}`;
  if (e.kind === "binary" && (e.op === "&&" || e.op === "||"))
    return `(${cond(e.left)} ${e.op} ${cond(e.right)})`;
  if (e.kind === "binary" && BOOLEAN_OPS.has(e.op)) return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
  return `(${expr(e)} != 0)`;
}

/** An operation as the statement of its own step. */
function statement(p: Program, op: Op): string {
  const loc = "loc" in op ? p.locations[op.loc] : "";
  const into = (reg: string | undefined, call: string) => (reg ? `${reg} = ${call}` : call);
  switch (op.kind) {
    case "read": {
      const fn =
        op.test === "is-locked"
          ? "spin_is_locked"
          : op.order === "acquire"
            ? "smp_load_acquire"
            : "READ_ONCE";
      return into(op.reg, `${fn}(${loc})`);
    }
    case "write":
      return `${op.order === "release" ? "smp_store_release" : "WRITE_ONCE"}(${loc}, ${expr(op.value)})`;
    case "rmw": {
      const u = op.update;
      const s = SUFFIX[op.order];
      if (u.kind === "set") return into(op.reg, `xchg${s}(${loc}, ${expr(u.value)})`);
      if (u.kind === "cmpxchg")
        return into(op.reg, `cmpxchg${s}(${loc}, ${expr(u.expected)}, ${expr(u.value)})`);
      if (op.returns === "none") return `atomic_add(${expr(u.value)}, ${loc})`;
      const fn = op.returns === "new" ? `atomic_add_return${s}` : `atomic_fetch_add${s}`;
      return into(op.reg, `${fn}(${expr(u.value)}, ${loc})`);
    }
    case "lock":
      return `spin_lock(${loc})`;
    case "unlock":
      return `spin_unlock(${loc})`;
    case "fence": {
      const names = {
        mb: "smp_mb",
        rmb: "smp_rmb",
        wmb: "smp_wmb",
        "before-atomic": "smp_mb__before_atomic",
        "after-atomic": "smp_mb__after_atomic",
        "after-spinlock": "smp_mb__after_spinlock",
        "rcu-lock": "rcu_read_lock",
        "rcu-unlock": "rcu_read_unlock",
        "sync-rcu": "synchronize_rcu",
      };
      return `${names[op.fence]}()`;
    }
    case "assign":
      return `${op.reg} = ${expr(op.value)}`;
    case "assert":
      return `assert ${cond(op.cond)} : "${op.message}"`;
  }
}

/** A litmus condition as a vmaspec expression over final values. */
function condition(p: Program, c: Condition): string {
  switch (c.kind) {
    case "and":
      return `(${condition(p, c.left)} && ${condition(p, c.right)})`;
    case "or":
      return `(${condition(p, c.left)} || ${condition(p, c.right)})`;
    case "not":
      return `!${condition(p, c.operand)}`;
    case "const":
      return String(c.value);
    case "register":
      return `${p.threads[c.thread].name}.${c.reg} == ${c.value}`;
    case "memory":
      return `${p.locations[c.loc]} == ${c.value}`;
  }
}

/** The twin of one litmus file; `sc`: the pinned sequential-consistency verdict, if known. */
export function twin(file: string, text: string, sc?: "ok" | "violation"): string {
  const { test } = parseLitmus(file, text);
  if (!test) throw new Error(`${file} does not parse`);
  const p = test.program;
  const result = /Result:\s*(Never|Sometimes)/.exec(text)![1];
  const out: string[] = [];
  out.push(`// The twin of test/fixtures/litmus/${path.basename(file)} (${test.name}), LKMM: ${result}.`);
  out.push("// Generated by scripts/gen-lkmm-twins.ts: one step per operation, exists as an invariant.");
  out.push(`spec ${test.name.replace(/^.*\//, "").replace(/[^A-Za-z0-9_]/g, "_")}`, "", "import lkmm", "");
  p.locations.forEach((l, i) => out.push(`var ${l}: -8..8 = ${p.initial[i]}`));
  for (const t of p.threads) {
    out.push("", `process ${t.name} {`);
    const regs = new Set<string>();
    for (const op of t.ops) if ("reg" in op && op.reg) regs.add(op.reg);
    for (const r of regs) out.push(`  var ${r}: -8..8 = 0`);
    t.ops.forEach((op, i) => {
      let body = statement(p, op);
      for (const g of [...(op.guards ?? [])].reverse())
        body = `if ${g.value ? "" : "!"}${cond(g.cond)} { ${body} }`;
      out.push(`  step s${i} { ${body} }`);
    });
    out.push("}");
  }
  const done = p.threads.map((t) => `${t.name} at done`).join(" && ");
  const premise = test.filter ? `${done} && ${condition(p, test.filter)}` : done;
  out.push("", `invariant NotExists: ${premise} => !${condition(p, test.exists)}`, "");
  const verdict = (v: string) => (v === "ok" || v === "Never" ? "expect ok" : "expect violation NotExists");
  // The graph states are the litmus run's: the same events, rf and co choices, in a Model of its own.
  const states = runLitmus(file, text).stats!.distinctStates;
  out.push(`check lkmm { memory lkmm; ${verdict(result)}; expect states ${states} }`);
  if (sc) out.push(`check sc { ${verdict(sc)} }`);
  return `${out.join("\n")}\n`;
}

function main(): void {
  const root = repoRoot();
  const dir = path.join(root, "test/fixtures/litmus");
  const outDir = path.join(root, "test/fixtures/lkmm");
  const scVerdicts: Record<string, "ok" | "violation"> = process.argv[2]
    ? JSON.parse(readFileSync(process.argv[2], "utf8"))
    : {};
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".litmus"))) {
    const name = f.replace(/\.litmus$/, "");
    writeFileSync(
      path.join(outDir, `${name}.vmaspec`),
      twin(f, readFileSync(path.join(dir, f), "utf8"), scVerdicts[name]),
    );
  }
}

main();
