// The kernel specs of specs/ (the v6 review and the known bugs of the per-VMA lock), checked as
// `vmaspec check --json` checks them (in this process: test/helpers/inprocess.ts): every check block met, a clean run with its exact number
// of distinct states, and each expected violation with its kind, its property or assert message,
// and the length of the shortest counterexample. A changed number means the model or the checker's
// semantics changed: update the spec's `expect states` pin and this table together.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { repoRoot } from "../helpers/cli.js";
import { checkFile, type JsonRun } from "../helpers/inprocess.js";

/** What a check must find: `ok`, `deadlock`, `violation Name` or `violation assert: message`. */
interface Expected {
  found: string;
  /** Distinct states of a clean run; a violation's count depends on where the search stopped. */
  states?: number;
  steps?: number;
}

const specs: Record<string, Record<string, Expected>> = {
  "vm_lock_rwsem.vmaspec": {
    rwsem: { found: "ok", states: 612 },
    rwsem_enomem: { found: "ok", states: 801 },
    rwsem_enomem_reattach: { found: "violation VmaRwLock", steps: 6 },
    b3_no_reattach: { found: "violation TreeMapsLiveVmas", steps: 7 },
  },
  "vm_refcnt_v6.vmaspec": {
    free_on_zero_enomem: {
      found: "violation assert: vma_mark_attached: use-after-free of the VMA (KASAN)",
      steps: 8,
    },
    free_on_zero: {
      found: "violation assert: unmap_vmas: use-after-free of the VMA (KASAN)",
      steps: 9,
    },
    v6_as_posted: {
      found: "violation assert: vms_clear_ptes: a page fault still holds a VMA being torn down",
      steps: 14,
    },
    b1_detach_waits: { found: "ok", states: 460 },
  },
  "vma_rwlock.vmaspec": { lock: { found: "ok", states: 9 } },
  "vma_refcount_rwlock.vmaspec": {
    correct: { found: "ok", states: 286 },
    three: { found: "ok", states: 1290 },
    no_seq_check: { found: "violation VmaRwLock", steps: 5 },
    free_early_refines: { found: "ok", states: 279 },
    free_early: { found: "violation NoRefOnFreed", steps: 16 },
  },
  // B7 and B9 (weak memory): ok under sequential consistency, violated under memory lkmm unless
  // fixed. The sc counts are hand counts (see the specs); the lkmm counts are execution graphs.
  "b7_publish_without_release.vmaspec": {
    sc: { found: "ok", states: 15 },
    lkmm: {
      found: "violation assert: a fault pinned the reused VMA but used the old incarnation's fields",
      steps: 4,
    },
  },
  "b7_publish_release_acquire.vmaspec": {
    sc: { found: "ok", states: 15 },
    lkmm: { found: "ok", states: 12 },
  },
  "b9_unlock_not_release.vmaspec": {
    sc: { found: "ok", states: 32 },
    lkmm: {
      found:
        "violation assert: a fault saw the VMA unlocked after userfaultfd_register but not VM_UFFD_MISSING",
      steps: 6,
    },
  },
  "b9_unlock_release.vmaspec": {
    sc: { found: "ok", states: 32 },
    lkmm: { found: "ok", states: 68 },
  },
  "vm_refcnt_fixed.vmaspec": {
    fixed: { found: "ok", states: 556 },
    fixed_enomem: { found: "ok", states: 790 },
  },
  "lock_vma_under_rcu.vmaspec": {
    recheck: { found: "ok", states: 106 },
    no_recheck: { found: "violation FaultHoldsItsVma", steps: 16 },
    no_mm_check: { found: "violation FaultHoldsItsVma", steps: 16 },
    same_mm_no_range_check: { found: "violation FaultHoldsItsVma", steps: 17 },
    same_mm_range_check: { found: "ok", states: 80 },
  },
  "mmap_lock_seq.vmaspec": {
    seq_check: { found: "ok", states: 758 },
    skip_seq_check: { found: "violation FaultNotInWriteLockedVma", steps: 8 },
  },
  "fpsimd_preempt.vmaspec": {
    correct: { found: "ok", states: 128 },
    forgets_save_on_switch: {
      found: "violation assert: user code runs on another task's FP/SIMD state",
      steps: 6,
    },
    preemptible_kernel_fp: {
      found: "violation assert: kernel-mode FP/SIMD state lost to another task",
      steps: 5,
    },
  },
  "vma_refcount_e2.vmaspec": {
    merged: { found: "ok", states: 526 },
    b4_end_read_on_eagain: {
      found: "violation assert: refcount_t: underflow; use-after-free",
      steps: 14,
    },
    b13_no_ref_limit: {
      found: "violation ReadersNeverSetWriterBit",
      steps: 12,
    },
    b13_ref_limit: { found: "ok", states: 496 },
    b14_reattach_on_store: { found: "violation TreeMapsLiveVmas", steps: 10 },
  },
  "slab_reuse_e2.vmaspec": {
    fixed: { found: "ok", states: 180 },
    b5_late_vm_mm: {
      found: "violation assert: rcuwait_wake_up on an mm_struct the fault holds no reference to",
      steps: 14,
    },
    b6_mm_check_late: {
      found: "violation assert: rcuwait_wake_up on an mm_struct the fault holds no reference to",
      steps: 16,
    },
  },
  "munmap_e2.vmaspec": {
    mainline: { found: "ok", states: 721 },
    b3_no_reattach: { found: "violation TreeMapsLiveVmas", steps: 8 },
    b3_early_locked_vm: {
      found: "violation assert: munmap failed but mm->locked_vm changed",
      steps: 9,
    },
  },
  "mmap_fixed_e2.vmaspec": {
    mainline: { found: "ok", states: 591 },
    b2_late_write_lock: {
      found: "violation assert: vms_clear_ptes: a page fault still holds the VMA whose page tables are freed",
      steps: 9,
    },
  },
  "vma_rwsem_e1.vmaspec": {
    fixed: { found: "ok", states: 97 },
    b10_anon_check_before_lock: {
      found: "violation assert: do_anonymous_page: vma->anon_vma is gone (checked outside the VMA lock)",
      steps: 10,
    },
    b11_mbind_no_vma_lock: {
      found: "violation assert: mpol_get: use-after-free of the mempolicy",
      steps: 12,
    },
  },
  "lock_vma_retry.vmaspec": {
    mas_reset: { found: "ok", states: 70 },
    b12_no_mas_reset: {
      found:
        "violation assert: mas_walk: use-after-free of a maple node cached across RCU read-side sections",
      steps: 10,
    },
  },
  "lock_order.vmaspec": {
    release_fault_lock: { found: "ok", states: 43 },
    release_fault_lock_two_faults: { found: "ok", states: 375 },
    b15_mmap_lock_under_vma_lock: { found: "deadlock", steps: 8 },
  },
};

