// The long fuzzing run: `node dist/scripts/fuzz.js [--seed S] [--count N] [--timeout MS]`.
// Mutants (scripts/fuzz-core.ts) run in a worker thread; the main thread is the watchdog: a mutant
// that takes longer than the timeout is a hang, and the worker is replaced. Every finding is
// printed with the seed and index that reproduce it, and a summary at the end.

import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSeeds, mutant, runMutant, type Finding } from "./fuzz-core.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

interface Job {
  base: number;
  from: number;
  to: number;
}

type Report = { type: "start"; index: number } | { type: "done"; index: number; finding?: Finding };

if (isMainThread) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const base = arg("--seed", 13) >>> 0;
  if (process.argv.includes("--write")) {
    // --write INDEX: the mutant's files in ./fuzz-case/, to reproduce a finding from the CLI.
    const m = mutant(loadSeeds(root), base, arg("--write", 0));
    const dir = resolve("fuzz-case");
    mkdirSync(dir, { recursive: true });
    if (m.importer) {
      writeFileSync(join(dir, `${m.importer.module}.vmaspec`), m.text);
      writeFileSync(
        join(dir, "root.vmaspec"),
        m.importer.text.replace(
          new RegExp(`^import ${m.importer.module}\\b`, "m"),
          `import "${m.importer.module}.vmaspec"`,
        ),
      );
    } else writeFileSync(join(dir, "m.vmaspec"), m.text);
    console.log(`wrote ${dir} (${m.seed}; ${m.mutations.join(", ")})`);
    process.exit(0);
  }
  const count = arg("--count", 10_000);
  const timeoutMs = arg("--timeout", 30_000);
  const seeds = loadSeeds(root);
  const findings: { index: number; kind: string; message: string; seed: string; mutations: string[] }[] = [];
  let done = 0;
  const started = Date.now();
  const note = (index: number, kind: string, message: string) => {
    const m = mutant(seeds, base, index);
    findings.push({ index, kind, message, seed: m.seed, mutations: m.mutations });
    console.log(
      `FINDING seed=${base} index=${index} ${kind} (${m.seed}; ${m.mutations.join(", ")}): ${message.slice(0, 300)}`,
    );
  };
  let next = 0;
  while (next < count) {
    next = await new Promise<number>((resolveNext) => {
      const worker = new Worker(fileURLToPath(import.meta.url), {
        workerData: { base, from: next, to: count } satisfies Job,
        // The stack of the command line's main thread (a worker's default is four times larger).
        resourceLimits: { maxOldGenerationSizeMb: 2048, stackSizeMb: 1 },
      });
      let current = next;
      let timer = setTimeout(hang, timeoutMs);
      function hang() {
        note(current, "hang", `no result after ${timeoutMs} ms`);
        void worker.terminate();
      }
      worker.on("message", (r: Report) => {
        clearTimeout(timer);
        timer = setTimeout(hang, timeoutMs);
        if (r.type === "start") current = r.index;
        else {
          done++;
          if (r.finding) note(r.index, r.finding.kind, r.finding.message);
          if (done % 250 === 0)
            console.log(
              `${done} mutants, ${findings.length} findings, ${((Date.now() - started) / 1000).toFixed(0)} s`,
            );
        }
      });
      worker.on("error", (e) => note(current, "abort", String(e)));
      worker.on("exit", () => {
        clearTimeout(timer);
        resolveNext(current + 1);
      });
    });
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n${count} mutants (seed ${base}) in ${seconds.toFixed(0)} s: ${findings.length} findings`);
  const byKind = new Map<string, number>();
  for (const f of findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  for (const [k, n] of byKind) console.log(`  ${k}: ${n}`);
} else {
  const job = workerData as Job;
  const seeds = loadSeeds(root);
  const dir = mkdtempSync(join(tmpdir(), "vmaspec-fuzz-"));
  for (let i = job.from; i < job.to; i++) {
    parentPort!.postMessage({ type: "start", index: i } satisfies Report);
    const finding = await runMutant(mutant(seeds, job.base, i), dir);
    parentPort!.postMessage({ type: "done", index: i, finding } satisfies Report);
  }
  process.exit(0);
}
