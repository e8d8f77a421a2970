// A seeded generator of random, well-typed vmaspec specs for differential testing (fuzz.ts). In: a
// seed and the switches below. Out: the spec as a text tree (tree.ts), so that a mismatch can be
// shrunk. The specs favour the places where values cross from one type to a wider or shifted one —
// fn arguments and results, proc parameters and results, macro parameters by value and by
// reference, action parameters, choose/pick binders, record/map/set/sequence literals, set
// operations and `==` between different element ranges, quantifier domains — and cover processes
// (single, arrays, symmetric arrays), procs with call stacks, either/choose/await/goto, optionals,
// constraints, `init` blocks that read and write process locals (`in S` ones too), invariants
// and asserts. Types are tiny, so state spaces stay in the hundreds or thousands.

import { node, type Node } from "./tree.js";
import {
  BOOL,
  COLORS,
  domainText,
  int,
  isScalar,
  Rand,
  sameShape,
  scalarLiterals,
  size,
  typeText,
  type GType,
} from "./types.js";

/**
 * Switches that keep the generator away from constructs that hit a known open bug, so that CI stays
 * green until the fix is merged. Each names its issue; remove the switch with the fix.
 */
export interface KnownBugSwitches {
  /** Issue 12 part 1: set values crossing a `fn` boundary are not converted. No set-typed (or
   *  set-containing) fn parameters or results. */
  noSetsAcrossFns?: boolean;
  /** Issue 12 part 1b: `1 < (if (g > -1) then 2 else 3)` is misread by the TypeScript transpile.
   *  Comparisons are written with `>`/`>=` only. */
  noLessThan?: boolean;
  /** Issue 20: `init` blocks run before process locals are initialised. No `init` block in a spec
   *  with process locals (even one that does not mention them fails first where a local's
   *  initialiser should). */
  noLocalsInInit?: boolean;
  /** Finding F1 (notes/fuzz-findings.md): `if c then A else B` over sets of different element
   *  ranges, or sequences of different bounds, is not converted to the joined type. No `if`
   *  expressions of set- or sequence-containing types with branches of different types. */
  noCompoundIfs?: boolean;
  /** Finding F2: a sequence written into one of another element range keeps dead slots that fail
   *  the range check. Sequence elements are bool or enum only (types without ranges). */
  noSeqRanges?: boolean;
}

/** Every switch on (`npm run fuzz:semantics -- --avoid-known-bugs`): for comparing a build from
 *  before these bug classes were fixed. All of them are fixed; CI runs the full generator. */
export const AVOID_KNOWN_BUGS: KnownBugSwitches = {
  noSetsAcrossFns: true,
  noLessThan: true,
  noLocalsInInit: true,
  noCompoundIfs: true,
  noSeqRanges: true,
};

export interface GeneratedSpec {
  seed: number;
  tree: Node;
  /** Whether the spec declares a symmetric process array. */
  symmetric: boolean;
}

interface Entry {
  text: string;
  t: GType;
  writable: boolean;
  /** A global's initial value, when it is one literal. */
  init?: string;
}

interface FnSig {
  name: string;
  params: { name: string; t: GType }[];
  result: GType;
}
interface MacroSig {
  name: string;
  params: { name: string; t: GType; ref: boolean }[];
  result?: GType;
}
interface ProcSig {
  name: string;
  params: { name: string; t: GType }[];
  result?: GType;
  locals: { name: string; t: GType }[];
  steps: string[];
}
interface ProcessSig {
  name: string;
  index?: GType;
  symmetric: boolean;
  locals: { name: string; t: GType; initIn: boolean }[];
  steps: string[];
}

type Where = "const" | "inv" | "fn" | "step" | "action" | "init" | "macro" | "proc";

interface Cx {
  where: Where;
  entries: Entry[];
  /** The index type of the running process array, where `self` may be used. */
  self?: GType;
  /** Whether `current` may be used. */
  current: boolean;
  fns: FnSig[];
  macros: MacroSig[];
  /** The running process (steps) and proc (proc steps), for goto and calls. */
  process?: ProcessSig;
  proc?: ProcSig;
}

const MAX_DEPTH = 3;

/** Generates the spec of one seed. */
export function generateSpec(seed: number, switches: KnownBugSwitches = {}): GeneratedSpec {
  return new Generator(seed, switches).spec();
}

class Generator {
  private readonly r: Rand;
  private names = 0;
  private useEnum = false;
  private task?: GType;
  private symmetric = false;
  private globals: Entry[] = [];
  private fns: FnSig[] = [];
  private macros: MacroSig[] = [];
  private procs: ProcSig[] = [];
  private processes: ProcessSig[] = [];

