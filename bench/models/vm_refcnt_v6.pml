/* The seed spec specs/vm_refcnt_v6.vmaspec (with stdlib/vma and the modules under it) in Promela,
 * for the speed benchmark against SPIN: READERS page faults race one munmap of the VMA over pages
 * [0, 2), on "[PATCH v6 10/16] mm: replace vm_lock and detached flag with a reference count",
 * where the gather loop detaches the VMA before the tree is cleared.
 * In: READERS (default 2, at most 7: a task set is a byte), MAPLE_ALLOC_FAIL, FREE_ON_ZERO and
 * DETACH_WAITS (0 or 1; defaults as the spec's: 1, 1, 0) as -D options to spin. Check
 * `b1_detach_waits`, the one that expects ok, is -DMAPLE_ALLOC_FAIL=0 -DFREE_ON_ZERO=0
 * -DDETACH_WAITS=1. Out: a model with exactly the vmaspec check's reachable states (for a check
 * that expects a violation, SPIN finds one, but its depth-first search stops elsewhere).
 *
 * Written as vm_refcnt_fixed.pml is (see there): one d_step per vmaspec step, guarded by a program
 * counter in a global variable; invariants and the step's asserts checked on the state it
 * produced; an `either` as two d_steps with one guard; a proc's call as a step of its own. The
 * state is the vmaspec state, with the same variables left out because they never change (and
 * mas_preallocated, which this spec does not use, so vmaspec prunes it). Tasks as bits: Fault[r]
 * is pid r-1 and bit r-1, Munmap pid READERS and bit READERS. */

#ifndef READERS
#define READERS 2
#endif
#ifndef MAPLE_ALLOC_FAIL
#define MAPLE_ALLOC_FAIL 1
#endif
#ifndef FREE_ON_ZERO
#define FREE_ON_ZERO 1
#endif
#ifndef DETACH_WAITS
#define DETACH_WAITS 0
#endif

#define VMA_LOCK_OFFSET 4
#define VMA_REF_LIMIT (VMA_LOCK_OFFSET - 1)
#define UINT_MAX 255                    /* vm_lock_seq none */
#define BIT(t) (1 << (t))
#define MUNMAP READERS                  /* Munmap's task number */

bool vma_allocated = true;              /* slab[vm_area_cachep][0] == Allocated (else Free) */
byte mmap_readers = 0;                  /* mmap_lock[0].readers: set<task> */
bool mmap_writer = false;               /* mmap_lock[0].writer == some(Munmap): only Munmap writes */
byte mm_lock_seq = 0;
bool mm_mt[2] = true;                   /* mm_mt[0][page] == some(0) */
byte vm_lock_seq = UINT_MAX;
byte vm_refcnt = 1;
byte rcu_readers = 0;                   /* set<task> */

/* Fault: do_user_addr_fault, lock_vma_under_rcu.{mas_walk, __refcount_inc_not_zero_limited_acquire,
 * raw_read_seqcount, rcu_read_unlock}, vma_end_read, done */
#define F_FAULT 0
#define F_MAS_WALK 1
#define F_INC 2
#define F_SEQCOUNT 3
#define F_RCU_UNLOCK 4
#define F_END_READ 5
#define F_DONE 6
byte fpc[READERS];
bool fvma[READERS];                     /* Fault[r].vma */

/* Munmap: its steps and those of the procs it calls */
#define M_WRITE_LOCK 0
#define M_GATHER 1
#define M_ENTER_LOCKED 2                /* vma_start_write.__vma_enter_locked */
#define M_WAIT_WRITE 3                  /* vma_start_write.rcuwait_wait_event */
#define M_STORE_GFP 4
#define M_DEC_AND_TEST 5                /* vma_mark_detached.refcount_dec_and_test */
#define M_WAIT_DETACH 6                 /* vma_mark_detached.rcuwait_wait_event */
#define M_ITER_CLEAR_GFP 7
#define M_DOWNGRADE 8
#define M_CLEAR_PTES 9
#define M_REMOVE 10
#define M_READ_UNLOCK 11
#define M_REATTACH 12
#define M_GATHER_FAILED 13
#define M_DONE 14
byte mpc = M_WRITE_LOCK;
bool mvma = false;                      /* Munmap.vma */
bool mas_detach = false;                /* Munmap.mas_detach == {0} */

