// Grammar rules for files, declarations, check blocks and statements: the upper half of the
// vmaspec parser (expressions and types are in expressions.ts). In: the token stream of
// grammar/tokens.ts. Out: a concrete syntax tree whose typings are generated into grammar/cst.d.ts
// (run `npm run gen:grammar` after changing a rule). The grammar says nothing about meaning;
// src/ast/build.ts turns the CST into the AST.
//
// Error recovery is on: after a syntax error chevrotain inserts or deletes a token or skips to a
// token that can follow, so one run reports every mistake in a file.

import type { CstNode, ILookaheadStrategy, IToken, TokenType } from "chevrotain";
import { EOF, tokenMatcher } from "./chevrotain.js";
import { ExpressionParser } from "./expressions.js";
import { LazyLookahead } from "./lazy-lookahead.js";
import { LOOKAHEAD_PATHS } from "./lookahead-paths.js";
import { createMessageProvider, type ErrorBudget } from "./messages.js";
import * as T from "./tokens.js";

/** Rules may nest this deep: each bracket costs about a dozen rules, a prefix `-` one. */
export const MAX_RULE_DEPTH = 1000;

/** Thrown by the parser where rules nest deeper than MAX_RULE_DEPTH; `token` is where. */
export class NestingTooDeep extends Error {
  constructor(readonly token: IToken) {
    super("nesting too deep to parse");
  }
}

/** The chevrotain internals limitRuleDepth hooks into (not in its published types). */
interface RuleStack {
  RULE_STACK_IDX: number;
  ruleInvocationStateUpdate(this: RuleStack, ...args: unknown[]): void;
  LA(n: number): IToken;
}

/**
 * Makes `parser` throw NestingTooDeep when its rules nest deeper than MAX_RULE_DEPTH. Deep input
 * used to overflow the JavaScript stack instead, at a token that depended on how much stack was
 * left (and so on the caller and the thread); counting rules gives the same verdict and place
 * everywhere, well before the stack runs out (about 2,600 rules deep on the main thread).
 */
function limitRuleDepth(parser: object): void {
  const internals = parser as RuleStack;
  const enter = internals.ruleInvocationStateUpdate;
  internals.ruleInvocationStateUpdate = function (this: RuleStack, ...args: unknown[]) {
    enter.apply(this, args);
    if (this.RULE_STACK_IDX >= MAX_RULE_DEPTH) throw new NestingTooDeep(this.LA(1));
  };
}

/** The whole vmaspec grammar; `sourceFile` is the entry rule. Build one and reuse it. */
export class VmaParser extends ExpressionParser {
  private readonly budget: ErrorBudget;

  /**
   * `lookahead`: "lazy" (grammar/lazy-lookahead.ts, from the stored paths), "eager" (every
   * function built now, as chevrotain does by default), or a strategy of the caller's.
   */
  constructor(lookahead: "lazy" | "eager" | ILookaheadStrategy = "lazy") {
    const budget: ErrorBudget = { remaining: Infinity };
    super({
      recoveryEnabled: true,
      nodeLocationTracking: "full",
      maxLookahead: 3,
      ...(lookahead === "eager"
        ? {}
        : { lookaheadStrategy: lookahead === "lazy" ? new LazyLookahead(3, LOOKAHEAD_PATHS) : lookahead }),
      // The grammar is validated by the test suite (test/grammar), not on every start-up: the
      // validations are most of what building the parser costs.
      skipValidations: process.env.VMASPEC_VALIDATE_GRAMMAR === undefined,
      errorMessageProvider: createMessageProvider(budget),
    });
    this.budget = budget;
    this.performSelfAnalysis();
    limitRuleDepth(this);
  }

  /**
   * Parses a whole file into a CST (recovering from errors; see `errors`). Throws
   * TooManySyntaxErrors (messages.ts) after `maxErrors` errors.
   */
  parseFile(tokens: IToken[], maxErrors: number): CstNode {
    this.input = tokens;
    this.budget.remaining = maxErrors;
    return this.sourceFile();
  }

