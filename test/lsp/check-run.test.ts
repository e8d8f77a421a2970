// The check lens runs a check block in a worker thread: while a long search runs, the server goes
// on answering (hover, code lenses, diagnostics), and the client can cancel the run, either with
// `$/cancelRequest` or with the lens's own cancel command; a finished run still gives its verdict.

import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specDir } from "../helpers/cli.js";
import { LspClient, uriOf } from "./client.js";

/** A check of 20 million states: far longer than the test waits, so only a cancel ends it. */
const SLOW =
  "spec Slow\nconst MAX = 20000000\nvar x: 0..MAX = 0\naction Inc { await x < MAX; x += 1 }\n" +
  "check big { allow deadlock; expect ok }\ncheck small { const MAX = 3; allow deadlock; expect ok; expect states 4 }\n";

interface Lens {
  command: { title: string; command: string; arguments: unknown[] };
}
interface Summary {
  check: string;
  status: string;
  text: string;
}

describe("vmaspec lsp runs checks off its main loop", () => {
  let client: LspClient;
  let uri: string;

  beforeAll(async () => {
    const dir = specDir({ "slow.vmaspec": SLOW });
    client = await LspClient.start(dir);
    uri = uriOf(join(dir, "slow.vmaspec"));
    const published = client.waitFor(
      "textDocument/publishDiagnostics",
      (p: { uri: string }) => p.uri === uri,
    );
    client.notify("textDocument/didOpen", {
      textDocument: { uri, languageId: "vmaspec", version: 1, text: SLOW },
    });
    await published;
  });
  afterAll(async () => {
    expect(await client.stop()).toBe(0);
  });

  const lenses = () => client.request<Lens[]>("textDocument/codeLens", { textDocument: { uri } });
  const run = (name: string) =>
    client.request<Summary>("workspace/executeCommand", {
      command: "vmaspec.runCheck",
      arguments: [uri, name],
    });

  it("answers hover while a check runs, and $/cancelRequest ends the run", async () => {
    let finished = false;
    const result = run("big").then((s) => ((finished = true), s));
    const id = client.lastId;
    const hover = await client.request("textDocument/hover", {
      textDocument: { uri },
      position: { line: 2, character: 4 },
    });
    expect(JSON.stringify(hover)).toContain("x");
    expect((await lenses()).map((l) => l.command.title)).toEqual([
      "… running check big — cancel",
      "▶ run check small",
    ]);
    expect(finished).toBe(false);
    client.notify("$/cancelRequest", { id });
    const summary = await result;
    expect(summary).toMatchObject({ check: "big", status: "error", text: "check big: cancelled" });
    expect((await lenses()).map((l) => l.command.title)).toEqual(["▶ run check big", "▶ run check small"]);
  });

  it("cancels from the lens, and a short check still gives its verdict", async () => {
    const result = run("big");
    const [running] = await lenses();
    expect(running.command.command).toBe("vmaspec.cancelCheck");
    await client.request("workspace/executeCommand", running.command);
    expect((await result).text).toBe("check big: cancelled");
    const small = await run("small");
    expect(small).toMatchObject({ check: "small", status: "met" });
    expect(small.text).toBe("check small: met: ok in 4 states, expected ok, 4 states");
    expect((await lenses())[1].command.title).toBe(`✓ ${small.text} — run again`);
  });
});
