// The standard library's contracts: each module of stdlib/ has a small spec here that exercises
// its kernel primitives as a caller would and checks what they promise (an rw_semaphore never has
// a writer with readers, refcount_inc_not_zero never revives a zero count, an object freed with
// kfree_rcu stays readable for the readers that found it, ...) and that their misuse is reported.
// Every check runs as `vmaspec check --json` runs it (in this process: test/helpers/inprocess.ts),
// with its exact state count and counterexample length.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { repoRoot } from "../helpers/cli.js";
import { checkFile, type JsonRun } from "../helpers/inprocess.js";

interface Expected {
  found: string;
  /** Distinct states of a clean run; a violation's count depends on where the search stopped. */
  states?: number;
  steps?: number;
}

const contracts: Record<string, Record<string, Expected>> = {
  locks: {
    contract: { found: "ok", states: 157 },
    up_read_unheld: {
      found: "violation assert: up_read of an rw_semaphore this task has not read-locked",
      steps: 4,
    },
  },
  refcount: {
    contract: { found: "ok", states: 30 },
    inc_from_zero: {
      found: "violation assert: refcount_t: addition on 0; use-after-free",
      steps: 2,
    },
    underflow: {
      found: "violation assert: refcount_t: underflow; use-after-free",
      steps: 3,
    },
  },
  seqcount: {
    contract: { found: "ok", states: 112 },
  },
  slab: {
    contract: { found: "ok", states: 600 },
    typesafe_read: { found: "ok", states: 600 },
    poisoned_read: {
      found: "violation assert: KASAN: use-after-free (read under RCU)",
      steps: 2,
    },
    double_free: {
      found: "violation assert: kmem_cache_free: double free",
      steps: 3,
    },
  },
  rcu: {
    contract: { found: "ok", states: 332 },
    immediate_free: {
      found: "violation assert: KASAN: use-after-free (read under RCU)",
      steps: 4,
    },
  },
  maple: {
    contract: { found: "ok", states: 15 },
    no_failures: { found: "ok", states: 4 },
  },
  mm: {
    contract: { found: "ok", states: 26 },
    double_mmdrop: {
      found: "violation assert: mmdrop of a freed mm_struct",
      steps: 4,
    },
  },
  vma: {
    contract: { found: "ok", states: 336 },
    reattach: {
      found: "violation assert: vma_mark_attached: re-attach of an attached VMA",
      steps: 4,
    },
  },
  vma_rwsem: {
    contract: { found: "ok", states: 316 },
  },
  lkmm: {
    contract: { found: "ok", states: 459 },
    lock_lkmm: { found: "ok", states: 503 },
    rcu_lkmm: { found: "ok", states: 600 },
    no_grace_period: { found: "violation GracePeriod", steps: 8 },
  },
};

function found(r: JsonRun): string {
  const v = r.violation;
  if (!v) return r.outcome;
  if (v.kind === "assert") return `violation assert: ${v.message}`;
  return `violation ${v.name ?? v.kind}`;
}

describe("the stdlib modules keep their contracts", () => {
  for (const [module, checks] of Object.entries(contracts)) {
    it(`${module}: every contract check is met with its pinned counts`, async () => {
      const r = await checkFile(join(repoRoot, "test/stdlib", `${module}.vmaspec`));
      const runs = r.runs;
      expect(runs.map((x) => x.check)).toEqual(Object.keys(checks));
      for (const run of runs) {
        const want = checks[run.check];
        expect({ check: run.check, met: run.met, found: found(run) }).toEqual({
          check: run.check,
          met: true,
          found: want.found,
        });
        const states = run.violation ? undefined : run.stats.distinctStates;
        expect({
          check: run.check,
          states,
          steps: run.violation?.length,
        }).toEqual({
          check: run.check,
          states: want.states,
          steps: want.steps,
        });
      }
      expect(r.code).toBe(0);
    });
  }

  it("gives every module a header naming the kernel code it models and what it abstracts away", async () => {
    const { readFileSync, readdirSync } = await import("node:fs");
    const modules = readdirSync("stdlib").filter((f) => f.endsWith(".vmaspec"));
    expect(modules.map((f) => f.replace(".vmaspec", "")).sort()).toEqual(Object.keys(contracts).sort());
    for (const f of modules) {
      const text = readFileSync(`stdlib/${f}`, "utf8");
      expect(text, f).toMatch(/^\/\/ /);
      expect(text, f).toMatch(/Models/);
      expect(text, f).toMatch(/Abstracts away/);
      expect(text, f).toMatch(new RegExp(`^module ${f.replace(".vmaspec", "")}$`, "m"));
    }
  });
});
