// A small, fast, seeded pseudo-random number generator for the simulator: sfc32 (Chris Doty-Humphrey's
// Small Fast Counting generator, 128 bits of state in four 32-bit words), seeded from one 32-bit
// seed through splitmix32. In: a seed. Out: uniform 32-bit words and uniform picks below n.
//
// Why not Math.random: a simulation must be reproducible from the seed it prints. Why sfc32: it
// passes PractRand to many terabytes, needs only 32-bit integer operations (fast in V8, no BigInt),
// and reseeding mutates the object in place, so a simulator can reseed it for every run without
// allocating. The seed of each run is derived from the base seed (runSeed), and run 0 uses the base
// seed itself, so the seed printed with a run's result, given back with `--runs 1`, replays that run.

/** Largest seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;

/** One step of splitmix32: a well-mixed 32-bit word from a 32-bit counter. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The seed of run `index` of a simulation with base seed `base` (run 0 uses `base` itself). */
export function runSeed(base: number, index: number): number {
  if (index === 0) return base >>> 0;
  return mix32((base ^ Math.imul(index, 0x632be5ab)) >>> 0);
}

/** The sfc32 generator. */
export class Sfc32 {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number) {
    this.reseed(seed);
  }

  /** Restarts the sequence from `seed` (an unsigned 32-bit integer), in place. */
  reseed(seed: number): void {
    let s = seed >>> 0;
    this.a = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.b = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.c = mix32(s);
    this.d = 1;
    // The first outputs of a fresh state are still close to its seed words: skip them.
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** A uniform unsigned 32-bit integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform integer in 0..n-1 for 1 <= n < 2^21 (multiply-shift: the bias is below n / 2^32). */
  below(n: number): number {
    return Math.floor((this.nextU32() * n) / 4294967296);
  }
}
