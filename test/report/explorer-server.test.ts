// The explorer's server (report/explorer-server.ts) in this process: bound to 127.0.0.1 only,
// serving only its page and its API, refusing other hosts, methods, paths and malformed or
// unknown state numbers, keeping at most the states it was given room for, and stopping cleanly.
// Also what its API says of a state: enabled steps, invariants, the loaded counterexample.

import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { buildModel } from "../../src/runtime/build-model.js";
import { Explorer } from "../../src/report/explorer.js";
import { startExplorer, type RunningExplorer } from "../../src/report/explorer-server.js";
import { compileText } from "../helpers/inprocess.js";

const COUNTER = `spec Counter
var x: 0..9 = 0
process P[i in 1..2] {
  step inc { x += 1; goto inc }
}
invariant Small: x < 3 && x >= 0
`;

function model() {
  const { compiled, diagnostics } = compileText(COUNTER);
  if (!compiled) throw new Error(JSON.stringify(diagnostics));
  return buildModel(compiled.generated);
}

/** GET (or `method`) `path` with `host` as the Host header: status and body. */
function fetchRaw(
  port: number,
  path: string,
  opts: { method?: string; host?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: opts.method ?? "GET",
        headers: { host: opts.host ?? `127.0.0.1:${port}` },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

let running: RunningExplorer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(maxStates?: number): Promise<RunningExplorer> {
  running = await startExplorer(new Explorer(model(), maxStates), "<!DOCTYPE html><p>page</p>", {
    spec: "Counter",
    file: "counter.vmaspec",
    check: "default",
  });
  return running;
}

describe("the explorer's server", () => {
  it("listens on 127.0.0.1 only, on a free port, and serves its page", async () => {
    const r = await start();
    expect(r.url).toBe(`http://127.0.0.1:${r.port}/`);
    expect(r.port).toBeGreaterThan(0);
    const page = await fetchRaw(r.port, "/");
    expect(page).toEqual({ status: 200, body: "<!DOCTYPE html><p>page</p>" });
    // `localhost` names the same address, so a browser may use either.
    await expect(fetchRaw(r.port, "/", { host: `localhost:${r.port}` })).resolves.toMatchObject({
      status: 200,
    });
  });

  it("refuses other hosts (DNS rebinding), other methods, unknown paths and paths outside its own", async () => {
    const r = await start();
    expect((await fetchRaw(r.port, "/api/spec", { host: "evil.example:80" })).status).toBe(403);
    expect((await fetchRaw(r.port, "/api/spec", { method: "POST" })).status).toBe(405);
    expect((await fetchRaw(r.port, "/api/spec", { method: "PUT" })).status).toBe(405);
    expect((await fetchRaw(r.port, "/etc/passwd")).status).toBe(404);
    expect((await fetchRaw(r.port, "/../../etc/passwd")).status).toBe(404);
    expect((await fetchRaw(r.port, "/counter.vmaspec")).status).toBe(404);
    expect((await fetchRaw(r.port, `/api/state?id=0&pad=${"x".repeat(300)}`)).status).toBe(414);
  });

  it("accepts only state numbers it handed out", async () => {
    const r = await start();
    for (const q of ["id=", "id=-1", "id=1.5", "id=0x1", "id=1e3", "id=0&from=x", "id=1234567890"])
      expect((await fetchRaw(r.port, `/api/state?${q}`)).status, q).toBe(400);
    const unknown = await fetchRaw(r.port, "/api/state?id=7");
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error).toContain("no state 7");
  });

  it("keeps at most the states it has room for, then says so", async () => {
    const r = await start(2); // the initial state and one successor (both instances reach x = 1)
    const spec = JSON.parse((await fetchRaw(r.port, "/api/spec")).body);
    expect(spec.initial).toEqual([{ id: 0, summary: "the only initial state" }]);
    expect((await fetchRaw(r.port, "/api/state?id=0")).status).toBe(200);
    const full = await fetchRaw(r.port, "/api/state?id=1");
    expect(full.status).toBe(503);
    expect(JSON.parse(full.body).error).toContain("at most 2 states");
  });

  it("shows each enabled step with what it changes, and the invariants with the parts that break them", async () => {
    const r = await start();
    let view = JSON.parse((await fetchRaw(r.port, "/api/state?id=0")).body);
    expect(view.successors.map((s: { label: string; changes: string[] }) => [s.label, s.changes])).toEqual([
      ["P[1] inc", ["x: 0 -> 1"]],
      ["P[2] inc", ["x: 0 -> 1"]],
    ]);
    expect(view.invariants).toEqual([{ name: "Small", holds: true, html: "" }]);
    let id = 0;
    for (let k = 0; k < 3; k++) {
      const next: number = view.successors[0].id;
      view = JSON.parse((await fetchRaw(r.port, `/api/state?id=${next}&from=${id}`)).body);
      id = next;
    }
    expect(view.invariants[0]).toMatchObject({ name: "Small", holds: false });
    expect(view.invariants[0].html).toMatch(/x &lt; 3<span class="value"> +=\s*false +← breaks it/);
    expect(view.html).toContain('<tr class="changed" data-var="x">');
  });

  it("shows a step whose assert fails as a failing step, in a state where waiting runs the steps", () => {
    const { compiled } = compileText(
      `spec Fails
var x: 0..3 = 0
process P {
  step a { x = 1 }
  step b { assert x == 0 : "x moved" }
}
`,
    );
    const explorer = new Explorer(buildModel(compiled!.generated));
    const [{ id }] = explorer.initial();
    const next = explorer.view(id).successors[0].id;
    const view = explorer.view(next, id);
    expect(view.successors).toEqual([
      expect.objectContaining({
        id: -1,
        label: "P b",
        fails: expect.stringMatching(/^assert failed: x moved \(main\.vmaspec:5\)$/),
      }),
    ]);
    expect(view.end).toBeUndefined();
  });

  it("stops: after close() the port refuses connections", async () => {
    const r = await start();
    await r.close();
    running = undefined;
    await expect(fetchRaw(r.port, "/")).rejects.toThrow(/ECONNREFUSED/);
  });
});
