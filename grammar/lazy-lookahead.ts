// Chevrotain's LL(k) lookahead, from paths computed when the grammar was last generated, or built
// on first use.
//
// Why: building the parser computed a lookahead function for every alternation, option and
// repetition of the grammar, most of a command's parser start-up. A lookahead function depends on
// the grammar alone: it tries, in order, each alternative's token paths against the next tokens.
// `npm run gen:grammar` stores those paths (token names) in grammar/lookahead-paths.ts with a
// fingerprint of the grammar; at start-up, if the fingerprint matches, each function is made from
// its stored paths, and otherwise (a grammar changed but not regenerated) built by chevrotain on
// first use. test/grammar/generated.test.ts fails on stale paths; lazy-lookahead.test.ts checks
// that both ways parse every spec as chevrotain's own eager lookahead does.

import type {
  ILookaheadStrategy,
  ILookaheadValidationError,
  IOrAlt,
  IToken,
  Rule,
  TokenType,
} from "chevrotain";
import { LLkLookaheadStrategy, serializeGrammar, tokenMatcher } from "./chevrotain.js";
import { allTokens } from "./tokens.js";

type AlternationOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptionalOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];
type Alternation = ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]>;
type Optional = ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]>;

/** Stored lookahead paths: by production key, each alternative's paths as token names. */
export interface LookaheadTable {
  fingerprint: string;
  paths: Record<string, string[][][]>;
}

/** The key of a production: its rule, its kind and its occurrence in the rule. */
export const productionKey = (rule: string, kind: string, occurrence: number) =>
  `${rule}/${kind}/${occurrence}`;

/** A hash of the grammar's productions (FNV-1a over their serialized form). */
export function grammarFingerprint(rules: Rule[], maxLookahead: number): string {
  const text = `${maxLookahead}:${JSON.stringify(serializeGrammar(rules))}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/** The parser as a lookahead function sees it. */
interface Lookahead {
  LA(n: number): IToken;
}

const byName = new Map(allTokens.map((t) => [t.name, t]));

function tokensOf(paths: string[][]): TokenType[][] {
  return paths.map((path) =>
    path.map((name) => {
      const t = byName.get(name);
      if (!t) throw new Error(`internal: stored lookahead names an unknown token ${name}`);
      return t;
    }),
  );
}

function matches(parser: Lookahead, path: readonly TokenType[]): boolean {
  for (let i = 0; i < path.length; i++) if (!tokenMatcher(parser.LA(i + 1), path[i])) return false;
  return true;
}

/** The first alternative (whose gate, if any, is open) with a path matching the next tokens. */
function alternationFrom(alternatives: TokenType[][][], hasPredicates: boolean): Alternation {
  return function (this: unknown, orAlts?: IOrAlt<unknown>[]) {
    const parser = this as Lookahead & object;
    for (let i = 0; i < alternatives.length; i++) {
      const gate = hasPredicates ? orAlts?.[i]?.GATE : undefined;
      if (gate && !gate.call(parser)) continue;
      for (const path of alternatives[i]) if (matches(parser, path)) return i;
    }
    return undefined;
  } as Alternation;
}

/** Whether one of the paths into an optional part matches the next tokens. */
function optionalFrom(paths: TokenType[][]): Optional {
  return function (this: unknown) {
    for (const path of paths) if (matches(this as Lookahead, path)) return true;
    return false;
  } as Optional;
}

export class LazyLookahead implements ILookaheadStrategy {
  private readonly eager: ILookaheadStrategy;
  private stored: LookaheadTable["paths"] | undefined;

  constructor(
    private readonly maxLookahead: number,
    private readonly table?: LookaheadTable,
  ) {
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
    const table = this.table;
    const fresh = table && table.fingerprint === grammarFingerprint(options.rules, this.maxLookahead);
    this.stored = fresh ? table.paths : undefined;
  }

  buildLookaheadForAlternation(options: AlternationOptions): Alternation {
    const known = this.stored?.[productionKey(options.rule.name, "Alternation", options.prodOccurrence)];
    if (known) return alternationFrom(known.map(tokensOf), options.hasPredicates);
    const eager = this.eager;
    let built: Alternation | undefined;
    return function (this: unknown, alternatives) {
      built ??= eager.buildLookaheadForAlternation(options);
      return built.call(this, alternatives);
    } as Alternation;
  }

  buildLookaheadForOptional(options: OptionalOptions): Optional {
    const known = this.stored?.[productionKey(options.rule.name, options.prodType, options.prodOccurrence)];
    if (known) return optionalFrom(tokensOf(known[0]));
    const eager = this.eager;
    let built: Optional | undefined;
    return function (this: unknown) {
      built ??= eager.buildLookaheadForOptional(options);
      return built.call(this);
    } as Optional;
  }
}
