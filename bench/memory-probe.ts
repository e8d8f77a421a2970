// A probe of the machine's memory system, for reading the parallel figures. In: nothing (a size and
// a seed are fixed). Out: one JSON line: nanoseconds per random read of a 64 MiB array, reads
// independent of each other so that the processor may overlap as many as it can.
//
// Why: a large visited set is read at random, one cache miss a lookup, and a search spends most of
// its time there (bench/results.md). If two of these probes running at once each slow down by half,
// the machine serves random reads no faster with two cores than with one, and no number of worker
// threads can speed up that part of a search. run.ts runs it alone and then two at once.

const WORDS = 16 << 20; // 64 MiB: far beyond the caches
const READS = 1 << 24;
const PASSES = 4;

function probe(): number {
  const table = new Uint32Array(WORDS);
  for (let i = 0; i < WORDS; i++) table[i] = i;
  const at = new Uint32Array(READS);
  let x = 0x9e3779b9;
  for (let i = 0; i < READS; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    at[i] = (x >>> 0) % WORDS;
  }
  // One long timed pass, not the best of several: two probes started together must overlap for
  // the whole of what they time, or the figure would hide the very contention it looks for.
  let sum = 0;
  const start = performance.now();
  for (let rep = 0; rep < PASSES; rep++) for (let i = 0; i < READS; i++) sum += table[at[i]];
  const ns = ((performance.now() - start) * 1e6) / (PASSES * READS);
  if (sum === -1) process.stderr.write("unreachable\n"); // keeps the reads
  return ns;
}

process.stdout.write(JSON.stringify({ nsPerRead: probe() }) + "\n");
