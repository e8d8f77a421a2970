// Every string from a spec reaches the HTML report and the explorer's page escaped (report/html.ts):
// a property test over hostile strings, then the report and the explorer page of a spec whose file
// name, comments and assert message hold `</script>` and friends. Seeded; the seed is printed.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { escapeHtml, safeJson } from "../../src/report/html.js";
import { explorerPage } from "../../src/report/explorer-page.js";
import { Sfc32 } from "../../src/engines/simulate/prng.js";
import { specDir } from "../helpers/cli.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";
import { BREAKOUT, HOSTILE_FILE, HOSTILE_SPEC } from "./hostile.js";

const SEED = 0x4e7d16;
const PIECES = [
  "<",
  ">",
  "&",
  '"',
  "'",
  "</script>",
  "<!--",
  "-->",
  "]]>",
  "\u2028",
  "\u2029",
  "&amp;",
  "a",
  " ",
  "é",
];

/** The inverse of escapeHtml, for the round trip. */
function unescape(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("HTML escaping", () => {
  it(`leaves no markup character in any string and loses none (seed ${SEED})`, () => {
    const rng = new Sfc32(SEED);
    for (let n = 0; n < 2000; n++) {
      const parts: string[] = [];
      for (let k = rng.below(12); k > 0; k--) parts.push(PIECES[rng.below(PIECES.length)]);
      const s = parts.join("");
      const html = escapeHtml(s);
      expect(html).not.toMatch(/[<>"']/);
      expect(unescape(html)).toBe(s);
      const json = safeJson({ s });
      expect(json).not.toMatch(/[<>&\u2028\u2029]/);
      expect(JSON.parse(json)).toEqual({ s });
    }
  });

  it("writes a report in which the spec's file name, comments and assert message are text, not markup", async () => {
    const dir = specDir({ [HOSTILE_FILE]: HOSTILE_SPEC });
    const out = join(dir, "report.html");
    const r = await vmaspecInProcess(["check", HOSTILE_FILE, "--html", "report.html"], dir);
    expect(r.code).toBe(0);
    const page = readFileSync(out, "utf8");
    // One script element, the page's own; no image, no comment opened by the spec.
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toContain(BREAKOUT);
    expect(page.match(/<!--/g)).toHaveLength(1); // the marker on the first line
    // The text is all there, escaped: the source, the file name, the assert's message.
    expect(page).toContain("&lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;");
    expect(page).toContain(escapeHtml(HOSTILE_FILE));
    expect(page).toContain("assert failed: &lt;/script&gt;");
  });

  it("renders the explorer's page with the spec's source escaped", () => {
    const page = explorerPage(`vmaspec explore ${HOSTILE_FILE}`, [
      { file: HOSTILE_FILE, text: HOSTILE_SPEC },
    ]);
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toContain(BREAKOUT);
    expect(page).toContain(escapeHtml(HOSTILE_FILE));
  });
});
