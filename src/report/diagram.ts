// The counterexample as a sequence diagram in SVG, drawn by hand (a chart library would be larger
// than the whole report and is not needed for boxes and lines): one column per lane (process
// instance or action) as trace/lanes.ts orders them, time going down, each step a box in its lane
// with its name, file:line and what it changed; a dashed arrow where the next step is another
// lane's (a context switch); the cycle of a lasso marked; the violation in a red bar at the bottom.
// Each box carries data-step so that the page's script can show its state. In: ReportViolation.
// Out: SVG markup, every text escaped.

import { clip, el, escapeHtml, text } from "./html.js";
import type { ReportViolation } from "./report-data.js";

const COLUMN = 200;
const GAP = 16;
const LEFT = 34;
const HEAD = 34;
const LINE = 14;
/** Lines of changes a box shows; the rest are counted ("+2 more") and listed in the state panel. */
const MAX_CHANGES = 4;
/** Characters of 11px monospace that fit a box. */
const CHARS = Math.floor((COLUMN - 14) / 6.7);

/** The diagram of `v`; `check` numbers the check in the page, for the ids. */
export function sequenceDiagram(v: ReportViolation, check: number): string {
  const lanes = v.lanes.length ? v.lanes : ["(no step)"];
  // Wide enough for the violation's line under a single lane, up to a limit.
  const width = Math.max(
    LEFT + lanes.length * (COLUMN + GAP),
    Math.min(900, LEFT + 24 + 7 * v.heading.length),
  );
  const x = (lane: string) => LEFT + Math.max(0, lanes.indexOf(lane)) * (COLUMN + GAP);
  const body: string[] = [];
  let y = HEAD + 16;
  // Step 0: the initial state, a box across the lanes.
  body.push(
    el(
      "g",
      { class: "step", "data-check": check, "data-step": 0, tabindex: 0, role: "button" },
      el("title", {}, "the initial state"),
      el("rect", { x: LEFT, y, width: width - LEFT - GAP, height: 22, rx: 4, class: "box initial" }),
      text("text", { x: LEFT + 8, y: y + 15, class: "name" }, "initial state"),
      text("text", { x: 6, y: y + 15, class: "number" }, "0"),
    ),
  );
  y += 22 + 10;
  const boxes: { x: number; y: number; h: number }[] = [];
  v.steps.forEach((s, i) => {
    if (v.cycleStart === i) {
      body.push(el("line", { x1: 0, x2: width, y1: y, y2: y, class: "cycle" }));
      body.push(
        text(
          "text",
          { x: width - GAP, y: y - 4, class: "cycle-label", "text-anchor": "end" },
          `the cycle starts (state ${i})`,
        ),
      );
      y += 10;
    }
    const shown = s.changes.slice(0, MAX_CHANGES);
    const more = s.changes.length - shown.length;
    const lines = 2 + shown.length + (more > 0 ? 1 : 0) + (s.fails ? 1 : 0);
    const h = lines * LINE + 10;
    const bx = x(s.lane);
    const texts = [
      text("text", { x: bx + 7, y: y + 16, class: "name" }, clip(s.title, CHARS)),
      text("text", { x: bx + 7, y: y + 16 + LINE, class: "where" }, s.where),
      ...shown.map((c, k) =>
        text("text", { x: bx + 7, y: y + 16 + (2 + k) * LINE, class: "change" }, clip(c, CHARS)),
      ),
    ];
    if (more > 0)
      texts.push(
        text("text", { x: bx + 7, y: y + 16 + (2 + shown.length) * LINE, class: "where" }, `+${more} more`),
      );
    if (s.fails)
      texts.push(text("text", { x: bx + 7, y: y + 16 + (lines - 1) * LINE, class: "fails" }, "fails here"));
    body.push(
      el(
        "g",
        {
          class: "step",
          "data-check": check,
          "data-step": i + 1,
          tabindex: 0,
          role: "button",
        },
        el("title", {}, escapeHtml([`${i + 1}. ${s.label}  (${s.where})`, ...s.changes].join("\n"))),
        el("rect", { x: bx, y, width: COLUMN, height: h, rx: 4, class: s.fails ? "box failing" : "box" }),
        text("text", { x: 6, y: y + 16, class: "number" }, String(i + 1)),
        ...texts,
      ),
    );
    boxes.push({ x: bx, y, h });
    y += h + 10;
  });
  // A context switch: a dashed arrow from the end of one step to the start of the next.
  for (let i = 1; i < boxes.length; i++) {
    const [a, b] = [boxes[i - 1], boxes[i]];
    if (a.x === b.x) continue;
    const right = b.x > a.x;
    body.push(
      el("path", {
        d: `M ${right ? a.x + COLUMN : a.x} ${a.y + a.h - 6} L ${right ? b.x : b.x + COLUMN} ${b.y + 8}`,
        class: "switch",
        "marker-end": `url(#arrow-${check})`,
      }),
    );
  }
  if (v.cycleStart !== undefined)
    body.push(
      text(
        "text",
        { x: width - GAP, y: y + 4, class: "cycle-label", "text-anchor": "end" },
        v.cycleStart >= v.steps.length
          ? `stays in state ${v.steps.length} forever`
          : `back to state ${v.cycleStart}: the cycle repeats forever`,
      ),
    );
  y += 14;
  body.push(el("rect", { x: LEFT, y, width: width - LEFT - GAP, height: 24, rx: 4, class: "violation" }));
  body.push(
    text(
      "text",
      { x: LEFT + 8, y: y + 16, class: "violation-text" },
      clip(v.heading, Math.floor((width - LEFT) / 7)),
    ),
  );
  y += 34;
  const heads = lanes.map((lane) =>
    el(
      "g",
      {},
      el("line", {
        x1: x(lane) + COLUMN / 2,
        x2: x(lane) + COLUMN / 2,
        y1: HEAD,
        y2: y - 40,
        class: "lifeline",
      }),
      el("rect", { x: x(lane), y: 4, width: COLUMN, height: HEAD - 8, rx: 4, class: "lane" }),
      text(
        "text",
        { x: x(lane) + COLUMN / 2, y: 22, class: "lane-name", "text-anchor": "middle" },
        clip(lane, CHARS),
      ),
    ),
  );
  const defs = el(
    "defs",
    {},
    el(
      "marker",
      {
        id: `arrow-${check}`,
        viewBox: "0 0 10 10",
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: "auto",
      },
      el("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead" }),
    ),
  );
  return el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      class: "diagram",
      width,
      height: y,
      viewBox: `0 0 ${width} ${y}`,
      role: "img",
      "aria-label": `counterexample of ${v.steps.length} steps in ${lanes.length} lanes`,
    },
    defs,
    ...heads,
    ...body,
  );
}
