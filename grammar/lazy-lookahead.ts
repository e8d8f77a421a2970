// Chevrotain's LL(k) lookahead, built on first use instead of when the parser is built.
//
// Why: building the parser computed a lookahead function for every alternation, option and
// repetition of the grammar, about two thirds of a command's parser start-up, although a small
// spec visits only some of them. Each function depends on the grammar alone, so building it at
// its first call gives the same parse.

import type { ILookaheadStrategy, ILookaheadValidationError, Rule, TokenType } from "chevrotain";
import { LLkLookaheadStrategy } from "./chevrotain.js";

type AlternationOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptionalOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];
type Alternation = ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]>;
type Optional = ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]>;

export class LazyLookahead implements ILookaheadStrategy {
  private readonly eager: ILookaheadStrategy;

  constructor(maxLookahead: number) {
    this.eager = new LLkLookaheadStrategy({ maxLookahead });
  }

  validate(options: {
    rules: Rule[];
    tokenTypes: TokenType[];
    grammarName: string;
  }): ILookaheadValidationError[] {
    return this.eager.validate(options);
  }

  initialize(options: { rules: Rule[] }): void {
    this.eager.initialize?.(options);
  }

  buildLookaheadForAlternation(options: AlternationOptions): Alternation {
    const eager = this.eager;
    let built: Alternation | undefined;
    return function (this: unknown, alternatives) {
      built ??= eager.buildLookaheadForAlternation(options);
      return built.call(this, alternatives);
    } as Alternation;
  }

  buildLookaheadForOptional(options: OptionalOptions): Optional {
    const eager = this.eager;
    let built: Optional | undefined;
    return function (this: unknown) {
      built ??= eager.buildLookaheadForOptional(options);
      return built.call(this);
    } as Optional;
  }
}
