// The parser makes its lookahead functions from the paths stored in grammar/lookahead-paths.ts, or
// builds them on first use when those are stale (grammar/lazy-lookahead.ts), to start faster. Here
// every spec, stdlib module and fixture of the repository, and seeded mutants of them that
// exercise error recovery, parse to the same tree and the same errors both ways as with
// chevrotain's own lookahead built up front.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CstElement, CstNode, IToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { VmaParser } from "../../grammar/parser.js";
import { LazyLookahead } from "../../grammar/lazy-lookahead.js";
import { LOOKAHEAD_PATHS } from "../../grammar/lookahead-paths.js";
import { vmaLexer } from "../../grammar/tokens.js";

const root = path.resolve(import.meta.dirname, "../..");
const SEED = 20261207;

function specFiles(): string[] {
  const dirs = ["specs", "stdlib", "test/fixtures/lang", "test/stdlib"];
  return dirs.flatMap((d) =>
    readdirSync(path.join(root, d))
      .filter((f) => f.endsWith(".vmaspec"))
      .map((f) => path.join(root, d, f)),
  );
}

/** A CST as plain text: rule names, token images and offsets. */
function show(node: CstElement): string {
  if ("image" in node) return `${(node as IToken).image}@${(node as IToken).startOffset}`;
  const children = Object.entries((node as CstNode).children)
    .map(([key, list]) => `${key}:[${list.map(show).join(" ")}]`)
    .join(" ");
  return `${(node as CstNode).name}(${children})`;
}

function parseWith(parser: VmaParser, text: string): string {
  const tokens = vmaLexer.tokenize(text).tokens;
  let tree: string;
  try {
    tree = show(parser.parseFile(tokens, 40));
  } catch (e) {
    tree = `threw ${(e as Error).name}`;
  }
  const errors = parser.errors.map((e) => `${e.token.startOffset} ${e.message}`);
  return [tree, ...errors].join("\n");
}

/** Deletes, duplicates or swaps a few tokens: a deterministic stream of broken inputs. */
function mutate(text: string, random: () => number): string {
  const tokens = vmaLexer.tokenize(text).tokens;
  if (tokens.length < 2) return text;
  const parts = tokens.map((t) => t.image);
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const i = Math.floor(random() * parts.length);
    const j = Math.floor(random() * parts.length);
    const op = Math.floor(random() * 3);
    if (op === 0) parts.splice(i, 1);
    else if (op === 1) parts.splice(i, 0, parts[j]);
    else [parts[i], parts[j]] = [parts[j], parts[i]];
  }
  return parts.join(" ");
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("lazy lookahead", () => {
  const lazy = new VmaParser();
  const eager = new VmaParser("eager");
  // A table whose fingerprint does not match: every function is built by chevrotain on first use.
  const built = new VmaParser(new LazyLookahead(3, { fingerprint: "stale", paths: LOOKAHEAD_PATHS.paths }));

  it("parses every spec of the repository as the eager parser does", () => {
    const files = specFiles();
    expect(files.length).toBeGreaterThan(60);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const expected = parseWith(eager, text);
      expect(parseWith(lazy, text), file).toBe(expected);
      expect(parseWith(built, text), file).toBe(expected);
    }
  });

  it(`recovers from broken specs as the eager parser does (seed ${SEED})`, () => {
    const random = prng(SEED);
    const files = specFiles();
    for (let k = 0; k < 80; k++) {
      const file = files[Math.floor(random() * files.length)];
      const text = mutate(readFileSync(file, "utf8"), random);
      const expected = parseWith(eager, text);
      expect(parseWith(lazy, text), `mutant ${k} of ${file}`).toBe(expected);
      expect(parseWith(built, text), `mutant ${k} of ${file}`).toBe(expected);
    }
  });
});
