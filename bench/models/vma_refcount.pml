/* The VMA refcount lock of vma_refcount.vmaspec in Promela, for the speed benchmark against SPIN.
 * In: READERS, CYCLES and LOCK_OFFSET as -D options to spin (defaults: the acceptance spec's 2, 2, 8).
 * Out: a model with exactly the vmaspec spec's reachable states. Each vmaspec step is one d_step
 * guarded by its program counter, kept in a global variable (rpc, wpc) so that a finished process
 * stays in the state vector and the only Promela control location is the loop head (labelled end,
 * so a reader waiting forever there is a valid end state, as a finished process is in vmaspec).
 * The invariants are asserted at the end of every step, on the state the step produced, which is
 * where vmaspec checks them. Readers have pids 0..READERS-1 (declared first), the writer READERS. */

#ifndef READERS
#define READERS 2
#endif
#ifndef CYCLES
#define CYCLES 2
#endif
#ifndef LOCK_OFFSET
#define LOCK_OFFSET 8
#endif

byte refcnt = 1;      /* 0 detached, 1 attached, +1 per reader, +LOCK_OFFSET while write-locking */
byte mm_seq = 1;
byte vma_seq = 0;
bool in_tree = true;
bool freed = false;
byte rpc[READERS];    /* reader program counters: lookup get check read put finish done = 0..6 */
byte wpc = 0;         /* writer: enter wait modify unlock remove detach drain free done = 0..8 */
byte cycle = 0;

/* exists r: Reader[r] at read, for up to 10 readers (&& keeps the index in range) */
#define AT_READ(i) (i < READERS && rpc[i] == 3)
#define SOME_READING (AT_READ(0) || AT_READ(1) || AT_READ(2) || AT_READ(3) || AT_READ(4) || \
                      AT_READ(5) || AT_READ(6) || AT_READ(7) || AT_READ(8) || AT_READ(9))
#define INVARIANTS assert(!(wpc == 2 && SOME_READING)); assert(!freed || refcnt == 0)

active [READERS] proctype Reader() {
end:
  do
  :: d_step { rpc[_pid] == 0 ->
       if :: !in_tree -> rpc[_pid] = 5 :: else -> rpc[_pid] = 1 fi; INVARIANTS }
  :: d_step { rpc[_pid] == 1 ->
       if
       :: refcnt == 0 || refcnt >= LOCK_OFFSET - 1 -> rpc[_pid] = 0
       :: else -> refcnt++; rpc[_pid] = 2
       fi; INVARIANTS }
  :: d_step { rpc[_pid] == 2 ->
       if :: vma_seq == mm_seq -> refcnt--; rpc[_pid] = 0 :: else -> rpc[_pid] = 3 fi; INVARIANTS }
  :: d_step { rpc[_pid] == 3 -> assert(!freed); rpc[_pid] = 4; INVARIANTS }
  :: d_step { rpc[_pid] == 4 -> refcnt--; rpc[_pid] = 0; INVARIANTS }
  :: d_step { rpc[_pid] == 5 -> rpc[_pid] = 6; INVARIANTS }
  od
}

active proctype Writer() {
end:
  do
  :: d_step { wpc == 0 -> refcnt = refcnt + LOCK_OFFSET; wpc = 1; INVARIANTS }
  :: d_step { wpc == 1 && refcnt == LOCK_OFFSET + 1 ->
       vma_seq = mm_seq; refcnt = refcnt - LOCK_OFFSET; wpc = 2; INVARIANTS }
  :: d_step { wpc == 2 -> if :: cycle == CYCLES -> wpc = 4 :: else -> wpc = 3 fi; INVARIANTS }
  :: d_step { wpc == 3 -> cycle++; mm_seq++; wpc = 0; INVARIANTS }
  :: d_step { wpc == 4 -> in_tree = false; wpc = 5; INVARIANTS }
  :: d_step { wpc == 5 -> refcnt--; wpc = 6; INVARIANTS }
  :: d_step { wpc == 6 && refcnt == 0 -> wpc = 7; INVARIANTS }
  :: d_step { wpc == 7 -> freed = true; wpc = 8; INVARIANTS }
  od
}
