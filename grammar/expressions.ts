// Grammar rules for expressions and types as written: the lower half of the vmaspec parser.
// In: the token stream of grammar/tokens.ts. Out: CST nodes (typed in grammar/cst.d.ts) that
// src/ast/build.ts turns into `Expr` and `TypeExpr`. parser.ts extends this class with
// declarations and statements; the split only keeps each file readable.
//
// Precedence, lowest first: `=>` (right-assoc); `||`; `&&`; comparisons, `in` and `P at step`
// (non-associative); `union`/`minus`/`intersect`; `lo..hi`; `+ -`; `* / %`; prefix `! -`; postfix
// `.f` and `[e]`. `if..then..else`, `let..in`, quantifiers and `pick` are primaries whose last part
// extends as far right as possible.
//
// Every expression rule takes a `noIn` flag: when set, a top-level `in` is not a membership test.
// Only the value of `let x = e in body` sets it (a membership test there needs parentheses), and it
// passes into the parts that extend to the right, so `let x = if a then b else c in d` works too.
// Brackets and braces reset it.

import type { IParserConfig } from "chevrotain";
import { CstParser } from "./chevrotain.js";
import * as T from "./tokens.js";

/** The expression and type rules; not usable on its own (see VmaParser in parser.ts). */
export class ExpressionParser extends CstParser {
  constructor(config: IParserConfig) {
    super(T.allTokens, config);
  }

  public expression = this.RULE("expression", (noIn?: boolean) => {
    this.SUBRULE(this.disjunction, { ARGS: [noIn], LABEL: "lhs" });
    // `P => always Q` in a property is temporal (parser.ts `temporal`), not an implication.
    this.OPTION({
      GATE: () => this.LA(2).tokenType !== T.Always && this.LA(2).tokenType !== T.Eventually,
      DEF: () => {
        this.CONSUME(T.Implies);
        this.SUBRULE(this.expression, { ARGS: [noIn], LABEL: "rhs" });
      },
    });
  });

  public disjunction = this.RULE("disjunction", (noIn?: boolean) => {
    this.SUBRULE(this.conjunction, { ARGS: [noIn] });
    this.MANY(() => {
      this.CONSUME(T.OrOr);
      this.SUBRULE2(this.conjunction, { ARGS: [noIn] });
    });
  });

  public conjunction = this.RULE("conjunction", (noIn?: boolean) => {
    this.SUBRULE(this.comparison, { ARGS: [noIn] });
    this.MANY(() => {
      this.CONSUME(T.AndAnd);
      this.SUBRULE2(this.comparison, { ARGS: [noIn] });
    });
  });

