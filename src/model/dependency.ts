// What partial-order reduction needs to know about a spec's steps: which slots each step of each
// process instance (and each action) may read and write, where control may go next, and which slots
// the properties observe. Computed at lowering (ir/dependency.ts) from the typed tree, emitted into
// the generated module, and read by the engines' ample-set search (engines/por/). Plain data only.
//
// Every set here over-approximates: a step may touch fewer slots than listed, never more, and
// `next` lists every program counter a step may go to (perhaps more). That is all the reduction's
// soundness needs from the analysis.

/** Half-open slot ranges as flat pairs: [from, to, from, to, ...]. */
export type SlotRanges = number[];

/** The slots one step (of one instance) or one action may read, and may write. */
export interface StepAccess {
  reads: SlotRanges;
  writes: SlotRanges;
}

/** One process (all its instances), in the order of GeneratedSpec.processes. */
export interface DependencyProcess {
  name: string;
  /** Step ids (indices into Model.steps) by program counter value. */
  stepIds: number[];
  /** The program counter value of a finished instance. */
  done: number;
  /** Each instance: its Transition.instance (the index value, -1 for a single process), the slot
   *  of its program counter, and what each of its steps touches, by program counter value. */
  instances: { instance: number; pcSlot: number; access: StepAccess[] }[];
  /** By program counter value: every program counter a step there may leave the instance at. */
  next: number[][];
}

/** The dependency facts of a spec. */
export interface DependencyShape {
  processes: DependencyProcess[];
  /** Each action: its step id and what it touches. */
  actions: { stepId: number; access: StepAccess }[];
  /** Slots an invariant, property or constraint reads: a step that writes one is visible. */
  observed: SlotRanges;
  /** Program counter values a property tests (`P at s`): a step that may leave or enter one is visible. */
  observedPcs: { pcSlot: number; pcs: number[] }[];
}