  /** The first token not yet consumed: where parsing stopped if it threw. */
  nextToken(): IToken {
    return this.LA(1);
  }

  public sourceFile = this.RULE("sourceFile", () => {
    this.SUBRULE(this.header);
    this.MANY(() => this.SUBRULE(this.importDecl));
    this.MANY2(() => this.SUBRULE(this.decl));
  });

  public header = this.RULE("header", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Spec) }, { ALT: () => this.CONSUME(T.Module) }]);
    this.SUBRULE(this.name);
  });

  public importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.OR([{ ALT: () => this.SUBRULE(this.name) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
  });

  /** A declaration; `override` before a macro, proc or fn replaces an imported one of that name. */
  public decl = this.RULE("decl", () => {
    this.OPTION(() => this.CONSUME(T.Override));
    this.OR([
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.typeDecl) },
      { ALT: () => this.SUBRULE(this.varDecl) },
      { ALT: () => this.SUBRULE(this.fnDecl) },
      { ALT: () => this.SUBRULE(this.macroDecl) },
      { ALT: () => this.SUBRULE(this.procDecl) },
      { ALT: () => this.SUBRULE(this.actionDecl) },
      { ALT: () => this.SUBRULE(this.processDecl) },
      { ALT: () => this.SUBRULE(this.invariantDecl) },
      { ALT: () => this.SUBRULE(this.propertyDecl) },
      { ALT: () => this.SUBRULE(this.constraintDecl) },
      { ALT: () => this.SUBRULE(this.checkDecl) },
      { ALT: () => this.SUBRULE(this.initDecl) },
      { ALT: () => this.SUBRULE(this.interruptDecl) },
      { ALT: () => this.SUBRULE(this.refinesDecl) },
      { ALT: () => this.SUBRULE(this.memoryDecl) },
    ]);
  });

  /** `refines Abs in "./abs.vmaspec" with { v = e; N = c }`: this spec implements spec Abs. */
  public refinesDecl = this.RULE("refinesDecl", () => {
    this.CONSUME(T.Refines);
    this.SUBRULE(this.name);
    this.CONSUME(T.In);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.With);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.refineEntry) }, { ALT: () => this.CONSUME(T.Semi) }]),
    );
    this.CONSUME(T.RCurly);
  });

  /** `v = e` in a refinement mapping: the abstract variable or constant v is e. */
  public refineEntry = this.RULE("refineEntry", () => {
    this.SUBRULE(this.name);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  /** `memory lkmm`: the memory model a spec (or, as a check item, one check) runs under. */
  public memoryDecl = this.RULE("memoryDecl", () => {
    this.CONSUME(T.Memory);
    this.SUBRULE(this.name);
  });

  /** `init { statements }`: runs once on the initial values, giving the initial state(s). */
  public initDecl = this.RULE("initDecl", () => {
    this.CONSUME(T.Init);
    this.SUBRULE(this.block);
  });

  /** `interrupt H on P when e { step ... }`: a handler that may run between any two steps of P's instances. */
  public interruptDecl = this.RULE("interruptDecl", () => {
    this.CONSUME(T.Interrupt);
    this.SUBRULE(this.name);
    this.CONSUME(T.On);
    this.SUBRULE2(this.name);
    this.OPTION(() => {
      this.CONSUME(T.When);
      this.SUBRULE(this.expression);
    });
    this.SUBRULE(this.processBody);
  });

  public constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.SUBRULE(this.name);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  /** `type T = ...`; `symmetric type T = ...` declares T's values interchangeable (see Symmetry). */
  public typeDecl = this.RULE("typeDecl", () => {
    this.OPTION(() => this.CONSUME(T.Symmetric));
    this.CONSUME(T.Type);
    this.SUBRULE(this.name);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.typeExpr);
  });

  /** `var x: T = e` or `var x: T in S`; also a process or proc local. */
  public varDecl = this.RULE("varDecl", () => {
    this.CONSUME(T.Var);
    this.SUBRULE(this.name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.OR([{ ALT: () => this.CONSUME(T.Assign) }, { ALT: () => this.CONSUME(T.In) }]);
    this.SUBRULE(this.expression);
  });

  public params = this.RULE("params", () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.param) });
    this.CONSUME(T.RParen);
  });

  public param = this.RULE("param", () => {
    this.SUBRULE(this.name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
  });

  public fnDecl = this.RULE("fnDecl", () => {
    this.CONSUME(T.Fn);
    this.SUBRULE(this.name);
    this.SUBRULE(this.params);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  public macroDecl = this.RULE("macroDecl", () => {
    this.CONSUME(T.Macro);
    this.SUBRULE(this.name);
    this.SUBRULE(this.params);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.SUBRULE(this.block);
  });

  /** `proc p(a: T) { ... }`, or with a result type `proc p(a: T): R { ... return e ... }`. */
  public procDecl = this.RULE("procDecl", () => {
    this.CONSUME(T.Proc);
    this.SUBRULE(this.name);
    this.SUBRULE(this.params);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.SUBRULE(this.processBody);
  });

  /**
   * `action A(..) {..}`; `fair action` / `strong fair action`: WF/SF of the action (all parameters);
   * `each` before a parameter makes that fairness one condition per value of it.
   */
  public actionDecl = this.RULE("actionDecl", () => {
    this.OPTION2(() => {
      this.OPTION3(() => this.CONSUME(T.Strong));
      this.CONSUME(T.Fair);
    });
    this.CONSUME(T.Action);
    this.SUBRULE(this.name);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          this.OPTION4({ GATE: () => this.LA(2).tokenType !== T.In, DEF: () => this.CONSUME(T.Each) });
          this.SUBRULE(this.binder);
        },
      });
      this.CONSUME(T.RParen);
    });
    this.SUBRULE(this.block);
  });

  public processDecl = this.RULE("processDecl", () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Strong) },
        { ALT: () => this.CONSUME(T.Fair) },
        { ALT: () => this.CONSUME(T.Symmetric) },
      ]),
    );
    this.CONSUME(T.Process);
    this.SUBRULE(this.name);
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.binder);
      this.CONSUME(T.RBracket);
    });
    // `at s` or `at {s, t}`: each instance starts at one of these steps (`done` included).
    this.OPTION3(() => {
      this.CONSUME(T.At);
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(T.LCurly);
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.stepName) });
            this.CONSUME(T.RCurly);
          },
        },
        { ALT: () => this.SUBRULE2(this.stepName) },
      ]);
    });
    this.OPTION2(() => {
      this.CONSUME(T.When);
      this.SUBRULE(this.expression);
    });
    this.SUBRULE(this.processBody);
  });

  /** `{ var ... step ... }` of a process or proc: locals first, then steps. */
  public processBody = this.RULE("processBody", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.varDecl));
    this.MANY2(() => this.SUBRULE(this.step));
    this.CONSUME(T.RCurly);
  });

  /** `step s {..}`; `fair step` / `strong fair step`: WF/SF of "this instance takes this step". */
  public step = this.RULE("step", () => {
    this.OPTION(() => {
      this.OPTION2(() => this.CONSUME(T.Strong));
      this.CONSUME(T.Fair);
    });
    this.CONSUME(T.Step);
    this.SUBRULE(this.stepName);
    this.SUBRULE(this.block);
  });

  public invariantDecl = this.RULE("invariantDecl", () => {
    this.CONSUME(T.Invariant);
    this.SUBRULE(this.name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  public propertyDecl = this.RULE("propertyDecl", () => {
    this.CONSUME(T.Property);
    this.SUBRULE(this.name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.temporal);
  });

  /**
   * `always F`, `eventually F`, `P ~> Q`, `P => F` (F a temporal formula), `( F )`, or a state
   * predicate. A parenthesis opens a temporal formula only when a temporal word or `~>` stands
   * inside it; otherwise it is the start of an expression.
   */
  public temporal = this.RULE("temporal", () => {
    this.OR([
      {
        // `always [A]_v` or `always [A]_(v, w)`: every step satisfies A or leaves v (and w) unchanged.
        GATE: () => this.actionBoxAhead(),
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          this.CONSUME2(T.Always);
          this.CONSUME(T.LBracket);
          this.SUBRULE4(this.expression, { LABEL: "action" });
          this.CONSUME(T.RBracket);
          this.CONSUME(T.Identifier, { LABEL: "subscript" });
          this.OPTION2(() => {
            this.CONSUME2(T.LParen);
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => this.SUBRULE5(this.expression, { LABEL: "unchanged" }),
            });
            this.CONSUME2(T.RParen);
          });
        },
      },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Always) }, { ALT: () => this.CONSUME(T.Eventually) }]);
          this.SUBRULE(this.temporal);
        },
      },
      {
        GATE: () => this.temporalInParens(),
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE2(this.temporal, { LABEL: "inner" });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.expression, { LABEL: "lhs" });
          this.OPTION(() =>
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME(T.LeadsTo);
                  this.SUBRULE2(this.expression, { LABEL: "rhs" });
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.Implies);
                  this.SUBRULE3(this.temporal, { LABEL: "then" });
                },
              },
            ]),
          );
        },
      },
    ]);
  });

  /** Whether `always [ ... ]_name` follows: an action property, not `always` of a sequence. */
  private actionBoxAhead(): boolean {
    if (this.LA(1).tokenType !== T.Always || this.LA(2).tokenType !== T.LBracket) return false;
    let depth = 0;
    for (let i = 2; ; i++) {
      const t = this.LA(i).tokenType;
      if (t === T.LBracket) depth++;
      else if (t === T.RBracket && --depth === 0) {
        const next = this.LA(i + 1);
        return tokenMatcher(next, T.Identifier) && next.image.startsWith("_");
      } else if (t === EOF) return false;
    }
  }

  /** Whether the next token is a `(` whose contents hold `always`, `eventually` or `~>`. */
  private temporalInParens(): boolean {
    if (this.LA(1).tokenType !== T.LParen) return false;
    let depth = 0;
    for (let i = 1; ; i++) {
      const t = this.LA(i).tokenType;
      if (t === T.LParen) depth++;
      else if (t === T.RParen && --depth === 0) return false;
      else if (t === T.Always || t === T.Eventually || t === T.LeadsTo) return true;
      else if (t === EOF) return false;
    }
  }

  public constraintDecl = this.RULE("constraintDecl", () => {
    this.CONSUME(T.Constraint);
    this.SUBRULE(this.name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  public checkDecl = this.RULE("checkDecl", () => {
    this.CONSUME(T.Check);
    this.SUBRULE(this.name);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.checkItem) }, { ALT: () => this.CONSUME(T.Semi) }]),
    );
    this.CONSUME(T.RCurly);
  });

  public checkItem = this.RULE("checkItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.expectItem) },
      {
        ALT: () => {
          this.CONSUME(T.Max);
          this.OR2([{ ALT: () => this.CONSUME(T.Depth) }, { ALT: () => this.CONSUME(T.States) }]);
          this.CONSUME(T.NumberLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Ignore);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.name) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Allow);
          this.CONSUME2(T.Deadlock);
        },
      },
      { ALT: () => this.SUBRULE(this.memoryDecl) },
    ]);
  });

  public expectItem = this.RULE("expectItem", () => {
    this.CONSUME(T.Expect);
    this.OR([
      { ALT: () => this.CONSUME(T.Ok) },
      { ALT: () => this.CONSUME(T.Deadlock) },
      { ALT: () => this.CONSUME(T.Covered) },
      {
        ALT: () => {
          this.CONSUME(T.Reached);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.stepRef) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.States);
          this.CONSUME(T.NumberLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Violation);
          // The target is optional, so `expect violation max depth 3` must not take `max` for it.
          this.OPTION({
            GATE: () => !startsCheckItem(this.LA(1), this.LA(2)),
            DEF: () =>
              this.OR3([{ ALT: () => this.CONSUME(T.Assert) }, { ALT: () => this.SUBRULE(this.name) }]),
          });
        },
      },
    ]);
  });

  /** A step or action as `expect reached` names it: `Send`, `Reader.get`, `Writer.lock.retry`. */
  public stepRef = this.RULE("stepRef", () => {
    this.SUBRULE(this.name);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.SUBRULE2(this.name);
    });
  });

  // ---- statements -----------------------------------------------------------------------------

  /** `{ statements }`; `;` may separate statements (or stand anywhere between them). */
  public block = this.RULE("block", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.statement) }, { ALT: () => this.CONSUME(T.Semi) }]),
    );
    this.CONSUME(T.RCurly);
  });

  public statement = this.RULE("statement", () => {
    // `if` and `let` also start expressions; the statement forms win (IGNORE_AMBIGUITIES).
    this.OR([
      { ALT: () => this.SUBRULE(this.ifStmt), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.letStmt), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.awaitStmt) },
      { ALT: () => this.SUBRULE(this.assertStmt) },
      { ALT: () => this.SUBRULE(this.eitherStmt) },
      { ALT: () => this.SUBRULE(this.chooseStmt) },
      { ALT: () => this.SUBRULE(this.whileStmt) },
      { ALT: () => this.SUBRULE(this.gotoStmt) },
      { ALT: () => this.SUBRULE(this.callStmt) },
      { ALT: () => this.SUBRULE(this.returnStmt) },
      { ALT: () => this.SUBRULE(this.exprStmt) },
    ]);
  });

  public ifStmt = this.RULE("ifStmt", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block, { LABEL: "then" });
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.OR([
        { ALT: () => this.SUBRULE(this.ifStmt, { LABEL: "elseIf" }) },
        { ALT: () => this.SUBRULE2(this.block, { LABEL: "else" }) },
      ]);
    });
  });

  /** `let x = e` binds x for the rest of the block; no `in`, so `e` may be a membership test. */
  public letStmt = this.RULE("letStmt", () => {
    this.CONSUME(T.Let);
    this.SUBRULE(this.name);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  public awaitStmt = this.RULE("awaitStmt", () => {
    this.CONSUME(T.Await);
    this.SUBRULE(this.expression);
  });

  public assertStmt = this.RULE("assertStmt", () => {
    this.CONSUME(T.Assert);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.CONSUME(T.StringLiteral);
    });
  });

  public eitherStmt = this.RULE("eitherStmt", () => {
    this.CONSUME(T.Either);
    this.SUBRULE(this.block);
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.block);
    });
  });

  public chooseStmt = this.RULE("chooseStmt", () => {
    this.CONSUME(T.Choose);
    this.SUBRULE(this.binder);
    this.SUBRULE(this.block);
  });

  public whileStmt = this.RULE("whileStmt", () => {
    this.CONSUME(T.While);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
  });

  public gotoStmt = this.RULE("gotoStmt", () => {
    this.CONSUME(T.Goto);
    this.SUBRULE(this.stepName);
  });

  public callStmt = this.RULE("callStmt", () => {
    this.CONSUME(T.Call);
    this.SUBRULE(this.name);
    this.SUBRULE(this.args);
  });

  /** `return` or `return e`: a value is taken whenever the next token can start an expression. */
  public returnStmt = this.RULE("returnStmt", () => {
    this.CONSUME(T.Return);
    this.OPTION(() => this.SUBRULE(this.expression));
  });

  /** An assignment `target op value`, a proc's result `target = call p(args)`, or a macro called
   * for its effects. */
  public exprStmt = this.RULE("exprStmt", () => {
    this.SUBRULE(this.expression, { LABEL: "target" });
    this.OPTION(() => {
      this.CONSUME(T.AssignOp);
      this.OR([
        { ALT: () => this.SUBRULE(this.callStmt) },
        { ALT: () => this.SUBRULE2(this.expression, { LABEL: "value" }) },
      ]);
    });
  });
}

const checkItemStarts: TokenType[] = [T.Max, T.Ignore, T.Allow, T.Memory];

function startsCheckItem(first: IToken, second: IToken): boolean {
  return checkItemStarts.includes(first.tokenType) && tokenMatcher(second, T.Identifier);
}
