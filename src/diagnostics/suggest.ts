// "Did you mean ...?": the names close to a misspelled one. In: the name as written and the names
// that would have been accepted there. Out: the closest few, by edit distance (a swap of two
// neighbouring letters counts as one edit), or none when nothing is close enough to be a typo.

/** The candidates closest to `name` that could be a typo of it, best first (at most three). */
export function closestNames(name: string, candidates: Iterable<string>): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const scored: { name: string; d: number }[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (c === name || seen.has(c)) continue;
    seen.add(c);
    // A difference of case alone is always a typo (`True`, `NONE`); otherwise a one-letter name
    // is close to every other one-letter name, so it needs at least two letters to compare.
    const d = c.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, c, limit);
    if (d <= limit && (d === 0 || (d < name.length && d < c.length))) scored.push({ name: c, d });
  }
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  const best = scored.length ? scored[0].d : 0;
  return scored
    .filter((s) => s.d === best)
    .map((s) => s.name)
    .slice(0, 3);
}

/** "did you mean 'x'?" (or "'x' or 'y'?") for the closest candidates, or undefined. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const close = closestNames(name, candidates);
  if (!close.length) return undefined;
  return `did you mean ${orList(close.map((c) => `'${c}'`))}?`;
}

/** "a", "a or b", "a, b or c". */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/**
 * The optimal-string-alignment distance between a and b (insertions, deletions, substitutions and
 * swaps of adjacent letters), or limit + 1 once it is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}
