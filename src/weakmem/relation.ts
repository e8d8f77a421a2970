// Binary relations over the events of one execution graph, as bit matrices: the algebra the
// kernel memory model's cat file is written in (`;` composition, `|` union, `&` intersection,
// `^-1` inverse, `*` and `+` closures, `acyclic`, `irreflexive`, `empty`). An execution of a
// litmus test has tens of events, so each row is a few 32-bit words and a whole consistency check
// costs microseconds. Event sets are rows of the same width (`EventSet`).

/** A set of events: bit i of word i >>> 5 is event i. */
export type EventSet = Uint32Array;

/** The number of 32-bit words per row for `n` events. */
export function wordsFor(n: number): number {
  return Math.max(1, (n + 31) >>> 5);
}

/** An empty set of events for `n` events. */
export function emptySet(n: number): EventSet {
  return new Uint32Array(wordsFor(n));
}

/** Whether event `i` is in `s`. */
export function inSet(s: EventSet, i: number): boolean {
  return (s[i >>> 5] & (1 << (i & 31))) !== 0;
}

/** Adds event `i` to `s`. */
export function addToSet(s: EventSet, i: number): void {
  s[i >>> 5] |= 1 << (i & 31);
}

/** Removes event `i` from `s`. */
export function removeFromSet(s: EventSet, i: number): void {
  s[i >>> 5] &= ~(1 << (i & 31));
}

/** A relation over `n` events: row i holds the events j with i → j. Operations return new relations. */
export class Relation {
  readonly words: number;
  readonly bits: Uint32Array;

  constructor(
    readonly n: number,
    bits?: Uint32Array,
  ) {
    this.words = wordsFor(n);
    this.bits = bits ?? new Uint32Array(n * this.words);
  }

  has(i: number, j: number): boolean {
    return (this.bits[i * this.words + (j >>> 5)] & (1 << (j & 31))) !== 0;
  }

  add(i: number, j: number): void {
    this.bits[i * this.words + (j >>> 5)] |= 1 << (j & 31);
  }

  /** The identity on `s` (the cat file's `[S]`). */
  static identity(n: number, s: EventSet): Relation {
    const r = new Relation(n);
    for (let i = 0; i < n; i++) if (inSet(s, i)) r.add(i, i);
    return r;
  }

  /** `s × t`. */
  static product(n: number, s: EventSet, t: EventSet): Relation {
    const r = new Relation(n);
    for (let i = 0; i < n; i++) if (inSet(s, i)) r.bits.set(t, i * r.words);
    return r;
  }

  union(...others: Relation[]): Relation {
    const out = this.bits.slice();
    for (const o of others) for (let k = 0; k < out.length; k++) out[k] |= o.bits[k];
    return new Relation(this.n, out);
  }

  inter(o: Relation): Relation {
    const out = this.bits.slice();
    for (let k = 0; k < out.length; k++) out[k] &= o.bits[k];
    return new Relation(this.n, out);
  }

  minus(o: Relation): Relation {
    const out = this.bits.slice();
    for (let k = 0; k < out.length; k++) out[k] &= ~o.bits[k];
    return new Relation(this.n, out);
  }

  /** `this ; o`. */
  then(o: Relation): Relation {
    const w = this.words;
    const a = this.bits;
    const b = o.bits;
    const out = new Uint32Array(a.length);
    for (let i = 0; i < this.n; i++)
      for (let kw = 0; kw < w; kw++) {
        let word = a[i * w + kw];
        while (word !== 0) {
          const bit = 31 - Math.clz32(word & -word);
          word &= word - 1;
          const j = (kw << 5) + bit;
          for (let k = 0; k < w; k++) out[i * w + k] |= b[j * w + k];
        }
      }
    return new Relation(this.n, out);
  }

  /** `[s] ; this`. */
  from(s: EventSet): Relation {
    const out = this.bits.slice();
    for (let i = 0; i < this.n; i++) if (!inSet(s, i)) out.fill(0, i * this.words, (i + 1) * this.words);
    return new Relation(this.n, out);
  }

  /** `this ; [s]`. */
  to(s: EventSet): Relation {
    const out = this.bits.slice();
    for (let i = 0; i < this.n; i++) for (let k = 0; k < this.words; k++) out[i * this.words + k] &= s[k];
    return new Relation(this.n, out);
  }

  inverse(): Relation {
    const r = new Relation(this.n);
    for (let i = 0; i < this.n; i++) for (let j = 0; j < this.n; j++) if (this.has(i, j)) r.add(j, i);
    return r;
  }

  /** `this+` (Warshall over bit rows). */
  plus(): Relation {
    const w = this.words;
    const b = this.bits.slice();
    for (let k = 0; k < this.n; k++) {
      const bit = 1 << (k & 31);
      const word = k >>> 5;
      for (let i = 0; i < this.n; i++)
        if (b[i * w + word] & bit) for (let m = 0; m < w; m++) b[i * w + m] |= b[k * w + m];
    }
    return new Relation(this.n, b);
  }

  /** `this*` over all `n` events. */
  star(): Relation {
    return this.plus().orIdentity();
  }

  /** `this?`. */
  orIdentity(): Relation {
    const r = new Relation(this.n, this.bits.slice());
    for (let i = 0; i < this.n; i++) r.add(i, i);
    return r;
  }

  /** `this \ id`. */
  withoutIdentity(): Relation {
    const r = new Relation(this.n, this.bits.slice());
    for (let i = 0; i < this.n; i++) r.bits[i * this.words + (i >>> 5)] &= ~(1 << (i & 31));
    return r;
  }

  /** Whether some j has i → j. */
  relatesFrom(i: number): boolean {
    for (let k = 0; k < this.words; k++) if (this.bits[i * this.words + k] !== 0) return true;
    return false;
  }

  isEmpty(): boolean {
    return this.bits.every((x) => x === 0);
  }

  isIrreflexive(): boolean {
    for (let i = 0; i < this.n; i++) if (this.has(i, i)) return false;
    return true;
  }

  isAcyclic(): boolean {
    return this.plus().isIrreflexive();
  }

  equals(o: Relation): boolean {
    return this.bits.every((x, k) => x === o.bits[k]);
  }
}