  constructor(
    private readonly seed: number,
    private readonly sw: KnownBugSwitches,
  ) {
    this.r = new Rand(seed);
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.names++}`;
  }

  // ---------------------------------------------------------------------------------------------
  // Types

  private intType(): GType {
    const lo = this.r.weighted([
      [5, 0],
      [2, 1],
      [2, -1],
      [1, 2],
      [1, 4],
    ] as const);
    return int(lo, lo + this.r.int(0, 3));
  }

  private scalarType(): GType {
    return this.r.weighted<() => GType>([
      [3, () => BOOL],
      [6, () => this.intType()],
      [this.useEnum ? 2 : 0, () => ({ k: "enum" })],
      [this.task ? 1 : 0, () => this.task!],
    ])();
  }

  /** A small type for a state variable, a parameter or a result; `budget` caps its value count. */
  private type(budget = 64, depth = 0): GType {
    for (let attempt = 0; attempt < 10; attempt++) {
      const t = this.r.weighted<() => GType>([
        [8, () => this.scalarType()],
        [4, () => ({ k: "set", e: this.smallScalar() })],
        [2, () => ({ k: "seq", e: this.seqElem(), n: this.r.int(1, 2) })],
        [2, () => ({ k: "opt", e: this.smallScalar() })],
        [depth < 1 ? 2 : 0, () => this.recordType(depth)],
        [depth < 1 ? 2 : 0, () => this.mapType(depth)],
      ])();
      if (size(t) <= budget) return t;
    }
    return this.intType();
  }

  private seqElem(): GType {
    if (!this.sw.noSeqRanges) return this.smallScalar(2);
    return this.useEnum && this.r.chance(0.5) ? { k: "enum" } : BOOL;
  }

  private smallScalar(maxValues = 3): GType {
    for (;;) {
      const t = this.scalarType();
      if (size(t) <= maxValues) return t;
    }
  }

  private recordType(depth: number): GType {
    const n = this.r.int(1, 2);
    const fields = [];
    for (let i = 0; i < n; i++) fields.push({ name: this.fresh("f"), t: this.type(8, depth + 1) });
    return { k: "rec", fields };
  }

  private mapType(depth: number): GType {
    const key = this.r.weighted<() => GType>([
      [3, () => int(this.r.int(0, 1), 0 + this.r.int(1, 2))],
      [1, () => BOOL],
      [this.useEnum ? 1 : 0, () => ({ k: "enum" })],
    ])();
    return { k: "map", key, v: this.type(4, depth + 1) };
  }

  /** The same shape with other integer bounds: the crossing the spec is about. */
  private shifted(t: GType): GType {
    switch (t.k) {
      case "int": {
        const lo = t.lo + this.r.int(-2, 2);
        return int(lo, Math.max(lo, t.hi + this.r.int(-1, 3)));
      }
      case "set":
        return { k: "set", e: this.shiftedElem(t.e) };
      case "seq":
        return { k: "seq", e: this.shiftedElem(t.e), n: t.n };
      case "opt":
        return { k: "opt", e: this.shifted(t.e) };
      case "rec":
        return { k: "rec", fields: t.fields.map((f) => ({ name: f.name, t: this.shifted(f.t) })) };
      case "map":
        return { k: "map", key: t.key, v: this.shifted(t.v) };
      default:
        return t;
    }
  }

  /** A shifted set or sequence element type, kept small (a set is one bit mask of its universe). */
  private shiftedElem(t: GType): GType {
    if (t.k !== "int") return t;
    const lo = t.lo + this.r.int(-2, 2);
    return int(lo, lo + Math.min(4, Math.max(0, t.hi - t.lo + this.r.int(-1, 2))));
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  /** The readable (and writable) places of a context, fields and map entries included. */
  private places(cx: Cx): Entry[] {
    const out: Entry[] = [];
    const add = (e: Entry, depth: number) => {
      out.push(e);
      if (depth >= 2) return;
      if (e.t.k === "rec")
        for (const f of e.t.fields)
          add({ text: `${e.text}.${f.name}`, t: f.t, writable: e.writable }, depth + 1);
      if (e.t.k === "map") {
        const keys = scalarLiterals(e.t.key);
        add({ text: `${e.text}[${this.r.pick(keys)}]`, t: e.t.v, writable: e.writable }, depth + 1);
      }
    };
    for (const e of cx.entries) add(e, 0);
    return out;
  }

  private placesOf(cx: Cx, t: GType, writable = false): Entry[] {
    return this.places(cx).filter((e) => sameShape(e.t, t) && (!writable || e.writable));
  }

  /** An expression of a type of `t`'s shape; `bare` where `{}`, `[]` and `none` take the context's type. */
  private expr(t: GType, cx: Cx, d: number, bare = false): Node {
    const e = this.exprOf(t, cx, d, bare);
    return isScalar(t) || bare ? node([e], { simpler: node([this.literal(t, bare)]) }) : e;
  }

  private exprOf(t: GType, cx: Cx, d: number, bare: boolean): Node {
    const leaf = d >= MAX_DEPTH;
    const common: [number, () => Node][] = [];
    // Places of the same shape; for integers mostly ones whose values all fit.
    const places = this.placesOf(cx, t);
    const fitting = places.filter((e) => fits(e.t, t));
    if (fitting.length) common.push([6, () => node([this.r.pick(fitting).text])]);
    if (places.length) common.push([fitting.length ? 1 : 3, () => node([this.r.pick(places).text])]);
    if (!leaf) {
      common.push([this.sw.noCompoundIfs && containsSetOrSeq(t) ? 0 : 1, () => this.ite(t, cx, d)]);
      common.push([1, () => this.letExpr(t, cx, d)]);
      const fns = cx.fns.filter((f) => sameShape(f.result, t));
      if (fns.length) common.push([3, () => this.fnCall(this.r.pick(fns), cx, d)]);
      const macros = this.exprMacros(cx).filter(
        (m) => m.result && sameShape(m.result, t) && this.callable(m, cx),
      );
      if (macros.length) common.push([2, () => this.macroCall(this.r.pick(macros), cx, d)]);
    }
    const specific = this.specific(t, cx, d, bare, leaf);
    return this.r.weighted([...common, ...specific])();
  }

  private specific(t: GType, cx: Cx, d: number, bare: boolean, leaf: boolean): [number, () => Node][] {
    const lit: [number, () => Node] = [3, () => node([this.literal(t, bare)])];
    const sub = d + 1;
    switch (t.k) {
      case "bool":
        return [lit, ...(leaf ? [] : this.boolForms(cx, sub))];
      case "int":
        return [lit, ...this.intForms(t, cx, sub, leaf)];
      case "enum":
        return [lit, [leaf ? 0 : 1, () => node(["(pick ", this.fresh("v"), " in Color: true)"])]];
      case "task":
        return [
          lit,
          [cx.current ? 3 : 0, () => node(["current"])],
          [leaf ? 0 : 1, () => node(["(pick ", this.fresh("v"), " in task: true)"])],
        ];
      case "set":
        return [lit, ...this.setForms(t, cx, sub, leaf)];
      case "seq":
        return [lit, ...this.seqForms(t, cx, sub, leaf)];
      case "opt":
        return [lit, [2, () => node(["some(", this.expr(t.e, cx, sub), ")"])]];
      case "rec":
        return [
          [
            3,
            () =>
              node([
                "{ ",
                ...t.fields.flatMap((f, i) => [
                  i ? ", " : "",
                  `${f.name}: `,
                  this.paren(this.expr(f.t, cx, sub, bare)),
                ]),
                " }",
              ]),
          ],
        ];
      case "map": {
        const k = this.fresh("k");
        const inner: Cx = { ...cx, entries: [...cx.entries, { text: k, t: t.key, writable: false }] };
        return [
          [
            3,
            () =>
              node([`[${k} in ${domainText(t.key)} |-> `, this.paren(this.expr(t.v, inner, sub, bare)), "]"]),
          ],
        ];
      }
    }
  }

  private paren(n: Node): Node {
    return node(["(", n, ")"]);
  }

  private boolForms(cx: Cx, d: number): [number, () => Node][] {
    const forms: [number, () => Node][] = [
      [2, () => node(["!", this.paren(this.expr(BOOL, cx, d))])],
      [
        3,
        () =>
          node([
            this.paren(this.expr(BOOL, cx, d)),
            this.r.pick([" && ", " || ", " => "]),
            this.paren(this.expr(BOOL, cx, d)),
          ]),
      ],
      [4, () => this.compare(cx, d)],
      [4, () => this.equality(cx, d)],
      [3, () => this.membership(cx, d)],
      [2, () => this.quantifier(cx, d)],
      [1, () => this.foldCompare(cx, d)],
    ];
    const ats = cx.where === "const" || cx.where === "fn" ? [] : this.atTargets(cx);
    if (ats.length) forms.push([2, () => node([this.r.pick(ats)])]);
    return forms;
  }

  private compare(cx: Cx, d: number): Node {
    const a = this.paren(this.expr(this.intType(), cx, d));
    const b = this.paren(this.expr(this.intType(), cx, d));
    const op = this.sw.noLessThan
      ? this.r.pick([" > ", " >= "])
      : this.r.pick([" < ", " <= ", " > ", " >= "]);
    return node([a, op, b]);
  }

  /** `==`/`!=` between two values of one shape and (often) different bounds. */
  private equality(cx: Cx, d: number): Node {
    const t = this.type(16);
    const u = this.r.chance(0.6) ? this.shifted(t) : t;
    return node([
      this.paren(this.expr(t, cx, d)),
      this.r.pick([" == ", " != "]),
      this.paren(this.expr(u, cx, d)),
    ]);
  }

  private membership(cx: Cx, d: number): Node {
    const e = this.smallScalar(5);
    const s: GType = { k: "set", e: this.shiftedElem(e) };
    return node([this.paren(this.expr(e, cx, d)), " in ", this.paren(this.expr(s, cx, d))]);
  }

  private quantifier(cx: Cx, d: number): Node {
    const [binders, inner] = this.binders(cx, d, this.r.int(1, 2));
    return node([this.r.pick(["forall ", "exists "]), binders, ": ", this.paren(this.expr(BOOL, inner, d))]);
  }

  /** A fold compared with an integer: `(sum v in S: e) > i` or `(count v in S: p) <= i`. */
  private foldCompare(cx: Cx, d: number): Node {
    const [binders, inner] = this.binders(cx, d, this.r.int(1, 2));
    const fold = this.r.weighted<() => Node>([
      [5, () => node(["sum ", binders, ": ", this.paren(this.expr(this.intType(), inner, d))])],
      [5, () => node(["count ", binders, ": ", this.paren(this.expr(BOOL, inner, d))])],
      [2, () => this.subsetCount(cx, d)],
      [2, () => this.generalFold(cx, d)],
    ])();
    const op = this.sw.noLessThan
      ? this.r.pick([" > ", " >= "])
      : this.r.pick([" < ", " <= ", " > ", " >= "]);
    return node([this.paren(fold), op, this.paren(this.expr(this.intType(), cx, d))]);
  }

  /** `count v in subsets(S): p`: a powerset as a domain, v a set. */
  private subsetCount(cx: Cx, d: number): Node {
    const v = this.fresh("v");
    const e = this.smallScalar(3);
    const inner: Cx = { ...cx, entries: [...cx.entries, { text: v, t: { k: "set", e }, writable: false }] };
    return node(["count ", v, " in subsets(", domainText(e), "): ", this.paren(this.expr(BOOL, inner, d))]);
  }

  /** `fold a: 0..9 = 0, v in S: (if p then min(9, a + 1) else a)`: a general fold over a domain. */
  private generalFold(cx: Cx, d: number): Node {
    const a = this.fresh("a");
    const [v, dom, e] = this.binder(cx, d);
    const inner: Cx = {
      ...cx,
      entries: [
        ...cx.entries,
        { text: a, t: int(0, 9), writable: false },
        { text: v, t: e, writable: false },
      ],
    };
    const p = this.paren(this.expr(BOOL, inner, d));
    return node([
      "fold ",
      a,
      ": 0..9 = 0, ",
      v,
      " in ",
      dom,
      ": (if ",
      p,
      ` then min(9, ${a} + 1) else ${a})`,
    ]);
  }

  /** `v in S, w in T`: domains that are types, ranges or set values; the body sees the binders. */
  private binders(cx: Cx, d: number, n: number): [Node, Cx] {
    const parts: (string | Node)[] = [];
    let inner = cx;
    for (let i = 0; i < n; i++) {
      const [v, dom, e] = this.binder(inner, d);
      parts.push(i ? ", " : "", `${v} in `, dom);
      inner = { ...inner, entries: [...inner.entries, { text: v, t: e, writable: false }] };
    }
    return [node(parts), inner];
  }

  private binder(cx: Cx, d: number): [string, Node, GType] {
    const v = this.fresh("v");
    const e = this.smallScalar(4);
    const dom = this.r.weighted<() => Node>([
      [4, () => node([domainText(e)])],
      [3, () => this.paren(this.expr({ k: "set", e }, cx, d))],
      [
        e.k === "int" ? 1 : 0,
        () => node([this.paren(this.expr(e, cx, MAX_DEPTH)), "..", this.paren(this.expr(e, cx, MAX_DEPTH))]),
      ],
    ])();
    return [v, dom, e];
  }

  private intForms(
    t: Extract<GType, { k: "int" }>,
    cx: Cx,
    d: number,
    leaf: boolean,
  ): [number, () => Node][] {
    const w = t.hi - t.lo + 1;
    const lo = t.lo < 0 ? `(${t.lo})` : `${t.lo}`;
    /** `lo + (e % w)`: any integer brought into lo..hi (`%` takes the divisor's sign). */
    const wrap = (e: Node) => node(["(", lo, " + ((", e, ") % ", `${w}`, "))"]);
    const anyInt = (dd: number) => this.expr(this.intType(), cx, dd);
    const forms: [number, () => Node][] = [];
    const places = this.places(cx).filter((e) => e.t.k === "int");
    if (places.length) forms.push([3, () => wrap(node([this.r.pick(places).text]))]);
    if (cx.self?.k === "int") forms.push([2, () => node(["self"])]);
    const sized = this.places(cx).filter((e) => e.t.k === "set" || e.t.k === "seq");
    if (sized.length)
      forms.push([
        1,
        () => {
          const s = this.r.pick(sized);
          return node([s.t.k === "set" ? "card(" : "len(", s.text, ")"]);
        },
      ]);
    if (leaf) return forms;
    forms.push(
      [
        4,
        () => wrap(node([this.paren(anyInt(d)), this.r.pick([" + ", " - ", " * "]), this.paren(anyInt(d))])),
      ],
      [1, () => node([this.paren(anyInt(d)), this.r.pick([" + ", " - "]), this.paren(anyInt(d))])],
      [
        1,
        () =>
          node([
            this.paren(anyInt(d)),
            this.r.pick([" / ", " % "]),
            this.r.chance(0.9) ? `${this.r.int(1, 3)}` : this.paren(anyInt(d)),
          ]),
      ],
      [1, () => node(["-", this.paren(this.expr(int(-t.hi, -t.lo), cx, d))])],
      [1, () => node([this.r.pick(["min(", "max("]), this.expr(t, cx, d), ", ", this.expr(t, cx, d), ")"])],
      [
        1,
        () => {
          const v = this.fresh("v");
          const inner: Cx = { ...cx, entries: [...cx.entries, { text: v, t, writable: false }] };
          return node([
            `(pick ${v} in ${lo}..${t.hi}: (`,
            this.expr(BOOL, inner, d),
            `) || ${v} == ${t.hi})`,
          ]);
        },
      ],
      [
        1,
        () => {
          const o = this.paren(this.expr({ k: "opt", e: t }, cx, d));
          return node(["(if ", o, " != none then the(", o, ") else ", this.literal(t), ")"]);
        },
      ],
      [
        1,
        () => {
          const s = this.paren(this.expr({ k: "set", e: this.shiftedElem(t) }, cx, d));
          return node([
            "(if card(",
            s,
            ") > 0 then ",
            this.r.pick(["min(", "max("]),
            s,
            ") else ",
            this.literal(t),
            ")",
          ]);
        },
      ],
      [
        1,
        () => {
          const s = this.paren(this.expr({ k: "seq", e: this.sw.noSeqRanges ? BOOL : t, n: 2 }, cx, d));
          if (this.sw.noSeqRanges)
            return node([
              "(if len(",
              s,
              ") > 0 && head(",
              s,
              ") then ",
              this.literal(t),
              " else ",
              this.literal(t),
              ")",
            ]);
          return node(["(if len(", s, ") > 0 then head(", s, ") else ", this.literal(t), ")"]);
        },
      ],
    );
    return forms;
  }

  private setForms(
    t: Extract<GType, { k: "set" }>,
    cx: Cx,
    d: number,
    leaf: boolean,
  ): [number, () => Node][] {
    const e = t.e;
    const forms: [number, () => Node][] = [
      [
        2,
        () => {
          const n = this.r.int(1, 3);
          const elems: (string | Node)[] = [];
          for (let i = 0; i < n; i++)
            elems.push(i ? ", " : "", this.paren(this.expr(e, cx, leaf ? MAX_DEPTH : d)));
          return node(["{", ...elems, "}"]);
        },
      ],
    ];
    if (e.k !== "int") forms.push([1, () => node([domainText(e)])]);
    if (leaf) return forms;
    const other = (): GType => ({ k: "set", e: this.shiftedElem(e) });
    forms.push(
      [
        3,
        () =>
          node([
            this.paren(this.expr(t, cx, d)),
            this.r.pick([" union ", " intersect ", " minus "]),
            this.paren(this.expr(other(), cx, d)),
          ]),
      ],
      [
        2,
        () => {
          const v = this.fresh("v");
          const dom = this.paren(this.expr(other(), cx, d));
          const inner: Cx = { ...cx, entries: [...cx.entries, { text: v, t: e, writable: false }] };
          return node(["{", v, " in ", dom, ": ", this.paren(this.expr(BOOL, inner, d)), "}"]);
        },
      ],
      [
        1,
        () => {
          const v = this.fresh("v");
          const src = this.smallScalar(4);
          const inner: Cx = { ...cx, entries: [...cx.entries, { text: v, t: src, writable: false }] };
          const body =
            sameShape(src, e) && e.k === "int" && this.r.chance(0.5)
              ? node([v, " + ", `${this.r.int(0, 1)}`])
              : this.expr(e, inner, MAX_DEPTH);
          return node([
            "{",
            this.paren(body),
            " : ",
            v,
            " in ",
            this.paren(this.expr({ k: "set", e: src }, cx, d)),
            "}",
          ]);
        },
      ],
    );
    if (e.k === "int")
      forms.push([
        2,
        () => node([this.paren(this.expr(e, cx, MAX_DEPTH)), "..", this.paren(this.expr(e, cx, MAX_DEPTH))]),
      ]);
    return forms;
  }

  private seqForms(
    t: Extract<GType, { k: "seq" }>,
    cx: Cx,
    d: number,
    leaf: boolean,
  ): [number, () => Node][] {
    const forms: [number, () => Node][] = [
      [2, () => node(["[", this.paren(this.expr(t.e, cx, leaf ? MAX_DEPTH : d)), "]"])],
    ];
    if (leaf || this.sw.noCompoundIfs) return forms;
    forms.push(
      [
        2,
        () => {
          const s = this.paren(this.expr(t, cx, d));
          return node([
            "(if len(",
            s,
            `) < ${t.n} then append(`,
            s,
            ", ",
            this.expr(t.e, cx, d),
            ") else ",
            s,
            ")",
          ]);
        },
      ],
      [
        1,
        () => {
          const s = this.paren(this.expr(t, cx, d));
          return node(["(if len(", s, ") > 0 then tail(", s, ") else ", s, ")"]);
        },
      ],
    );
    return forms;
  }

  private ite(t: GType, cx: Cx, d: number): Node {
    return node([
      "(if ",
      this.paren(this.expr(BOOL, cx, d + 1)),
      " then ",
      this.paren(this.expr(t, cx, d + 1)),
      " else ",
      this.paren(this.expr(this.shifted(t), cx, d + 1)),
      ")",
    ]);
  }

  private letExpr(t: GType, cx: Cx, d: number): Node {
    const v = this.fresh("v");
    const u = this.type(16);
    const inner: Cx = { ...cx, entries: [...cx.entries, { text: v, t: u, writable: false }] };
    return node([
      "(let ",
      v,
      " = ",
      this.paren(this.expr(u, cx, d + 1)),
      " in ",
      this.paren(this.expr(t, inner, d + 1)),
      ")",
    ]);
  }

  private fnCall(f: FnSig, cx: Cx, d: number): Node {
    const args = f.params.flatMap((p, i) => [i ? ", " : "", this.expr(this.shifted(p.t), cx, d + 1, true)]);
    return node([f.name, "(", ...args, ")"]);
  }

  /** Macros callable in an expression here (their effects happen where they are called). */
  private exprMacros(cx: Cx): MacroSig[] {
    return cx.where === "step" || cx.where === "action" || cx.where === "proc" || cx.where === "macro"
      ? cx.macros
      : [];
  }

  /** Whether every by-reference parameter of `m` has a writable place of its shape here. */
  private callable(m: MacroSig, cx: Cx): boolean {
    return m.params.every((p) => !p.ref || this.placesOf(cx, p.t, true).length > 0);
  }

  private macroCall(m: MacroSig, cx: Cx, d: number): Node {
    const args: (string | Node)[] = [];
    m.params.forEach((p, i) => {
      args.push(i ? ", " : "");
      if (p.ref) {
        const locs = this.placesOf(cx, p.t, true);
        args.push(locs.length ? this.r.pick(locs).text : this.literal(p.t));
      } else args.push(this.expr(this.shifted(p.t), cx, d + 1, true));
    });
    return node([m.name, "(", ...args, ")"]);
  }

  /** `P at s` forms over the spec's processes (none for the symmetric array outside its own steps). */
  private atTargets(cx: Cx): string[] {
    const out: string[] = [];
    for (const p of this.processes) {
      if (p.symmetric) continue;
      const steps = [...p.steps, "done"];
      if (!p.index) out.push(`${p.name} at ${this.r.pick(steps)}`);
      else out.push(`${p.name}[${this.r.pick(scalarLiterals(p.index))}] at ${this.r.pick(steps)}`);
    }
    if (cx.process && cx.self && !cx.process.symmetric)
      out.push(`${cx.process.name}[self] at ${this.r.pick(cx.process.steps)}`);
    return out;
  }

  /** A literal of the type; `{}`, `[]` and `none` only where the context gives their type. */
  private literal(t: GType, bare = false): string {
    switch (t.k) {
      case "enum": {
        // Enum members are scoped per enum: `Color.red` names the same member as `red`.
        const member = this.r.pick(scalarLiterals(t));
        return this.r.chance(0.3) ? `Color.${member}` : member;
      }
      case "bool":
      case "int":
      case "task":
        return this.r.pick(scalarLiterals(t));
      case "set": {
        const all = scalarLiterals(t.e);
        const some = all.filter(() => this.r.chance(0.4));
        if (some.length === 0 && !bare) some.push(this.r.pick(all));
        return `{${some.join(", ")}}`;
      }
      case "seq": {
        const n = this.r.int(bare ? 0 : 1, t.n);
        const xs: string[] = [];
        for (let i = 0; i < n; i++) xs.push(this.literal(t.e));
        return `[${xs.join(", ")}]`;
      }
      case "opt":
        return bare && this.r.chance(0.4) ? "none" : `some(${this.literal(t.e)})`;
      case "rec":
        return `{ ${t.fields.map((f) => `${f.name}: ${this.literal(f.t, bare)}`).join(", ")} }`;
      case "map":
        return `[${this.fresh("k")} in ${domainText(t.key)} |-> ${this.literal(t.v, bare)}]`;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Statements

  /** A block of statements; a `let` scopes over the rest. `terminal` may add a goto/call/return. */
  private block(cx: Cx, n: number, d: number, terminal?: (cx: Cx) => Node | undefined): Node {
    const items: (string | Node)[] = [];
    let c = cx;
    for (let i = 0; i < n; i++) {
      if (this.r.chance(0.15) && d < 2) {
        const v = this.fresh("v");
        const t = this.type(16);
        items.push(node(["let ", v, " = ", this.expr(t, c, d + 1), "; "], { droppable: true }));
        c = { ...c, entries: [...c.entries, { text: v, t, writable: false }] };
      } else items.push(node([this.stmt(c, d), "; "], { droppable: true }));
    }
    const end = terminal?.(c);
    if (end) items.push(node([end, "; "], { droppable: true }));
    return node(items);
  }

  /** A write that changes the place within its type: how state spaces get more than a few states. */
  private mutate(w: Entry, cx: Cx): Node {
    const t = w.t;
    switch (t.k) {
      case "bool":
        return node([w.text, " = !", w.text]);
      case "int": {
        const n = t.hi - t.lo + 1;
        const lo = t.lo < 0 ? `(${t.lo})` : `${t.lo}`;
        return node([w.text, ` = ${lo} + ((${w.text} - ${lo} + ${this.r.int(1, 2)}) % ${n})`]);
      }
      case "set":
        return node([w.text, " = ", w.text, this.r.pick([" union {", " minus {"]), this.literal(t.e), "}"]);
      case "seq":
        return this.r.chance(0.5)
          ? node([
              `if len(${w.text}) < ${t.n} { ${w.text} = append(${w.text}, `,
              this.expr(t.e, cx, 2),
              ") }",
            ])
          : node([`if len(${w.text}) > 0 { ${w.text} = tail(${w.text}) }`]);
      case "opt":
        return node([
          w.text,
          " = ",
          this.r.chance(0.3) ? "none" : node(["some(", this.expr(t.e, cx, 2), ")"]),
        ]);
      default:
        return node([w.text, " = ", this.expr(t, cx, 1, true)]);
    }
  }

  private stmt(cx: Cx, d: number): Node {
    const writable = this.places(cx).filter((e) => e.writable);
    const sub = d + 1;
    const deep = d >= 2;
    const noAwait = cx.where === "init";
    const counters = cx.where === "init" ? [] : writable.filter((w) => w.t.k === "int" && w.t.lo >= 0);
    const stmtMacros = cx.where === "init" ? [] : cx.macros.filter((m) => !m.result && this.callable(m, cx));
    return this.r.weighted<() => Node>([
      [writable.length ? 16 : 0, () => this.mutate(this.r.pick(writable), cx)],
      [
        writable.length ? 4 : 0,
        () => {
          const w = this.r.pick(writable);
          if (w.t.k === "int" && this.r.chance(0.15)) return node([w.text, this.r.pick([" += 1", " -= 1"])]);
          const t = this.r.chance(0.15) ? this.shifted(w.t) : w.t;
          return node([w.text, " = ", this.expr(t, cx, 1, true)]);
        },
      ],
      [noAwait ? 0 : 1, () => node(["await ", this.condition(cx)])],
      [1, () => node(["assert ", this.condition(cx), ` : "a${this.names++}"`])],
      [
        deep ? 0 : 2,
        () =>
          node([
            "if ",
            this.expr(BOOL, cx, 1),
            " { ",
            this.block(cx, this.r.int(1, 2), sub),
            "} else { ",
            this.block(cx, this.r.int(0, 1), sub),
            "}",
          ]),
      ],
      [
        deep ? 0 : 2,
        () => {
          const n = this.r.int(2, 3);
          const parts: (string | Node)[] = ["either { "];
          for (let i = 0; i < n; i++) parts.push(i ? "} or { " : "", this.block(cx, this.r.int(1, 2), sub));
          return node([...parts, "}"]);
        },
      ],
      [
        deep ? 0 : 2,
        () => {
          const [v, dom, e] = this.binder(cx, 1);
          const inner: Cx = { ...cx, entries: [...cx.entries, { text: v, t: e, writable: false }] };
          return node(["choose ", v, " in ", dom, " { ", this.block(inner, this.r.int(1, 2), sub), "}"]);
        },
      ],
      [stmtMacros.length ? 2 : 0, () => this.macroCall(this.r.pick(stmtMacros), cx, 1)],
      [
        counters.length ? 1 : 0,
        () => {
          // A loop that ends: it counts a place up to a bound within its type.
          const w = this.r.pick(counters);
          const t = w.t as Extract<GType, { k: "int" }>;
          const bound = this.r.int(t.lo, t.hi);
          const cond = this.sw.noLessThan ? `${bound} > ${w.text}` : `${w.text} < ${bound}`;
          return node([
            `while ${cond} { ${w.text} = ${w.text} + 1; `,
            this.block(cx, this.r.int(0, 1), 2),
            "}",
          ]);
        },
      ],
    ])();
  }

  // ---------------------------------------------------------------------------------------------
  // Declarations

  spec(): GeneratedSpec {
    const r = this.r;
    const decls: Node[] = [];
    this.useEnum = r.chance(0.35);
    this.symmetric = r.chance(0.15);

    // Process signatures first: `task` and `P at s` depend on them.
    const nProcesses = r.weighted([
      [2, 0],
      [4, 1],
      [2, 2],
    ] as const);
    for (let i = 0; i < nProcesses; i++) {
      const array = (this.symmetric && i === 0) || r.chance(0.45);
      const symmetric = this.symmetric && i === 0;
      const index = symmetric ? int(7, 7 + r.int(1, 2)) : array ? int(1, r.int(1, 2) + 1) : undefined;
      const steps: string[] = [];
      for (let s = 0, n = r.int(1, 3); s < n; s++) steps.push(this.fresh("s"));
      this.processes.push({ name: this.fresh(array ? "Q" : "P"), index, symmetric, locals: [], steps });
    }
    if (this.symmetric && !this.processes.some((p) => p.symmetric)) this.symmetric = false;
    const members = this.processes.flatMap((p) =>
      p.index ? scalarLiterals(p.index).map((i) => `${p.name}[${i}]`) : [p.name],
    );
    if (members.length && !this.symmetric && r.chance(0.5)) this.task = { k: "task", members };
    if (this.useEnum)
      decls.push(node(["type Color = enum { ", COLORS.join(", "), " }\n"], { droppable: true }));

    // Globals.
    for (let i = 0, n = r.int(2, 5); i < n; i++) {
      const t = this.type(i === 0 ? 16 : 36);
      const name = this.fresh("g");
      const init = this.initialiser(t, this.constCx());
      decls.push(node(["var ", name, ": ", typeText(t), init.node, "\n"], { droppable: true }));
      this.globals.push({ text: name, t, writable: true, init: init.literal });
    }
    // Process locals (their signatures; every context may read them).
    for (const p of this.processes)
      for (let i = 0, n = r.int(0, 2); i < n; i++) {
        const t = this.type(12);
        p.locals.push({ name: this.fresh("l"), t, initIn: isScalar(t) && r.chance(0.3) });
      }

    // Fns, each may call the ones before it.
    for (
      let i = 0,
        n = r.weighted([
          [3, 0],
          [3, 1],
          [1, 2],
        ] as const);
      i < n;
      i++
    ) {
      const f: FnSig = { name: this.fresh("fn"), params: [], result: this.fnType() };
      for (let j = 0, m = r.int(1, 2); j < m; j++) f.params.push({ name: this.fresh("a"), t: this.fnType() });
      const cx: Cx = {
        ...this.baseCx("fn"),
        entries: [
          ...this.globals.map((g) => ({ ...g, writable: false })),
          ...f.params.map((p) => ({ text: p.name, t: p.t, writable: false })),
        ],
      };
      const body = this.expr(f.result, cx, 0, true);
      decls.push(
        node(
          [
            `fn ${f.name}(${f.params.map((p) => `${p.name}: ${typeText(p.t)}`).join(", ")}): ${typeText(f.result)} = `,
            body,
            "\n",
          ],
          { droppable: true },
        ),
      );
      this.fns.push(f);
    }

    // Macros, each may call the ones before it.
    for (
      let i = 0,
        n = r.weighted([
          [3, 0],
          [3, 1],
          [1, 2],
        ] as const);
      i < n;
      i++
    ) {
      const m: MacroSig = {
        name: this.fresh("m"),
        params: [],
        result: r.chance(0.4) ? this.type(16) : undefined,
      };
      for (let j = 0, k = r.int(0, 2); j < k; j++)
        m.params.push({ name: this.fresh("a"), t: this.type(16), ref: r.chance(0.5) });
      const cx: Cx = {
        ...this.baseCx("macro"),
        entries: [...this.globals, ...m.params.map((p) => ({ text: p.name, t: p.t, writable: p.ref }))],
      };
      const ret = m.result ? node(["return ", this.expr(m.result, cx, 1, true), "; "]) : "";
      decls.push(
        node(
          [
            `macro ${m.name}(${m.params.map((p) => `${p.name}: ${typeText(p.t)}`).join(", ")})${m.result ? `: ${typeText(m.result)}` : ""} { `,
            this.block(cx, r.int(1, 2), 1),
            ret,
            "}\n",
          ],
          {
            droppable: true,
          },
        ),
      );
      this.macros.push(m);
    }

    // Procs (only with processes to call them); each may call the ones after it.
    const nProcs = this.processes.length
      ? r.weighted([
          [3, 0],
          [3, 1],
          [2, 2],
        ] as const)
      : 0;
    for (let i = 0; i < nProcs; i++) {
      const p: ProcSig = {
        name: this.fresh("p"),
        params: [],
        locals: [],
        steps: [],
        result: r.chance(0.4) ? this.type(16) : undefined,
      };
      for (let j = 0, k = r.int(0, 2); j < k; j++) p.params.push({ name: this.fresh("a"), t: this.type(8) });
      for (let j = 0, k = r.int(0, 1); j < k; j++) p.locals.push({ name: this.fresh("t"), t: this.type(8) });
      for (let j = 0, k = r.int(1, 2); j < k; j++) p.steps.push(this.fresh("s"));
      this.procs.push(p);
    }
    this.procs.forEach((p, i) => decls.push(this.procDecl(p, this.procs.slice(i + 1))));

    const sym = this.processes.find((p) => p.symmetric);
    if (sym) decls.push(symmetricGlobals(sym));
    for (const p of this.processes) decls.push(this.processDecl(p));

    const nActions = r.weighted([
      [this.processes.length ? 3 : 0, 0],
      [3, 1],
      [2, 2],
      [1, 3],
    ] as const);
    for (let i = 0; i < nActions; i++) decls.push(this.actionDecl());

    const locals = this.processes.some((p) => p.locals.length);
    if (r.chance(0.4) && !(locals && this.sw.noLocalsInInit)) decls.push(this.initBlock());
    for (let i = 0, n = r.int(0, 2); i < n; i++)
      decls.push(node([`invariant ${this.fresh("I")}: `, this.invariantBody(), "\n"], { droppable: true }));
    if (sym && r.chance(0.6))
      decls.push(
        node([`invariant ${this.fresh("I")}: `, r.pick(symmetricInvariants(sym)), "\n"], { droppable: true }),
      );
    if (!this.symmetric && r.chance(0.3)) decls.push(this.actionProperty());
    if (r.chance(0.1))
      decls.push(
        node([`constraint ${this.fresh("C")}: `, this.expr(BOOL, this.invCx(), 1), "\n"], {
          droppable: true,
        }),
      );

    const items = [
      r.chance(0.75) ? "allow deadlock; " : "",
      r.chance(0.1) ? `max depth ${r.int(1, 5)}; ` : "",
      "expect ok",
    ];
    decls.push(node([`check c { ${items.join("")} }\n`]));
    return { seed: this.seed, tree: node([`spec Fuzz${this.seed}\n`, ...decls]), symmetric: this.symmetric };
  }

  /** A fn parameter or result type (no sets while the known fn-boundary bug is switched off). */
  private fnType(): GType {
    for (;;) {
      const t = this.type(16);
      if (!this.sw.noSetsAcrossFns || !containsSet(t)) return t;
    }
  }

  private baseCx(where: Where): Cx {
    return { where, entries: [], current: false, fns: this.fns, macros: this.macros };
  }

  private constCx(): Cx {
    return { ...this.baseCx("const"), fns: [] };
  }

  /** What invariants, constraints, actions and `init` see: globals and (non-symmetric) process locals. */
  private invCx(writable = false, where: Where = "inv"): Cx {
    const entries: Entry[] = this.globals.map((g) => ({ ...g, writable }));
    for (const p of this.processes) {
      if (p.symmetric) continue;
      if (where === "init" && this.sw.noLocalsInInit) continue;
      for (const l of p.locals) {
        if (!p.index) entries.push({ text: `${p.name}.${l.name}`, t: l.t, writable });
        else
          for (const i of scalarLiterals(p.index))
            if (this.r.chance(0.7)) entries.push({ text: `${p.name}[${i}].${l.name}`, t: l.t, writable });
      }
    }
    return { ...this.baseCx(where), entries, macros: where === "inv" || where === "init" ? [] : this.macros };
  }

  private initialiser(t: GType, cx: Cx): { node: Node; literal?: string } {
    if (t.k === "map" && ["int", "bool", "enum"].includes(t.v.k) && this.r.chance(0.3)) {
      // `in [K -> S]`: every map from the whole key type to S (S never empty).
      const lit = this.literal({ k: "set", e: t.v });
      const values = lit === "{}" || this.r.chance(0.5) ? domainText(t.v) : lit;
      return { node: node([" in [", domainText(t.key), " -> ", values, "]"]) };
    }
    if (isScalar(t) && this.r.chance(0.3)) {
      const s: GType = { k: "set", e: t };
      return { node: node([" in ", this.r.chance(0.5) ? this.literal(s) : this.expr(s, cx, 1)]) };
    }
    if (this.r.chance(0.4)) return { node: node([" = ", this.expr(t, cx, 1, true)]) };
    const literal = this.literal(t, true);
    return { node: node([" = ", literal]), literal };
  }

  /** An `await` or `assert` condition: a random one, or one that depends on the state. */
  private condition(cx: Cx): Node {
    const places = this.places(cx).filter((p) => size(p.t) >= 2);
    if (!places.length || this.r.chance(0.2)) return this.expr(BOOL, cx, 1);
    const p = this.r.pick(places);
    return node([p.text, this.r.pick([" != ", " != ", " == "]), this.paren(node([this.literal(p.t)]))]);
  }

  private invariantBody(): Node {
    const cx = this.invCx();
    // Mostly properties that often hold, so that many specs are searched to the end, or fail only
    // after a few steps (a value the initial state does not have is reached).
    const places = this.places(cx);
    return this.r.weighted<() => Node>([
      [1, () => this.expr(BOOL, cx, 0)],
      [
        places.some((p) => size(p.t) >= 3 && p.init !== undefined) ? 4 : 0,
        () => {
          const p = this.r.pick(places.filter((p) => size(p.t) >= 3 && p.init !== undefined));
          // A value other than the initial one, when that is known: violated only after some steps.
          let lit = this.literal(p.t);
          for (let i = 0; i < 5 && lit === p.init; i++) lit = this.literal(p.t);
          return node([p.text, " != ", this.paren(node([lit]))]);
        },
      ],
      [1, () => node([this.paren(this.expr(BOOL, cx, 1)), " || ", this.paren(this.expr(BOOL, cx, 1))])],
      [
        2,
        () => {
          const ints = this.places(cx).filter((e) => e.t.k === "int");
          if (!ints.length) return this.expr(BOOL, cx, 1);
          const e = this.r.pick(ints);
          const t = e.t as Extract<GType, { k: "int" }>;
          return node([e.text, " <= ", `${t.hi}`]);
        },
      ],
    ])();
  }

  /**
   * `property P: always [A]_v`: a relation over a step's old state and new state (`x'`), allowed to
   * fail only on steps that change v. Checked on every transition by both checkers.
   */
  private actionProperty(): Node {
    const cx = this.invCx();
    const places = this.places(cx).filter((p) => p.t.k === "int" || p.t.k === "bool" || p.t.k === "enum");
    if (!places.length) return node([""]);
    const v = this.r.pick(places);
    const ops = v.t.k === "int" ? [" >= ", " <= ", " != ", " == "] : [" != ", " == "];
    const relation = this.r.weighted<() => Node>([
      [3, () => node([v.text, "'", this.r.pick(ops), v.text])],
      [
        2,
        () =>
          node([
            v.text,
            "' == ",
            this.paren(this.expr(v.t, cx, 1)),
            " || ",
            this.paren(this.expr(BOOL, cx, 1)),
          ]),
      ],
      [1, () => node(["(", this.expr(BOOL, cx, 1), ")' || ", this.paren(this.expr(BOOL, cx, 1))])],
    ])();
    const sub = /^\w+$/.test(v.text) && this.r.chance(0.7) ? `_${v.text}` : `_(${v.text})`;
    return node([`property ${this.fresh("AP")}: always [`, relation, `]${sub}\n`], { droppable: true });
  }

  private procDecl(p: ProcSig, callees: ProcSig[]): Node {
    const frame: Entry[] = [...p.params, ...p.locals].map((v) => ({ text: v.name, t: v.t, writable: true }));
    const cx: Cx = {
      ...this.baseCx("proc"),
      entries: [...this.globals, ...frame],
      current: !!this.task,
      proc: p,
    };
    const locals = p.locals.map((l) => {
      const lcx: Cx = {
        ...cx,
        entries: [...this.globals, ...p.params.map((a) => ({ text: a.name, t: a.t, writable: false }))],
        macros: [],
      };
      return node(["  var ", l.name, ": ", typeText(l.t), " = ", this.expr(l.t, lcx, 1, true), "\n"]);
    });
    const steps = p.steps.map((s, i) => {
      const last = i === p.steps.length - 1;
      const terminal = (c: Cx): Node | undefined => {
        if (p.result && last) return node(["return ", this.expr(p.result, c, 1, true)]);
        return this.r.weighted<() => Node | undefined>([
          [4, () => undefined],
          [2, () => (p.result ? node(["return ", this.expr(p.result, c, 1, true)]) : node(["return"]))],
          [1, () => node(["goto ", this.r.pick(p.steps)])],
          [callees.length ? 3 : 0, () => this.callStmt(c, callees, last, !p.result)],
        ])();
      };
      return node([`  step ${s} { `, this.block(cx, this.r.int(0, 2), 1, terminal), "}\n"]);
    });
    const params = p.params.map((a) => `${a.name}: ${typeText(a.t)}`).join(", ");
    return node(
      [
        `proc ${p.name}(${params})${p.result ? `: ${typeText(p.result)}` : ""} {\n`,
        ...locals,
        ...steps,
        "}\n",
      ],
      { droppable: true },
    );
  }

  /** `call p(args)` (with a target for a proc with a result), as the last statement of a step. */
  private callStmt(cx: Cx, callees: ProcSig[], lastStep: boolean, mayTail: boolean): Node | undefined {
    const p = this.r.pick(callees);
    const args = p.params.flatMap((a, i) => [i ? ", " : "", this.expr(this.shifted(a.t), cx, 1, true)]);
    const call = node(["call ", p.name, "(", ...args, ")"]);
    if (p.result) {
      // A call with a result returns to the next step; there is none after a proc's last step.
      if (lastStep && cx.where === "proc") return undefined;
      const targets = this.placesOf(cx, p.result, true).filter((e) => !e.text.includes("."));
      if (!targets.length) return undefined;
      return node([this.r.pick(targets).text, " = ", call]);
    }
    if (cx.where === "proc" && mayTail && this.r.chance(0.3)) return node([call, "; return"]);
    const steps = cx.where === "proc" ? cx.proc!.steps : cx.process!.steps;
    if (this.r.chance(0.3)) return node([call, "; goto ", this.r.pick(steps)]);
    return call;
  }

  private processDecl(p: ProcessSig): Node {
    const r = this.r;
    const self = p.index && !p.symmetric ? p.index : undefined;
    const others = this.invCx(true, "step").entries.filter(
      (e) => !e.text.startsWith(`${p.name}.`) && !e.text.startsWith(`${p.name}[`),
    );
    const own: Entry[] = p.locals.map((l) => ({ text: l.name, t: l.t, writable: true }));
    const cx: Cx = {
      ...this.baseCx("step"),
      entries: [
        ...this.globals,
        ...own,
        ...(p.symmetric ? [] : others.filter((e) => !this.globals.some((g) => g.text === e.text))),
      ],
      self,
      current: !!this.task,
      process: p,
    };
    const localCx: Cx = { ...this.constCx(), self };
    const locals = p.locals.map((l) =>
      l.initIn
        ? node(
            [
              "  var ",
              l.name,
              ": ",
              typeText(l.t),
              " in ",
              this.expr({ k: "set", e: l.t }, localCx, 2),
              "\n",
            ],
            { droppable: true },
          )
        : node(
            [
              "  var ",
              l.name,
              ": ",
              typeText(l.t),
              " = ",
              r.chance(0.6) ? this.literal(l.t, true) : this.expr(l.t, localCx, 2, true),
              "\n",
            ],
            { droppable: true },
          ),
    );
    const steps = p.steps.map((s, i) => {
      const last = i === p.steps.length - 1;
      const terminal = (c: Cx): Node | undefined =>
        r.weighted<() => Node | undefined>([
          [4, () => undefined],
          [3, () => node(["goto ", r.pick(p.steps)])],
          [this.procs.length ? 3 : 0, () => this.callStmt(c, this.procs, last, false)],
        ])();
      const ids =
        p.symmetric && r.chance(0.6) ? node([r.pick(SYMMETRIC_STMTS), "; "], { droppable: true }) : "";
      return node([`  step ${s} { `, ids, this.block(cx, r.int(1, 3), 0, terminal), "}\n"], {
        droppable: true,
      });
    });
    const head = p.index
      ? `${p.symmetric ? "symmetric " : ""}process ${p.name}[${this.fresh("i")} in ${typeText(p.index)}]`
      : `process ${p.name}`;
    const guard =
      !p.symmetric && r.chance(0.15) ? node([" when ", this.expr(BOOL, { ...this.invCx(), self }, 2)]) : "";
    // `at {s, t}`: each instance starts at any of these steps (`done` too), as in an inductive check.
    const starts = r.chance(0.2) ? [...p.steps, "done"].filter(() => r.chance(0.5)) : [];
    const at = starts.length ? node([` at {${starts.join(", ")}}`], { droppable: true }) : "";
    return node([head, at, guard, " {\n", ...locals, ...steps, "}\n"], { droppable: true });
  }

  private actionDecl(): Node {
    let cx = this.invCx(true, "action");
    const params: (string | Node)[] = [];
    for (let i = 0, n = this.r.int(0, 2); i < n; i++) {
      const [v, dom, e] = this.binder(cx, 2);
      params.push(i ? ", " : "", `${v} in `, dom);
      cx = { ...cx, entries: [...cx.entries, { text: v, t: e, writable: false }] };
    }
    const body = this.block(cx, this.r.int(1, 4), 0);
    return node(
      [`action ${this.fresh("A")}`, params.length ? node(["(", ...params, ")"]) : "", " { ", body, "}\n"],
      { droppable: true },
    );
  }

  /** `init { ... }`: reads and writes globals and process locals (`in S` ones too). */
  private initBlock(): Node {
    const cx = this.invCx(true, "init");
    return node(["init { ", this.block(cx, this.r.int(1, 3), 0), "}\n"], { droppable: true });
  }
}

function containsSetOrSeq(t: GType): boolean {
  return containsSet(t) || JSON.stringify(t).includes('"seq"');
}

function containsSet(t: GType): boolean {
  switch (t.k) {
    case "set":
      return true;
    case "seq":
    case "opt":
      return containsSet(t.e);
    case "rec":
      return t.fields.some((f) => containsSet(f.t));
    case "map":
      return containsSet(t.v);
    default:
      return false;
  }
}

/** Whether every value of `a` is a value of `b` (so reading `a` where `b` is wanted cannot fail). */
function fits(a: GType, b: GType): boolean {
  if (a.k === "int" && b.k === "int") return b.lo <= a.lo && a.hi <= b.hi;
  if ((a.k === "set" || a.k === "opt") && a.k === b.k) return fits(a.e, b.e);
  if (a.k === "seq" && b.k === "seq") return a.n <= b.n && fits(a.e, b.e);
  if (a.k === "rec" && b.k === "rec") return a.fields.every((f, i) => fits(f.t, b.fields[i].t));
  if (a.k === "map" && b.k === "map") return fits(a.v, b.v);
  return true;
}

// The symmetric array's instance ids in use: the generic expressions never have the index type
// (it is a range no other type has), so these fixed forms store, compare, key and quantify over
// ids in the ways T021 allows, and the differential fuzz then compares the reduced search with the
// full one on specs that really are symmetric.

/** Globals of the symmetric array's index type, a set and a map keyed by it. */
function symmetricGlobals(p: ProcessSig): Node {
  const T = typeText(p.index!);
  return node([
    `var sym_owner: ${T}? = none\nvar sym_in: set<${T}> = {}\nvar sym_hits: [${T} -> 0..1] = [k in ${T} |-> 0]\n`,
  ]);
}

/** Statements of the symmetric array's steps over those globals. */
const SYMMETRIC_STMTS = [
  "sym_in = sym_in union {self}",
  "sym_in = sym_in minus {self}",
  "if sym_owner == none { sym_owner = some(self) }",
  "if sym_owner == some(self) { sym_owner = none }",
  "sym_hits[self] = 1 - sym_hits[self]",
  "choose k in sym_in { if k != self { sym_in = sym_in minus {k} } }",
  "if exists k in sym_in: k != self && sym_hits[k] == 1 { sym_hits[self] = 1 }",
];

/** Invariants over them, some of which the search violates. */
function symmetricInvariants(p: ProcessSig): string[] {
  const T = typeText(p.index!);
  return [
    `forall a in ${T}: forall b in ${T}: (a in sym_in && b in sym_in) => a == b`,
    "sym_owner != none => the(sym_owner) in sym_in",
    `(count k in ${T}: sym_hits[k] == 1) < 2`,
    `forall k in ${T}: ${p.name}[k] at ${p.steps[p.steps.length - 1]} => sym_owner != some(k)`,
  ];
}
