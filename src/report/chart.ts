// The states found at each depth of a breadth-first search as a bar chart in SVG, drawn by hand
// (a few rectangles; no library). A model that blows up shows it here: the level where the bars
// stop shrinking. In: the counts per level. Out: SVG markup.

import { el, text } from "./html.js";

const HEIGHT = 140;
const BAR_AREA = 640;

/** The bar chart of `levels` (states at depth 0, 1, ...). */
export function levelsChart(levels: readonly number[]): string {
  if (!levels.length) return "";
  const most = Math.max(1, ...levels);
  const bar = Math.max(2, Math.min(24, Math.floor(BAR_AREA / levels.length)));
  const width = 50 + levels.length * bar + 10;
  const bars = levels.map((n, depth) => {
    const h = Math.max(n ? 1 : 0, Math.round((n / most) * HEIGHT));
    return el(
      "rect",
      { x: 50 + depth * bar, y: 10 + HEIGHT - h, width: Math.max(1, bar - 1), height: h, class: "bar" },
      text("title", {}, `depth ${depth}: ${n.toLocaleString("en-US")} states`),
    );
  });
  return el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      class: "chart",
      width,
      height: HEIGHT + 36,
      role: "img",
      "aria-label": `distinct states at each of ${levels.length} depths`,
    },
    text("text", { x: 46, y: 18, "text-anchor": "end", class: "axis" }, most.toLocaleString("en-US")),
    text("text", { x: 46, y: HEIGHT + 10, "text-anchor": "end", class: "axis" }, "0"),
    el("line", { x1: 49, x2: width - 10, y1: HEIGHT + 10.5, y2: HEIGHT + 10.5, class: "axis-line" }),
    ...bars,
    text("text", { x: 50, y: HEIGHT + 28, class: "axis" }, "depth 0"),
    text(
      "text",
      { x: width - 10, y: HEIGHT + 28, "text-anchor": "end", class: "axis" },
      `depth ${levels.length - 1}`,
    ),
  );
}