#define WRITE_LOCKED (vm_lock_seq == mm_lock_seq)   /* __is_vma_write_locked(0) */
#define ATTACHED (vm_refcnt != 0)
/* Fault[i].vma != none, for up to 10 faults (&& keeps the index in range) */
#define HOLDS(i) (i < READERS && fvma[i])
#define SOME_HOLDS (HOLDS(0) || HOLDS(1) || HOLDS(2) || HOLDS(3) || HOLDS(4) || HOLDS(5) || \
                    HOLDS(6) || HOLDS(7) || HOLDS(8) || HOLDS(9))
/* ReaderHoldsLiveVma and TreeMapsLiveVmas */
#define INVARIANTS \
  assert(!SOME_HOLDS || (vma_allocated && ATTACHED && !WRITE_LOCKED)); \
  assert(mmap_writer || ((!mm_mt[0] && !mm_mt[1]) || (vma_allocated && ATTACHED)))

#define RCU_READ_UNLOCK(t) assert(rcu_readers & BIT(t)); rcu_readers = rcu_readers & ~BIT(t)
#define KMEM_CACHE_FREE assert(vma_allocated); vma_allocated = false
/* v6's vma_refcount_put, freeing on 0 with FREE_ON_ZERO */
#define VMA_REFCOUNT_PUT \
  assert(vma_allocated); assert(vm_refcnt > 0); vm_refcnt--; \
  if :: vm_refcnt == 0 && FREE_ON_ZERO -> KMEM_CACHE_FREE :: else -> skip fi

#define ME _pid
active [READERS] proctype Fault() {
end:
  do
  :: d_step { fpc[ME] == F_FAULT -> fpc[ME] = F_MAS_WALK; INVARIANTS }
  :: d_step { fpc[ME] == F_MAS_WALK ->
       assert(!(rcu_readers & BIT(ME))); rcu_readers = rcu_readers | BIT(ME);
       if
       :: !mm_mt[ME % 2] || WRITE_LOCKED -> RCU_READ_UNLOCK(ME); fpc[ME] = F_END_READ   /* NULL */
       :: else -> fpc[ME] = F_INC
       fi; INVARIANTS }
  :: d_step { fpc[ME] == F_INC ->
       if
       :: vm_refcnt == 0 -> RCU_READ_UNLOCK(ME); fpc[ME] = F_MAS_WALK      /* -EAGAIN: retry */
       :: vm_refcnt >= VMA_REF_LIMIT -> RCU_READ_UNLOCK(ME); fpc[ME] = F_END_READ
       :: else -> vm_refcnt++; fpc[ME] = F_SEQCOUNT
       fi; INVARIANTS }
  :: d_step { fpc[ME] == F_SEQCOUNT ->
       if
       :: WRITE_LOCKED -> VMA_REFCOUNT_PUT; RCU_READ_UNLOCK(ME); fpc[ME] = F_END_READ
       :: else -> fpc[ME] = F_RCU_UNLOCK
       fi; INVARIANTS }
  :: d_step { fpc[ME] == F_RCU_UNLOCK -> RCU_READ_UNLOCK(ME); fvma[ME] = true; fpc[ME] = F_END_READ; INVARIANTS }
  :: d_step { fpc[ME] == F_END_READ ->
       if :: fvma[ME] -> VMA_REFCOUNT_PUT; fvma[ME] = false :: else -> skip fi;
       fpc[ME] = F_DONE; INVARIANTS }
  od
}