function found(r: JsonRun): string {
  const v = r.violation;
  if (!v) return r.outcome;
  if (v.kind === "deadlock") return "deadlock";
  if (v.kind === "assert") return `violation assert: ${v.message}`;
  return `violation ${v.name ?? v.kind}`;
}

function checkJson(file: string, check?: string): Promise<{ code: number; runs: JsonRun[] }> {
  return checkFile(join(repoRoot, "specs", file), { check });
}

describe("the kernel specs in specs/", () => {
  for (const [file, checks] of Object.entries(specs)) {
    it(`${file}: every check is met with its pinned counts`, async () => {
      const { code, runs } = await checkJson(file);
      expect(runs.map((r) => r.check)).toEqual(Object.keys(checks));
      for (const r of runs) {
        const want = checks[r.check];
        expect({ check: r.check, met: r.met, found: found(r) }).toEqual({
          check: r.check,
          met: true,
          found: want.found,
        });
        const states = r.violation ? undefined : r.stats.distinctStates;
        expect({ check: r.check, states }).toEqual({
          check: r.check,
          states: want.states,
        });
        expect({ check: r.check, steps: r.violation?.length }).toEqual({
          check: r.check,
          steps: want.steps,
        });
      }
      expect(code).toBe(0);
    });
  }

  it("tells the v6 review's counterexample in kernel function names", async () => {
    const { runs } = await checkJson("vm_refcnt_v6.vmaspec", "free_on_zero_enomem");
    expect(runs[0].violation!.trace.map((t) => t.action)).toEqual([
      "initial state",
      "Munmap mmap_write_lock",
      "Munmap vms_gather_munmap_vmas",
      "Munmap vma_start_write.__vma_enter_locked",
      "Munmap vma_start_write.rcuwait_wait_event",
      "Munmap mas_store_gfp",
      "Munmap vma_mark_detached.refcount_dec_and_test",
      "Munmap vma_iter_clear_gfp",
      "Munmap reattach_vmas",
    ]);
  });

  it("shows the reuse of a VMA by another mm inside the fault's RCU section", async () => {
    const { runs } = await checkJson("lock_vma_under_rcu.vmaspec", "no_mm_check");
    const actions = runs[0].violation!.trace.map((t) => t.action);
    expect(actions.indexOf("Munmap remove_vma")).toBeLessThan(actions.indexOf("Mmap mmap_write_lock"));
    expect(actions.at(-3)).toBe("Fault lock_vma_under_rcu.__refcount_inc_not_zero_limited_acquire");
    expect(actions.at(-1)).toBe("Fault lock_vma_under_rcu.rcu_read_unlock");
  });
});