  public comparison = this.RULE("comparison", (noIn?: boolean) => {
    this.SUBRULE(this.setExpr, { ARGS: [noIn], LABEL: "lhs" });
    this.OPTION({
      GATE: () =>
        !(noIn && this.LA(1).tokenType === T.In) &&
        !(this.LA(1).tokenType === T.Greater && this.LA(2).tokenType === T.Greater),
      DEF: () =>
        this.OR([
          {
            ALT: () => {
              this.OR2([{ ALT: () => this.CONSUME(T.ComparisonOp) }, { ALT: () => this.CONSUME(T.In) }]);
              this.SUBRULE2(this.setExpr, { ARGS: [noIn], LABEL: "rhs" });
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.At);
              this.SUBRULE(this.stepName);
            },
          },
        ]),
    });
  });

  public setExpr = this.RULE("setExpr", (noIn?: boolean) => {
    this.SUBRULE(this.rangeExpr, { ARGS: [noIn] });
    this.MANY(() => {
      this.CONSUME(T.SetOp);
      this.SUBRULE2(this.rangeExpr, { ARGS: [noIn] });
    });
  });

  public rangeExpr = this.RULE("rangeExpr", (noIn?: boolean) => {
    this.SUBRULE(this.additive, { ARGS: [noIn] });
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.additive, { ARGS: [noIn] });
    });
  });

  public additive = this.RULE("additive", (noIn?: boolean) => {
    this.SUBRULE(this.multiplicative, { ARGS: [noIn] });
    this.MANY(() => {
      this.CONSUME(T.AdditiveOp);
      this.SUBRULE2(this.multiplicative, { ARGS: [noIn] });
    });
  });

  public multiplicative = this.RULE("multiplicative", (noIn?: boolean) => {
    this.SUBRULE(this.unary, { ARGS: [noIn] });
    this.MANY(() => {
      this.CONSUME(T.MultiplicativeOp);
      this.SUBRULE2(this.unary, { ARGS: [noIn] });
    });
  });

  /** Prefix operators then an operand; a loop, not a recursion, so long runs cost no stack. */
  public unary = this.RULE("unary", (noIn?: boolean) => {
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(T.Bang) }, { ALT: () => this.CONSUME(T.Dash) }]));
    this.SUBRULE(this.postfix, { ARGS: [noIn] });
  });

  public postfix = this.RULE("postfix", (noIn?: boolean) => {
    this.SUBRULE(this.primary, { ARGS: [noIn] });
    this.MANY(() => this.SUBRULE(this.selector));
  });

  /**
   * `.field`, `[index]` or `'` (the next state's value, in an action property), in source order;
   * `E.none` names an enum member called `none`.
   */
  public selector = this.RULE("selector", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Prime) },
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.OR2([{ ALT: () => this.SUBRULE(this.name) }, { ALT: () => this.CONSUME(T.None) }]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RBracket);
        },
      },
    ]);
  });

  public primary = this.RULE("primary", (noIn?: boolean) => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.None) },
      { ALT: () => this.CONSUME(T.Self) },
      // Before names: `sum x in S: e`, `count x in S: p` and `pick x in S: p` start with words that
      // are also names.
      { ALT: () => this.SUBRULE(this.quantExpr, { ARGS: [noIn] }) },
      { ALT: () => this.SUBRULE(this.pickExpr, { ARGS: [noIn] }) },
      { ALT: () => this.SUBRULE(this.foldExpr, { ARGS: [noIn] }) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.ifExpr, { ARGS: [noIn] }) },
      { ALT: () => this.SUBRULE(this.letExpr, { ARGS: [noIn] }) },
      { ALT: () => this.SUBRULE(this.braceExpr) },
      { ALT: () => this.SUBRULE(this.bracketExpr) },
      { ALT: () => this.SUBRULE(this.tupleExpr) },
    ]);
  });

  /**
   * Tuple literal `<<a, b>>` (TLA+'s), two or more components. `<<` and `>>` are two `<` and two `>`
   * tokens (a token `>>` would break the close of a nested type, `set<tuple<0..1, 0..1>>`); the
   * comparison rule never takes a `>` followed by another `>`, so the last component ends there.
   */
  public tupleExpr = this.RULE("tupleExpr", () => {
    this.CONSUME(T.Less);
    this.CONSUME2(T.Less);
    this.SUBRULE(this.expression, { LABEL: "first" });
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression, { LABEL: "rest" });
    });
    this.CONSUME(T.Greater);
    this.CONSUME2(T.Greater);
  });

  /** Any name, including the soft keywords (`max`, `set`, `check`, ...). */
  public name = this.RULE("name", () => {
    this.CONSUME(T.Identifier);
  });

  /** A step's name: a name, or `check` (a natural step name that is also a keyword). */
  public stepName = this.RULE("stepName", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Check) }]);
  });

  public nameOrCall = this.RULE("nameOrCall", () => {
    this.SUBRULE(this.name);
    this.OPTION(() => this.SUBRULE(this.args));
  });

  public args = this.RULE("args", () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RParen);
  });

  public parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  public ifExpr = this.RULE("ifExpr", (noIn?: boolean) => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression, { LABEL: "cond" });
    this.CONSUME(T.Then);
    this.SUBRULE2(this.expression, { LABEL: "then" });
    this.CONSUME(T.Else);
    this.SUBRULE3(this.expression, { ARGS: [noIn], LABEL: "else" });
  });

  public letExpr = this.RULE("letExpr", (noIn?: boolean) => {
    this.CONSUME(T.Let);
    this.SUBRULE(this.name);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression, { ARGS: [true], LABEL: "value" });
    this.CONSUME(T.In);
    this.SUBRULE2(this.expression, { ARGS: [noIn], LABEL: "body" });
  });

  public quantExpr = this.RULE("quantExpr", (noIn?: boolean) => {
    this.OR([
      { ALT: () => this.CONSUME(T.Forall) },
      { ALT: () => this.CONSUME(T.Exists) },
      { ALT: () => this.CONSUME(T.Sum) },
      { ALT: () => this.CONSUME(T.Count) },
    ]);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.binder) });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression, { ARGS: [noIn] });
  });

  /** `fold acc: T = base, x in S: e`: TLA+'s recursive fold over a finite set (see docs). */
  public foldExpr = this.RULE("foldExpr", (noIn?: boolean) => {
    this.CONSUME(T.Fold);
    this.SUBRULE(this.name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression, { LABEL: "base" });
    this.CONSUME(T.Comma);
    this.SUBRULE(this.binder);
    this.CONSUME2(T.Colon);
    this.SUBRULE2(this.expression, { ARGS: [noIn], LABEL: "body" });
  });

  public pickExpr = this.RULE("pickExpr", (noIn?: boolean) => {
    this.CONSUME(T.Pick);
    this.SUBRULE(this.binder);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression, { ARGS: [noIn] });
  });

  /** `x in S`: quantifiers, `pick`, `choose`, action parameters, process index. */
  public binder = this.RULE("binder", () => {
    this.SUBRULE(this.name);
    this.CONSUME(T.In);
    this.SUBRULE(this.expression);
  });

  /** Set literal, filter, map comprehension or record; build.ts tells them apart. */
  public braceExpr = this.RULE("braceExpr", () => {
    this.CONSUME(T.LCurly);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.braceItem) });
    this.CONSUME(T.RCurly);
  });

  public braceItem = this.RULE("braceItem", () => {
    this.SUBRULE(this.expression, { LABEL: "lhs" });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE2(this.expression, { LABEL: "rhs" });
    });
  });

  /** Sequence literal `[a, b]`, map literal `[k in K |-> e]` or function set `[K -> S]`. */
  public bracketExpr = this.RULE("bracketExpr", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression, { LABEL: "first" });
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.MapsTo);
            this.SUBRULE2(this.expression, { LABEL: "body" });
          },
        },
        {
          // `[K -> S]`: every map from K to S (TLA+'s function set), as a variable's initial values.
          ALT: () => {
            this.CONSUME(T.Arrow);
            this.SUBRULE4(this.expression, { LABEL: "codomain" });
          },
        },
        {
          ALT: () =>
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.SUBRULE3(this.expression, { LABEL: "rest" });
            }),
        },
      ]);
    });
    this.CONSUME(T.RBracket);
  });

  // ---- types ----------------------------------------------------------------------------------

  public typeExpr = this.RULE("typeExpr", () => {
    this.SUBRULE(this.typeAtom);
    this.MANY(() => this.CONSUME(T.Question));
  });

  public typeAtom = this.RULE("typeAtom", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.enumType) },
      { ALT: () => this.SUBRULE(this.recordType) },
      { ALT: () => this.SUBRULE(this.mapType) },
      { ALT: () => this.SUBRULE(this.setType) },
      { ALT: () => this.SUBRULE(this.seqType) },
      { ALT: () => this.SUBRULE(this.tupleType) },
      // A name (`bool`, `Slot`) or a range `lo..hi`; a lone name is a named type. A bound could
      // start with `{` or `[` as an expression, but in a type those mean a record or a map.
      { ALT: () => this.SUBRULE(this.rangeType), IGNORE_AMBIGUITIES: true },
    ]);
  });

  /** `enum { A, B }`; a member may be called `none` (written `E.none` where an optional could be meant). */
  public enumType = this.RULE("enumType", () => {
    this.CONSUME(T.Enum);
    this.CONSUME(T.LCurly);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.enumMember) });
    this.CONSUME(T.RCurly);
  });

  public enumMember = this.RULE("enumMember", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.None) }]);
  });

  public recordType = this.RULE("recordType", () => {
    this.CONSUME(T.LCurly);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.fieldType) });
    this.CONSUME(T.RCurly);
  });

  public fieldType = this.RULE("fieldType", () => {
    this.SUBRULE(this.name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
  });

  public mapType = this.RULE("mapType", () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.typeExpr, { LABEL: "key" });
    this.CONSUME(T.Arrow);
    this.SUBRULE2(this.typeExpr, { LABEL: "value" });
    this.CONSUME(T.RBracket);
  });

  public setType = this.RULE("setType", () => {
    this.CONSUME(T.SetKw);
    this.CONSUME(T.Less);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.Greater);
  });

  /** `tuple<T1, T2, ...>`: the type of `<<e1, e2, ...>>`, two or more components. */
  public tupleType = this.RULE("tupleType", () => {
    this.CONSUME(T.TupleKw);
    this.CONSUME(T.Less);
    this.SUBRULE(this.typeExpr);
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.typeExpr);
    });
    this.CONSUME(T.Greater);
  });

  public seqType = this.RULE("seqType", () => {
    this.CONSUME(T.SeqKw);
    this.CONSUME(T.Less);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.Comma);
    this.SUBRULE(this.additive, { LABEL: "bound" });
    this.CONSUME(T.Greater);
  });

  public rangeType = this.RULE("rangeType", () => {
    this.SUBRULE(this.additive, { LABEL: "lo" });
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.additive, { LABEL: "hi" });
    });
  });
}
