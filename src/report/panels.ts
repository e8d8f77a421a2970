// HTML pieces the report and the explorer both show, rendered here once: a state with its changed
// variables highlighted, the why-panel of a violation, and the spec's source with line anchors.
// The explorer's server sends the same pieces to its page, so both tools show a state one way.
// Every string from the spec goes through html.ts.

import { el, escapeHtml, text } from "./html.js";
import type { ReportState, ReportViolation } from "./report-data.js";

/** A state as a table: changed variables highlighted, with the value before struck through. */
export function stateTable(state: ReportState): string {
  const rows = state.vars.map((v) =>
    el(
      "tr",
      { class: v.changed ? "changed" : undefined, "data-var": v.name },
      text("td", { class: "name" }, v.name),
      el(
        "td",
        {},
        v.before !== undefined ? text("span", { class: "before" }, v.before) : "",
        escapeHtml(v.value),
      ),
    ),
  );
  return el("table", { class: "state" }, el("tbody", {}, ...rows));
}

/** The parts of a formula with their values, indented by depth, those that break it marked. */
export function formulaParts(parts: ReportViolation["why"]): string {
  return parts
    .map((p) =>
      el(
        "div",
        { class: p.breaks ? "part breaks" : "part" },
        escapeHtml(`${"  ".repeat(p.depth)}${p.text}`),
        p.binding
          ? ""
          : text("span", { class: "value" }, `  = ${p.value}${p.breaks ? "   ← breaks it" : ""}`),
      ),
    )
    .join("");
}

/** Why the violation happens: the formula's parts, the lasso's cycle, or what a deadlock waits on. */
export function whyPanel(v: ReportViolation): string {
  const out: string[] = [text("p", { class: "heading" }, v.heading)];
  if (v.why.length) out.push(el("div", { class: "parts" }, formulaParts(v.why)));
  if (v.cycle.length)
    out.push(
      text("p", {}, "The cycle is a fair behaviour: weak fairness holds for every fair process instance."),
      el(
        "table",
        { class: "list" },
        el(
          "tbody",
          {},
          ...v.cycle.map((m) =>
            el(
              "tr",
              {},
              text("td", { class: "mono" }, m.instance),
              text("td", {}, m.fair ? "fair" : "not fair"),
              text("td", {}, m.says),
            ),
          ),
        ),
      ),
    );
  if (v.stuck.length) out.push(text("pre", {}, v.stuck.join("\n")));
  if (v.kind === "assert" || v.kind === "runtime") {
    const last = v.steps[v.steps.length - 1];
    if (last?.fails)
      out.push(text("p", {}, `The last step, ${last.label} (${last.where}), does not complete.`));
  }
  return el("div", { class: "why" }, ...out);
}

/** The id of a source line's element: file by its index among the sources. */
export function lineId(prefix: string, file: number, line: number): string {
  return `${prefix}-${file}-${line}`;
}

/** Each source file as numbered lines, each line an element with an id (lineId) to highlight. */
export function sourceView(sources: { file: string; text: string }[], prefix: string): string {
  return sources
    .map((s, f) =>
      el(
        "div",
        { class: "source-file", "data-file": s.file },
        text("h3", { class: "mono" }, s.file),
        el(
          "pre",
          { class: "source" },
          ...s.text
            .split(/\r?\n/)
            .map((line, i) =>
              el(
                "span",
                { class: "line", id: lineId(prefix, f, i + 1) },
                text("span", { class: "ln" }, String(i + 1)),
                escapeHtml(line),
              ),
            ),
        ),
      ),
    )
    .join("");
}
