// Enumerates the nondeterministic choices of one step (action parameters, `either`, `choose`,
// initial values `in S`) by re-running the step once per path, like an odometer: each run takes
// recorded choices for the prefix and 0 for new choice points; `advance` moves to the next path.
// No closures and no allocation per run: choices live in preallocated typed arrays.

import type { ChoicePoints } from "../model/generated.js";

const MAX_CHOICES = 256;

export class Choices implements ChoicePoints {
  private readonly values = new Int32Array(MAX_CHOICES);
  private readonly counts = new Int32Array(MAX_CHOICES);
  /** Choice points recorded on the current path. */
  private recorded = 0;
  /** Choice points met so far in the current run. */
  private position = 0;
  /** Values shown in the transition label (action parameters, chosen elements, branch numbers). */
  readonly shown: number[] = [];

  /** Starts enumerating the paths of a new step. */
  begin(): void {
    this.recorded = 0;
    this.position = 0;
    this.clearShown();
  }

  /**
   * Empties `shown`, keeping its storage: setting the length to 0 makes V8 drop the array's
   * storage, so the next push allocated a new one (a fifth of a seed spec's garbage).
   */
  private clearShown(): void {
    const shown = this.shown;
    while (shown.length > 0) shown.pop();
  }

  /** Starts the next run of the same step. */
  rerun(): void {
    this.position = 0;
    this.clearShown();
  }

  /** The branch taken at this choice point among `n` options; -1 when there are none (no successor). */
  pick(n: number): number {
    const p = this.position++;
    if (p >= MAX_CHOICES) throw new Error(`a step makes more than ${MAX_CHOICES} nondeterministic choices`);
    if (p < this.recorded) {
      this.counts[p] = n;
      return n > 0 ? this.values[p] : -1;
    }
    this.values[p] = 0;
    this.counts[p] = n;
    this.recorded = p + 1;
    return n > 0 ? 0 : -1;
  }

  /** Runs of each `either` branch since the model was built (coverage). */
  branchHits = new Uint32Array(0);
  /** Source line of the last `await` that disabled a path. */
  blockedLine = 0;
  /** Its file (absent in state machines generated before awaits named their file). */
  blockedFile: string | undefined = undefined;

  /** Counts a run of an `either` branch. */
  branch(id: number): void {
    this.branchHits[id]++;
  }

  /** Records which `await` disabled the path; returns 0, the step's "no successor". */
  blocked(line: number, file?: string): number {
    this.blockedLine = line;
    this.blockedFile = file;
    return 0;
  }

  /** Records a value for the transition's label. */
  show(v: number): void {
    this.shown.push(v);
  }

  /** Moves to the next unexplored path; false when every path has been run. */
  advance(): boolean {
    let r = this.position < this.recorded ? this.position : this.recorded;
    while (r > 0) {
      const i = r - 1;
      if (this.values[i] + 1 < this.counts[i]) {
        this.values[i]++;
        this.recorded = i + 1;
        return true;
      }
      r--;
    }
    this.recorded = 0;
    return false;
  }
}
