// The state explorer's web server: loopback only (127.0.0.1), on the port asked for or a free one.
// It serves its own page and a small JSON API over one Explorer, nothing else: no file is read or
// written after start (the spec's source comes in with the model), a path it does not know is a
// 404, a method other than GET a 405, a Host header other than its own address a 403 (so a web
// page elsewhere cannot reach it through a rebound DNS name), and every request is bounded: the
// URL's length, the numbers in it, the time to send the headers, the states the explorer keeps.
// In: an Explorer, the page, the spec's facts. Out: a running server and its URL; close() stops it.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Explorer, ExplorerLimit } from "./explorer.js";
import { safeJson } from "./html.js";

/** The longest request target the server reads. */
const MAX_URL = 256;

/** What the page asks for first: the spec, its initial states, the loaded counterexample. */
export interface ExplorerFacts {
  spec: string;
  file: string;
  check: string;
  /** The counterexample loaded with --trace: its state numbers and step labels. */
  trace?: { ids: number[]; steps: { label: string; file: string; line: number }[]; note?: string };
}

export interface RunningExplorer {
  url: string;
  port: number;
  /** Stops accepting and ends open connections. */
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1:`port` (0: a free port). */
export async function startExplorer(
  explorer: Explorer,
  page: string,
  facts: ExplorerFacts,
  port = 0,
): Promise<RunningExplorer> {
  const initial = explorer.initial();
  const server = createServer(
    { maxHeaderSize: 8192, requestTimeout: 10_000, headersTimeout: 5_000 },
    (req, res) => respond(req, res, server, explorer, page, { ...facts, initial }),
  );
  server.keepAliveTimeout = 5_000;
  server.maxRequestsPerSocket = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'",
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, "application/json; charset=utf-8", safeJson(value));
}

/** A state number from the query: digits only, at most 9 of them. */
function stateNumber(text: string | null): number | undefined {
  return text !== null && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

function respond(
  req: IncomingMessage,
  res: ServerResponse,
  server: Server,
  explorer: Explorer,
  page: string,
  facts: ExplorerFacts & { initial: { id: number; summary: string }[] },
): void {
  const port = (server.address() as AddressInfo).port;
  const host = req.headers.host ?? "";
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
    return sendJson(res, 403, { error: "this server answers only at its own loopback address" });
  if (req.method !== "GET") {
    res.setHeader("allow", "GET");
    return sendJson(res, 405, { error: "only GET" });
  }
  const target = req.url ?? "/";
  if (target.length > MAX_URL) return sendJson(res, 414, { error: "request target too long" });
  const url = new URL(target, "http://127.0.0.1");
  try {
    switch (url.pathname) {
      case "/":
        return send(res, 200, "text/html; charset=utf-8", page);
      case "/api/spec":
        return sendJson(res, 200, facts);
      case "/api/state": {
        const id = stateNumber(url.searchParams.get("id"));
        const from = url.searchParams.get("from");
        const before = from === null ? undefined : stateNumber(from);
        if (id === undefined || (from !== null && before === undefined))
          return sendJson(res, 400, { error: "id (and from) must be state numbers" });
        return sendJson(res, 200, explorer.view(id, before));
      }
      default:
        return sendJson(res, 404, { error: `no such page: ${url.pathname}` });
    }
  } catch (e) {
    if (e instanceof ExplorerLimit) return sendJson(res, e.status, { error: e.message });
    return sendJson(res, 500, { error: `internal error: ${(e as Error).message}` });
  }
}
