// Input nested too deep for the parser gets one S007 at the same token wherever the parser runs:
// on the main thread, under a deep caller, in a worker thread. Before, the JavaScript stack
// overflowed at a token that depended on how much stack was left.

import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { parseSource } from "../../src/ast/parse.js";

const wrap = (expr: string) => `spec T\nvar x: 0..3 = 0\naction A { x = ${expr} }\ncheck c { expect ok }\n`;

const DEEP: Record<string, string> = {
  parentheses: wrap("(".repeat(3000) + "1" + ")".repeat(3000)),
  "prefix minus": wrap("-".repeat(5000) + "1"),
  quantifiers: `spec T\nvar x: 0..3 = 0\ninvariant I: ${"forall a in 0..1: ".repeat(2000)}true\n`,
  "if-then-else": wrap("if true then ".repeat(2000) + "1" + " else 2".repeat(2000)),
  "nested blocks": `spec T\nvar x: 0..3 = 0\naction A { ${"if x == 0 { ".repeat(2000)}x = 1${" }".repeat(2000)} }\n`,
};

function s007(text: string): string[] {
  return parseSource("deep.vmaspec", text).diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col}`);
}

function underDeepCaller(frames: number, text: string): string[] {
  return frames === 0 ? s007(text) : underDeepCaller(frames - 1, text);
}

async function inWorker(text: string): Promise<string[]> {
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    import(workerData.module).then(({ parseSource }) => {
      const r = parseSource("deep.vmaspec", workerData.text);
      parentPort.postMessage(r.diagnostics.map((d) => d.code + " " + d.span?.line + ":" + d.span?.col));
    });`;
  const module = new URL("../../dist/src/ast/parse.js", import.meta.url).href;
  const worker = new Worker(source, { eval: true, workerData: { module, text } });
  return await new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

describe("nesting too deep to parse", () => {
  for (const [name, text] of Object.entries(DEEP)) {
    it(`reports ${name} at one place, whatever stack is left`, async () => {
      const here = s007(text);
      expect(here).toHaveLength(1);
      expect(here[0]).toMatch(/^S007 /);
      expect(underDeepCaller(1000, text)).toEqual(here);
      expect(await inWorker(text)).toEqual(here);
    });
  }

  it("parses 30 nested parentheses", () => {
    expect(s007(wrap("(".repeat(30) + "1" + ")".repeat(30)))).toEqual([]);
  });
});
