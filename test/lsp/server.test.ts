// `vmaspec lsp` as an editor sees it: the built command started as a child process, spoken to in
// the protocol (client.ts). Diagnostics carry the codes and spans of the command line; definition,
// references and rename cross imports and the standard library; completion knows modules, steps
// and names; formatting is vmaspec fmt's; the check lens runs a check block.

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, specDir, vmaspec } from "../helpers/cli.js";
import { LspClient, uriOf } from "./client.js";

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; range: { start: { line: number; character: number } }; message: string }[];
}

const BROKEN = "spec A\nvar x: 0..3 = 0\naction Inc { await x < 3; x = y + 1 }\n";
const FIXED =
  "spec A\nvar x: 0..3 = 0\naction Inc { await x < 3; x = x + 1 }\ncheck all { allow deadlock; expect ok; expect states 4 }\n";
const LIB = "module lib\n\n// How far the counter goes.\nconst LIMIT = 2\n";
const MAIN =
  'spec Main\nimport "./lib.vmaspec"\nimport locks\n\nvar n: 0..LIMIT = 0\nvar lock: spinlock_t = none\n\nprocess P {\n  step inc { spin_lock(lock); await n < LIMIT; n += 1 }\n  step out { spin_unlock(lock); goto inc }\n}\n';

describe("vmaspec lsp", () => {
  let dir: string;
  let client: LspClient;
  let version = 1;

  beforeAll(async () => {
    dir = specDir({ "a.vmaspec": BROKEN, "lib.vmaspec": LIB, "main.vmaspec": MAIN });
    client = await LspClient.start(dir);
  });
  afterAll(async () => {
    expect(await client.stop()).toBe(0);
  });

  const open = async (name: string, text: string) => {
    const uri = uriOf(join(dir, name));
    const published = client.waitFor<Published>("textDocument/publishDiagnostics", (p) => p.uri === uri);
    client.notify("textDocument/didOpen", {
      textDocument: { uri, languageId: "vmaspec", version: version++, text },
    });
    return { uri, diagnostics: (await published).diagnostics };
  };
  /** Replaces the text of an open file; the diagnostics published for the new version. */
  const change = (uri: string, text: string) => {
    const v = version++;
    const published = client.waitFor<Published>(
      "textDocument/publishDiagnostics",
      (p) => p.uri === uri && p.version === v,
    );
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: v },
      contentChanges: [{ text }],
    });
    return published;
  };
  const position = (text: string, needle: string, nth = 0) => {
    let at = -1;
    for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
    const before = text.slice(0, at).split("\n");
    return { line: before.length - 1, character: before[before.length - 1].length };
  };

  it("publishes the command line's diagnostics as the file opens, and none once it is fixed", async () => {
    const { uri, diagnostics } = await open("a.vmaspec", BROKEN);
    const cli = vmaspec(["parse", "a.vmaspec"], dir);
    const [, line, col, code] = /^a\.vmaspec:(\d+):(\d+): error\[(\w+)\]/.exec(cli.stderr)!;
    expect(diagnostics.map((d) => [d.code, d.range.start])).toEqual([
      [code, { line: Number(line) - 1, character: Number(col) - 1 }],
    ]);
    expect(code).toBe("N001");

    expect((await change(uri, FIXED)).diagnostics).toEqual([]);
  });

  it("goes to a definition in the standard library and in an imported file", async () => {
    const { uri, diagnostics } = await open("main.vmaspec", MAIN);
    expect(diagnostics).toEqual([]);
    const [spin] = await client.request("textDocument/definition", {
      textDocument: { uri },
      position: position(MAIN, "spin_lock("),
    });
    expect(spin.uri).toBe(uriOf(resolve(repoRoot, "stdlib/locks.vmaspec")));
    const locks = readFileSync(resolve(repoRoot, "stdlib/locks.vmaspec"), "utf8");
    expect(spin.range.start).toEqual(position(locks, "spin_lock(lock: spinlock_t)"));
    const [limit] = await client.request("textDocument/definition", {
      textDocument: { uri },
      position: position(MAIN, "LIMIT"),
    });
    expect([limit.uri, limit.range.start]).toEqual([uriOf(join(dir, "lib.vmaspec")), position(LIB, "LIMIT")]);
  });

  it("finds references and renames across an import", async () => {
    const uri = uriOf(join(dir, "main.vmaspec"));
    const refs = await client.request("textDocument/references", {
      textDocument: { uri },
      position: position(MAIN, "LIMIT", 1),
      context: { includeDeclaration: true },
    });
    expect(refs.map((r: { uri: string }) => r.uri.split("/").pop()).sort()).toEqual([
      "lib.vmaspec",
      "main.vmaspec",
      "main.vmaspec",
    ]);
    const edit = await client.request("textDocument/rename", {
      textDocument: { uri },
      position: position(MAIN, "LIMIT"),
      newName: "MAX_N",
    });
    expect(Object.keys(edit.changes).sort()).toEqual([uriOf(join(dir, "lib.vmaspec")), uri].sort());
    expect(edit.changes[uri].map((e: { range: { start: unknown } }) => e.range.start)).toEqual([
      position(MAIN, "LIMIT", 0),
      position(MAIN, "LIMIT", 1),
    ]);
    await expect(
      client.request("textDocument/rename", {
        textDocument: { uri },
        position: position(MAIN, "spin_lock("),
        newName: "x",
      }),
    ).rejects.toThrow(/standard library/);
  });

  it("completes stdlib modules after import, steps after goto, and names in scope", async () => {
    const uri = uriOf(join(dir, "main.vmaspec"));
    const edited = MAIN.replace("import locks\n", "import locks\nimport \n");
    expect((await change(uri, edited)).diagnostics.map((d) => d.code)).toEqual(["S002"]);
    const modules = await client.request("textDocument/completion", {
      textDocument: { uri },
      position: { line: 3, character: 7 },
    });
    expect(modules.map((c: { label: string }) => c.label)).toEqual(
      expect.arrayContaining(["locks", "vma", "refcount"]),
    );
    const gotoAt = position(edited, "goto inc");
    const steps = await client.request("textDocument/completion", {
      textDocument: { uri },
      position: { line: gotoAt.line, character: gotoAt.character + 5 },
    });
    expect(steps.map((c: { label: string }) => c.label).sort()).toEqual(["inc", "out"]);
    const names = await client.request("textDocument/completion", {
      textDocument: { uri },
      position: position(edited, "n += 1"),
    });
    expect(names.map((c: { label: string }) => c.label)).toEqual(
      expect.arrayContaining(["n", "LIMIT", "spin_lock", "card", "await"]),
    );
    const atStep = `${MAIN}invariant I: P at \n`;
    await change(uri, atStep);
    const afterAt = await client.request("textDocument/completion", {
      textDocument: { uri },
      position: { line: atStep.split("\n").length - 2, character: "invariant I: P at ".length },
    });
    expect(afterAt.map((c: { label: string }) => c.label).sort()).toEqual(["inc", "out"]);
    expect((await change(uri, MAIN)).diagnostics).toEqual([]);
  });

  it("shows a declaration and its comment on hover, and the outline of a file", async () => {
    const uri = uriOf(join(dir, "main.vmaspec"));
    const hover = await client.request("textDocument/hover", {
      textDocument: { uri },
      position: position(MAIN, "LIMIT"),
    });
    expect(hover.contents.value).toContain("const LIMIT = 2");
    expect(hover.contents.value).toContain("How far the counter goes.");
    expect(hover.contents.value).toContain("value in the default configuration: `2`");
    const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri } });
    const p = symbols.find((s: { name: string }) => s.name === "P");
    expect(p.children.map((c: { name: string }) => c.name)).toEqual(["inc", "out"]);
  });

  it("formats a file as vmaspec fmt does", async () => {
    const messy = "spec F\nvar x:0..3=0\naction Inc{await x<3;x+=1}\n";
    const { uri } = await open("f.vmaspec", messy);
    const edits = await client.request("textDocument/formatting", {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits.map((e: { newText: string }) => e.newText)).toEqual([
      "spec F\nvar x: 0..3 = 0\naction Inc { await x < 3; x += 1 }\n",
    ]);
  });

  it("runs a check block from its code lens and shows the verdict", async () => {
    const uri = uriOf(join(dir, "a.vmaspec"));
    const lenses = await client.request("textDocument/codeLens", { textDocument: { uri } });
    expect(lenses.map((l: { command: { title: string } }) => l.command.title)).toEqual(["▶ run check all"]);
    const message = client.waitFor<{ message: string }>("window/showMessage");
    const summary = await client.request("workspace/executeCommand", lenses[0].command);
    expect(summary).toMatchObject({ check: "all", status: "met" });
    expect(summary.text).toBe("check all: met: ok in 4 states, expected ok, 4 states");
    expect((await message).message).toBe(summary.text);
    const after = await client.request("textDocument/codeLens", { textDocument: { uri } });
    expect(after[0].command.title).toBe(`✓ ${summary.text} — run again`);
  });
});
