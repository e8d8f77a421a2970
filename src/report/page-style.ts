// The style sheet the HTML report and the explorer share, inlined into each page (no network at
// view time). Plain CSS with the system's fonts; colours that print well.

export const PAGE_STYLE = `
:root { --fg: #1d232a; --muted: #5f6b76; --line: #d5dbe1; --bg: #fff; --panel: #f6f8fa;
  --changed: #fff3bf; --bad: #c92a2a; --bad-bg: #ffe3e3; --good: #2b8a3e; --good-bg: #ebfbee;
  --accent: #1c7ed6; --select: #d0ebff; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 10px 16px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { font-size: 17px; margin: 0 0 2px; }
header .sub { color: var(--muted); }
main { padding: 12px 16px; min-width: 0; }
.page { display: grid; grid-template-columns: minmax(0, 1fr) minmax(300px, 30%); }
aside.sources { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; padding: 0 16px 12px 0; }
@media (max-width: 900px) { .page { grid-template-columns: 1fr; } aside.sources { position: static; padding: 0 16px; } }
h2 { font-size: 15px; margin: 14px 0 6px; }
h3 { font-size: 14px; margin: 10px 0 4px; }
code, pre, .mono, table.state td { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
nav.checks a { margin-right: 12px; }
.status { display: inline-block; padding: 1px 7px; border-radius: 9px; font-weight: 600; font-size: 12px; }
.status.met { background: var(--good-bg); color: var(--good); }
.status.not-met, .status.bad { background: var(--bad-bg); color: var(--bad); }
.status.inconclusive { background: #fff4e6; color: #d9480f; }
.columns { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
.columns > .left { flex: 0 1 auto; min-width: 0; overflow-x: auto; }
.columns > .right { flex: 1 1 280px; min-width: 0; }
.panel { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin-bottom: 12px; background: var(--bg); }
table.state { border-collapse: collapse; width: 100%; }
table.state td { padding: 1px 6px; border-bottom: 1px solid #eef1f4; vertical-align: top; word-break: break-all; }
table.state td.name { white-space: nowrap; word-break: normal; }
table.state tr.changed td { background: var(--changed); }
table.state .before { color: var(--muted); text-decoration: line-through; margin-right: 6px; }
.why .part { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; white-space: pre-wrap; }
.why .part.breaks { color: var(--bad); font-weight: 600; }
.why .part .value { color: var(--muted); }
.why .part.breaks .value { color: var(--bad); }
pre.source { margin: 0; max-height: 70vh; overflow: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 4px 0; }
pre.source .line { display: block; padding: 0 8px; white-space: pre; }
pre.source .line.hit { background: var(--select); outline: 1px solid var(--accent); }
pre.source .ln { display: inline-block; width: 3.5em; color: var(--muted); user-select: none; }
svg.diagram { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 11px; }
svg.diagram .lane { fill: #e7f5ff; stroke: #74c0fc; }
svg.diagram .lane-name { font-weight: 700; font-size: 12px; }
svg.diagram .lifeline { stroke: #adb5bd; stroke-dasharray: 4 4; }
svg.diagram .box { fill: #fff; stroke: #868e96; }
svg.diagram .box.initial { fill: var(--panel); }
svg.diagram .box.failing { stroke: var(--bad); }
svg.diagram .step { cursor: pointer; outline: none; }
svg.diagram .step:hover .box, svg.diagram .step:focus .box { stroke: var(--accent); stroke-width: 2; }
svg.diagram .step.selected .box { fill: var(--select); stroke: var(--accent); stroke-width: 2; }
svg.diagram .name { font-weight: 700; }
svg.diagram .where, svg.diagram .number { fill: var(--muted); }
svg.diagram .fails { fill: var(--bad); font-weight: 700; }
svg.diagram .switch { stroke: #adb5bd; stroke-dasharray: 3 3; fill: none; }
svg.diagram .arrowhead { fill: #adb5bd; }
svg.diagram .cycle { stroke: #f08c00; stroke-dasharray: 6 3; }
svg.diagram .cycle-label { fill: #f08c00; }
svg.diagram .violation { fill: var(--bad-bg); stroke: var(--bad); }
svg.diagram .violation-text { fill: var(--bad); font-weight: 700; }
svg.chart .bar { fill: #4dabf7; }
svg.chart .axis { font-size: 11px; fill: var(--muted); }
svg.chart .axis-line { stroke: var(--muted); }
table.list { border-collapse: collapse; }
table.list td, table.list th { padding: 1px 8px; text-align: left; border-bottom: 1px solid #eef1f4; }
table.list td.n { text-align: right; font-variant-numeric: tabular-nums; }
details pre { overflow-x: auto; background: var(--panel); padding: 8px; border-radius: 6px; }
button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { border-color: var(--accent); }
button:disabled { color: var(--muted); cursor: default; }
.muted { color: var(--muted); }
`;
