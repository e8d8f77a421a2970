// Keystroke to diagnostics on the largest spec in the repository, over the protocol: each edit is
// one character typed (a didChange of one insertion), timed from sending it to receiving the
// diagnostics of that version; the figures are printed. The bound asserted is loose (the test
// machine is shared); issue 19 asks for 200 ms, which the printed median is compared against.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";
import { LspClient, uriOf } from "./client.js";

const KEYSTROKES = 30;

describe("vmaspec lsp latency", () => {
  it(`publishes diagnostics within a bound after each of ${KEYSTROKES} keystrokes on the largest spec`, async () => {
    const specs = join(repoRoot, "specs");
    const largest = readdirSync(specs)
      .filter((f) => f.endsWith(".vmaspec"))
      .map((f) => join(specs, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0];
    const text = readFileSync(largest, "utf8");
    const client = await LspClient.start(specs);
    const uri = uriOf(largest);
    let version = 1;
    const published = (v: number) =>
      client.waitFor<{ uri: string; version?: number; diagnostics: unknown[] }>(
        "textDocument/publishDiagnostics",
        (p) => p.uri === uri && p.version === v,
      );
    const first = published(version);
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "vmaspec", version, text } });
    expect((await first).diagnostics).toEqual([]);

    // Type `// typing` at the end of the file, a character at a time, and time each keystroke.
    const lines = text.split("\n");
    const typed = "// typing a comment, one key at a time";
    const times: number[] = [];
    for (let i = 0; i < KEYSTROKES; i++) {
      const v = ++version;
      const done = published(v);
      const start = performance.now();
      client.notify("textDocument/didChange", {
        textDocument: { uri, version: v },
        contentChanges: [
          {
            range: {
              start: { line: lines.length - 1, character: i },
              end: { line: lines.length - 1, character: i },
            },
            text: typed[i],
          },
        ],
      });
      const diagnostics = (await done).diagnostics;
      times.push(performance.now() - start);
      // A lone `/` is a syntax error; from `//` on, the line is a comment.
      expect(diagnostics.length > 0).toBe(i === 0);
    }
    expect(await client.stop()).toBe(0);
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const worst = sorted[sorted.length - 1];
    console.log(
      `keystroke to diagnostics on ${largest.slice(repoRoot.length + 1)} (${text.length} bytes): ` +
        `median ${median.toFixed(0)} ms, max ${worst.toFixed(0)} ms over ${KEYSTROKES} keystrokes`,
    );
    expect(median).toBeLessThan(1500);
  });
});
