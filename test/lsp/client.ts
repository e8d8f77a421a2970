// A language-server client for tests: starts `vmaspec lsp --stdio` as a child process (the built
// command, as an editor starts it) and speaks the protocol to it, JSON-RPC messages framed by
// Content-Length headers, with nothing of vscode's client libraries in between.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { pathToFileURL } from "node:url";
import { cliPath } from "../helpers/cli.js";

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];
  /** Every notification received, in order. */
  readonly notifications: Message[] = [];
  stderr = "";

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /** Starts the server in `cwd` and initializes it. */
  static async start(cwd: string): Promise<LspClient> {
    const client = new LspClient(spawn(process.execPath, [cliPath, "lsp", "--stdio"], { cwd }));
    await client.request("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(cwd).href,
      capabilities: {},
    });
    client.notify("initialized", {});
    return client;
  }

  /** The id of the last request sent (for `$/cancelRequest`). */
  lastId = 0;

  request<T = any>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.lastId = id;
    this.send({ id, method, params });
    return new Promise<T>((resolve, reject) =>
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject }),
    );
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The next notification `method` (received from now on) whose params satisfy `accept`. */
  waitFor<T = any>(
    method: string,
    accept: (params: T) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      const listener = (m: Message) => {
        if (m.method !== method || !accept(m.params as T)) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(m.params as T);
      };
      this.listeners.push(listener);
    });
  }

  /** Shuts the server down as an editor does; its exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.on("exit", (code) => resolve(code)));
    await this.request("shutdown", null);
    this.notify("exit", null);
    return exited;
  }

  private send(m: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...m }), "utf8");
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(
        /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1],
      );
      if (this.buffer.length < headerEnd + 4 + length) return;
      const m = JSON.parse(
        this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8"),
      ) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(m);
    }
  }

  private dispatch(m: Message): void {
    if (m.id !== undefined && m.method === undefined) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error.message));
      else p?.resolve(m.result);
    } else if (m.id !== undefined) {
      this.send({ id: m.id, result: null }); // a request from the server (codeLens refresh, ...)
    } else {
      this.notifications.push(m);
      for (const l of [...this.listeners]) l(m);
    }
  }
}

/** The file URI of a path. */
export const uriOf = (path: string): string => pathToFileURL(path).href;
