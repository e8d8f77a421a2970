/* Peterson's filter lock of filter_lock.vmaspec in Promela, for the speed benchmark against SPIN.
 * In: N as a -D option to spin (default 3, at most 6). Out: a model with exactly the vmaspec spec's
 * reachable states. Each vmaspec step is one d_step guarded by the process's program counter,
 * kept with its level variable l in global arrays (pc, lv), so the only Promela control location
 * is the loop head (labelled end). victim[0] is unused and stays 0, as vmaspec's victim map has
 * no level 0. The invariant is asserted at the end of every step, on the state the step produced.
 * Process i has pid i. pc: set_level set_victim wait critical leave = 0..4. */

#ifndef N
#define N 3
#endif

byte level[N];
byte victim[N];
byte pc[N];
byte lv[N] = 1;

#define ME _pid
/* every other process is below my level (k < N keeps the index in range) */
#define BELOW(k) (k >= N || k == ME || level[k] < lv[ME])
#define ALONE (BELOW(0) && BELOW(1) && BELOW(2) && BELOW(3) && BELOW(4) && BELOW(5))
#define AT_CS(k) (k < N && pc[k] == 3)
#define INVARIANTS assert(AT_CS(0) + AT_CS(1) + AT_CS(2) + AT_CS(3) + AT_CS(4) + AT_CS(5) <= 1)

active [N] proctype P() {
end:
  do
  :: d_step { pc[ME] == 0 -> level[ME] = lv[ME]; pc[ME] = 1; INVARIANTS }
  :: d_step { pc[ME] == 1 -> victim[lv[ME]] = ME; pc[ME] = 2; INVARIANTS }
  :: d_step { pc[ME] == 2 && (victim[lv[ME]] != ME || ALONE) ->
       if :: lv[ME] < N - 1 -> lv[ME]++; pc[ME] = 0 :: else -> pc[ME] = 3 fi; INVARIANTS }
  :: d_step { pc[ME] == 3 -> pc[ME] = 4; INVARIANTS }
  :: d_step { pc[ME] == 4 -> level[ME] = 0; lv[ME] = 1; pc[ME] = 0; INVARIANTS }
  od
}
