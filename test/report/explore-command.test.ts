// `vmaspec explore` as a user starts it: its usage errors (exit 2) and its stop on SIGTERM (exit 0).
// The page itself is driven in test/report/browser.test.ts.

import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { startExplore } from "../../scripts/screenshots.js";
import { vmaspec } from "../helpers/cli.js";

describe("vmaspec explore", () => {
  it("rejects a port out of range", () => {
    const r = vmaspec(["explore", "specs/peterson.vmaspec", "--port", "65536"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "vmaspec: --port expects a port number from 0 (any free port) to 65535, not '65536'\n",
    );
  });

  it("says so when the port is taken, and exits 2", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = vmaspec(["explore", "specs/peterson.vmaspec", "--port", String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`vmaspec: port ${port} on 127.0.0.1 is in use: choose another with --port\n`);
    } finally {
      taken.close();
    }
  });

  it("stops on SIGTERM with exit code 0, as on Ctrl-C", async () => {
    const explore = await startExplore(["specs/peterson.vmaspec", "--check", "broken"]);
    expect(explore.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(explore.output()).toContain("(check broken) at http://127.0.0.1:");
    explore.child.kill("SIGTERM");
    const code = await new Promise((resolve) => explore.child.on("exit", resolve));
    expect(code).toBe(0);
    expect(explore.output()).toContain("vmaspec explore: stopped (SIGTERM)");
  });
});
