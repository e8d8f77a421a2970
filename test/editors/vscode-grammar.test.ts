// The VS Code extension's TextMate grammar (editors/vscode/syntaxes/), run by vscode-textmate with
// the Oniguruma engine VS Code uses: every spec in the repository is highlighted without a region
// the grammar does not know (a character with no scope but the file's, or an `invalid` one), and
// every hard keyword of the lexer is highlighted as a keyword, so a keyword added to the language
// and forgotten here fails.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";
import { allTokens, Identifier } from "../../grammar/tokens.js";
import { repoRoot } from "../helpers/cli.js";
import { repositorySpecs } from "../format/corpus.js";

const GRAMMAR = join(repoRoot, "editors/vscode/syntaxes/vmaspec.tmLanguage.json");
let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope: string) =>
      scope === "source.vmaspec" ? vsctm.parseRawGrammar(readFileSync(GRAMMAR, "utf8"), GRAMMAR) : null,
  });
  grammar = (await registry.loadGrammar("source.vmaspec"))!;
});

/** Each non-blank token of `text` with its scopes. */
function tokens(text: string): { line: number; text: string; scopes: string[] }[] {
  const out: { line: number; text: string; scopes: string[] }[] = [];
  let stack = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim() !== "") out.push({ line: i + 1, text: piece, scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  return out;
}

describe("the VS Code extension's TextMate grammar", () => {
  it("highlights every .vmaspec file in the repository with no unknown region", () => {
    const specs = repositorySpecs().filter((s) => !s.name.startsWith("test/golden/bad/syntax"));
    const unknown = specs.flatMap((s) =>
      tokens(s.text)
        .filter((t) => t.scopes.length === 1 || t.scopes.some((x) => x.startsWith("invalid")))
        .map((t) => `${s.name}:${t.line}: '${t.text}'`),
    );
    expect(unknown).toEqual([]);
    expect(specs.length).toBeGreaterThan(70);
  });

  it("highlights every hard keyword of the lexer as a keyword", () => {
    const hard = allTokens.filter(
      (t) =>
        typeof t.PATTERN === "string" &&
        /^[a-z]+$/.test(t.PATTERN) &&
        !(t.CATEGORIES ?? []).includes(Identifier),
    );
    const asNames = hard
      .map((t) => String(t.PATTERN))
      .filter((word) => tokens(word)[0].scopes.some((s) => s.startsWith("variable.other")));
    expect(asNames).toEqual([]);
    expect(hard.length).toBeGreaterThan(40);
  });

  it("tells comments, strings, numbers, declarations and calls apart", () => {
    const scopeOf = (text: string, piece: string) =>
      tokens(text)
        .find((t) => t.text === piece)
        ?.scopes.at(-1);
    const line = 'step take { assert f(x) == 0x1F : "a \\" quote" }  // why';
    expect(scopeOf(line, "take")).toBe("entity.name.function.vmaspec");
    expect(scopeOf(line, "assert")).toBe("keyword.control.vmaspec");
    expect(scopeOf(line, "f")).toBe("entity.name.function.call.vmaspec");
    expect(scopeOf(line, "0x1F")).toBe("constant.numeric.vmaspec");
    expect(scopeOf(line, "// why")).toBe("comment.line.double-slash.vmaspec");
    expect(
      tokens(line)
        .filter((t) => t.scopes.includes("string.quoted.double.vmaspec"))
        .map((t) => t.text)
        .join(""),
    ).toBe('"a \\" quote"');
  });
});
