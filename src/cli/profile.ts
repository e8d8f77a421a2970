// `check --profile`: where the state space comes from. Per step and action: how many successors it
// emitted and how many new distinct states it reached first (breadth-first), biggest first; per
// either branch how often it ran; the distinct states at each depth as a bar chart. This is what a
// user needs when a model blows up: the step that produces the states to cut.

import type { CheckRun } from "../checks/run.js";
import { stepLabel } from "../engines/coverage.js";

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** Columns padded to their widest cell, the first left-aligned, the others right-aligned. */
function table(rows: string[][], indent: string): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => (i <= 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join("  ")
        .trimEnd(),
  );
}

/** The profile of a check run, or a line saying why there is none. */
export function formatProfile(run: CheckRun): string[] {
  const model = run.model!;
  const profile = run.result?.profile;
  const coverage = run.result?.coverage;
  if (!profile || !coverage) return ["  profile: not recorded (the search ran on several threads)"];
  const total = profile.levelStates.reduce((a, b) => a + b, 0);
  const initial = profile.levelStates[0] ?? 0;
  const lines = [`  profile: where the ${int(total)} distinct states come from (${int(initial)} initial)`];
  const order = model.steps
    .map((_, i) => i)
    .sort((a, b) => profile.stepNewStates[b] - profile.stepNewStates[a]);
  const rows = [["step", "where", "fired", "new states", "share"]];
  for (const i of order) {
    const s = model.steps[i];
    const fresh = profile.stepNewStates[i];
    const share = total > initial ? `${((100 * fresh) / (total - initial)).toFixed(1)}%` : "-";
    rows.push([stepLabel(model, i), `${s.file}:${s.line}`, int(coverage.stepHits[i]), int(fresh), share]);
  }
  lines.push(...table(rows, "    "));
  if (model.branches.length) {
    const branches = [["either branch", "where", "ran"]];
    model.branches.forEach((b, i) => {
      const step = model.steps[b.step];
      branches.push([
        `branch ${b.index + 1} in ${stepLabel(model, b.step)}`,
        `${b.file ?? step.file}:${b.line}`,
        int(coverage.branchHits[i]),
      ]);
    });
    lines.push(...table(branches, "    "));
  }
  lines.push("  distinct states per depth:");
  const widest = Math.max(1, ...profile.levelStates);
  const depthWidth = String(profile.levelStates.length - 1).length;
  profile.levelStates.forEach((n, depth) => {
    const bar = "#".repeat(Math.max(n > 0 ? 1 : 0, Math.round((40 * n) / widest)));
    lines.push(`    ${String(depth).padStart(depthWidth)} ${bar.padEnd(40)} ${int(n)}`);
  });
  return lines;
}