active proctype Munmap() {
end:
  do
  :: d_step { mpc == M_WRITE_LOCK && !mmap_writer && mmap_readers == 0 ->      /* down_write */
       mmap_writer = true; assert(mm_lock_seq % 2 == 0); mm_lock_seq++; mpc = M_GATHER; INVARIANTS }
  :: d_step { mpc == M_GATHER -> mvma = mm_mt[0]; mpc = M_ENTER_LOCKED; INVARIANTS }
  :: d_step { mpc == M_ENTER_LOCKED ->
       assert(mvma && vma_allocated);
       if
       :: WRITE_LOCKED -> mpc = M_STORE_GFP
       :: !WRITE_LOCKED && vm_refcnt == 0 -> vm_lock_seq = mm_lock_seq; mpc = M_STORE_GFP
       :: else -> vm_refcnt = vm_refcnt + VMA_LOCK_OFFSET; mpc = M_WAIT_WRITE
       fi; INVARIANTS }
  :: d_step { mpc == M_WAIT_WRITE && vm_refcnt == VMA_LOCK_OFFSET + 1 ->
       vm_lock_seq = mm_lock_seq; vm_refcnt = vm_refcnt - VMA_LOCK_OFFSET; assert(vm_refcnt != 0);
       mpc = M_STORE_GFP; INVARIANTS }
  :: d_step { mpc == M_STORE_GFP -> mas_detach = true; mpc = M_DEC_AND_TEST; INVARIANTS }
  :: d_step { mpc == M_STORE_GFP && MAPLE_ALLOC_FAIL -> mpc = M_REATTACH; INVARIANTS }
  :: d_step { mpc == M_DEC_AND_TEST ->                                         /* v6's, overridden */
       assert(vma_allocated && WRITE_LOCKED && vm_refcnt > 0);
       vm_refcnt--;
       if
       :: vm_refcnt == 0 -> if :: FREE_ON_ZERO -> KMEM_CACHE_FREE :: else -> skip fi; mpc = M_ITER_CLEAR_GFP
       :: vm_refcnt != 0 && !DETACH_WAITS -> mpc = M_ITER_CLEAR_GFP
       :: else -> vm_refcnt = vm_refcnt + VMA_LOCK_OFFSET; mpc = M_WAIT_DETACH
       fi; INVARIANTS }
  :: d_step { mpc == M_WAIT_DETACH && vm_refcnt == VMA_LOCK_OFFSET ->
       vm_refcnt = 0; mpc = M_ITER_CLEAR_GFP; INVARIANTS }
  :: d_step { mpc == M_ITER_CLEAR_GFP -> mm_mt[0] = false; mm_mt[1] = false; mpc = M_DOWNGRADE; INVARIANTS }
  :: d_step { mpc == M_ITER_CLEAR_GFP && MAPLE_ALLOC_FAIL -> mpc = M_REATTACH; INVARIANTS }
  :: d_step { mpc == M_DOWNGRADE ->                                            /* mmap_write_downgrade */
       assert(mm_lock_seq % 2 == 1); mm_lock_seq++; mmap_writer = false; mmap_readers = BIT(MUNMAP);
       mpc = M_CLEAR_PTES; INVARIANTS }
  :: d_step { mpc == M_CLEAR_PTES ->
       assert(vma_allocated); assert(!(SOME_HOLDS && mas_detach)); mpc = M_REMOVE; INVARIANTS }
  :: d_step { mpc == M_REMOVE ->
       assert(vma_allocated); if :: !FREE_ON_ZERO -> KMEM_CACHE_FREE :: else -> skip fi;
       mas_detach = false; mpc = M_READ_UNLOCK; INVARIANTS }
  :: d_step { mpc == M_READ_UNLOCK ->
       assert(mmap_readers & BIT(MUNMAP)); mmap_readers = mmap_readers & ~BIT(MUNMAP); mpc = M_DONE;
       INVARIANTS }
  :: d_step { mpc == M_REATTACH ->                                             /* reattach_vmas */
       if
       :: mas_detach -> assert(vma_allocated && WRITE_LOCKED && vm_refcnt == 0); vm_refcnt = 1
       :: else -> skip
       fi; mas_detach = false; mpc = M_GATHER_FAILED; INVARIANTS }
  :: d_step { mpc == M_GATHER_FAILED ->                                        /* mmap_write_unlock */
       assert(mm_lock_seq % 2 == 1); mm_lock_seq++; mmap_writer = false; mpc = M_DONE; INVARIANTS }
  od
}
