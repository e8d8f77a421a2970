// The state explorer's page: inline style and script, the spec's source rendered here (escaped by
// html.ts). The script asks the server (explorer-server.ts) for states by number and shows them:
// pick an initial state, see every enabled step of every process instance with what it would
// change, take one, go back (or to any earlier point of the path), see the invariants evaluated in
// the state (the panel turns red when one is false, with the parts that break it), and walk a
// counterexample loaded with --trace forwards and backwards. The HTML pieces of a state come from
// the server, rendered and escaped by panels.ts; the script writes spec text only as textContent.

import { el, text } from "./html.js";
import { PAGE_STYLE } from "./page-style.js";
import { sourceView } from "./panels.js";

const STYLE = `
.explorer { display: grid; grid-template-columns: minmax(260px, 1fr) minmax(300px, 1.2fr); gap: 14px; }
#successors .instance { margin: 8px 0 2px; font-weight: 700; font-family: ui-monospace, monospace; font-size: 12px; }
#successors button.take { display: block; width: 100%; text-align: left; margin: 2px 0; }
#successors button.take .where { color: var(--muted); font-size: 12px; margin-left: 6px; }
#successors button.take .changes { display: block; font-family: ui-monospace, monospace; font-size: 12px; color: var(--muted); }
#successors button.take[disabled] { border-color: var(--bad); color: var(--bad); }
#invariants { border-color: #b2f2bb; }
#invariants.bad { border-color: var(--bad); background: #fff5f5; }
#invariants li.holds::marker { content: "✓ "; color: var(--good); }
#invariants li.broken { color: var(--bad); font-weight: 600; }
#invariants li.broken::marker { content: "✗ "; }
#invariants li .why { font-weight: normal; }
#path li { cursor: pointer; font-family: ui-monospace, monospace; font-size: 12px; }
#path li:hover { text-decoration: underline; }
#path li.current { font-weight: 700; cursor: default; text-decoration: none; }
.toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
#initial button { display: block; margin: 3px 0; text-align: left; }
#end { color: var(--bad); font-weight: 600; }
#error { color: var(--bad); }
`;

const SCRIPT = `
(function () {
  var facts = null, path = [], traceAt = -1;
  function $(id) { return document.getElementById(id); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function add(parent, tag, cls, textContent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (textContent !== undefined) e.textContent = textContent;
    parent.appendChild(e);
    return e;
  }
  function get(url) {
    return fetch(url).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.error || r.statusText);
        return body;
      });
    });
  }
  function fail(e) { $("error").textContent = String(e.message || e); }
  function highlight(file, line) {
    document.querySelectorAll(".line.hit").forEach(function (l) { l.classList.remove("hit"); });
    var files = document.querySelectorAll(".source-file");
    for (var f = 0; f < files.length; f++) {
      if (files[f].getAttribute("data-file") !== file) continue;
      var target = document.getElementById("src-" + f + "-" + line);
      if (!target) return;
      target.classList.add("hit");
      var pre = target.closest("pre");
      if (pre) pre.scrollTop = target.offsetTop - pre.clientHeight / 2;
    }
  }
  function show() {
    var here = path[path.length - 1];
    var before = path.length > 1 ? path[path.length - 2].id : undefined;
    $("error").textContent = "";
    return get("/api/state?id=" + here.id + (before === undefined ? "" : "&from=" + before)).then(function (view) {
      $("initial-panel").hidden = true;
      $("explore-panel").hidden = false;
      $("state").innerHTML = view.html;
      $("state-title").textContent = path.length === 1 ? "Initial state" : "State after step " + (path.length - 1) + ": " + here.label;
      var inv = clear($("invariant-list"));
      var bad = false;
      view.invariants.forEach(function (i) {
        var li = add(inv, "li", i.holds ? "holds" : "broken", i.name + (i.holds ? " holds" : " is violated") + (i.error ? ": " + i.error : ""));
        li.setAttribute("data-invariant", i.name);
        if (!i.holds) { bad = true; var why = add(li, "div", "why"); why.innerHTML = i.html; }
      });
      if (!view.invariants.length) add(inv, "li", "muted", "(no invariants)");
      $("invariants").classList.toggle("bad", bad);
      var list = clear($("successors"));
      var last = null;
      view.successors.forEach(function (s) {
        if (s.instance !== last) { add(list, "div", "instance", s.instance); last = s.instance; }
        var b = add(list, "button", "take");
        b.setAttribute("data-label", s.label);
        add(b, "span", "label", s.label);
        add(b, "span", "where", s.where);
        add(b, "span", "changes", s.fails ? s.fails : s.changes.join("; ") || "(no variable changes)");
        if (s.fails) b.disabled = true;
        b.addEventListener("mouseenter", function () { highlight(s.file, s.line); });
        b.addEventListener("mouseleave", function () { highlight(here.file || "", here.line || 0); });
        b.addEventListener("click", function () {
          traceAt = -1;
          path.push({ id: s.id, label: s.label, file: s.file, line: s.line });
          show().catch(fail);
        });
      });
      if (view.more) add(list, "div", "muted", "... and " + view.more + " more successors");
      $("end").textContent = view.end === "deadlock" ? "Deadlock: no step is enabled. " + view.waiting.join("; ")
        : view.end === "finished" ? "Every process has finished." : "";
      $("back").disabled = path.length < 2;
      var p = clear($("path"));
      path.forEach(function (step, k) {
        var li = add(p, "li", k === path.length - 1 ? "current" : "", k === 0 ? "initial state" : step.label);
        li.addEventListener("click", function () { if (k < path.length - 1) { path = path.slice(0, k + 1); traceAt = -1; show().catch(fail); } });
      });
      $("depth").textContent = String(path.length - 1);
      if (here.file) highlight(here.file, here.line); else highlight("", 0);
      traceBar();
    });
  }
  function start(id) { path = [{ id: id, label: "initial state" }]; traceAt = -1; return show(); }
  function walk(k) {
    var t = facts.trace;
    if (!t || k < 0 || k >= t.ids.length) return;
    traceAt = k;
    path = t.ids.slice(0, k + 1).map(function (id, j) {
      var s = j ? t.steps[j - 1] : null;
      return s ? { id: id, label: s.label, file: s.file, line: s.line } : { id: id, label: "initial state" };
    });
    show().catch(fail);
  }
  function traceBar() {
    var t = facts.trace;
    if (!t) return;
    $("trace-panel").hidden = false;
    $("trace-where").textContent = traceAt < 0 ? "not on the counterexample" : "step " + traceAt + " of " + (t.ids.length - 1);
    $("trace-back").disabled = traceAt <= 0;
    $("trace-forward").disabled = traceAt < 0 || traceAt >= t.ids.length - 1;
  }
  $("back").addEventListener("click", function () { if (path.length > 1) { path.pop(); traceAt = traceAt > 0 ? traceAt - 1 : -1; show().catch(fail); } });
  $("restart").addEventListener("click", function () { $("initial-panel").hidden = facts.initial.length < 2; if (facts.initial.length === 1) start(facts.initial[0].id).catch(fail); else $("explore-panel").hidden = true; });
  $("trace-start").addEventListener("click", function () { walk(0); });
  $("trace-back").addEventListener("click", function () { walk(traceAt - 1); });
  $("trace-forward").addEventListener("click", function () { walk(traceAt + 1); });
  $("trace-end").addEventListener("click", function () { walk(facts.trace.ids.length - 1); });
  get("/api/spec").then(function (f) {
    facts = f;
    $("title").textContent = "vmaspec explore " + f.file + " (check " + f.check + ")";
    if (f.trace && f.trace.note) $("trace-note").textContent = f.trace.note;
    var pick = clear($("initial"));
    f.initial.forEach(function (i, k) {
      var b = add(pick, "button", "", "Initial state " + (k + 1) + ": " + i.summary);
      b.addEventListener("click", function () { start(i.id).catch(fail); });
    });
    if (f.trace) traceBar();
    if (f.initial.length === 1) return start(f.initial[0].id);
    $("initial-panel").hidden = false;
  }).catch(fail);
})();
`;

/** The explorer's page for a spec whose sources are `sources`. */
export function explorerPage(title: string, sources: { file: string; text: string }[]): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${text("title", {}, title)}
<style>${PAGE_STYLE}${STYLE}</style></head>
<body>
<header><h1 id="title">${text("span", {}, title)}</h1><div class="sub">Take steps by hand: every enabled step of every process instance, what it changes, and the invariants in each state.</div></header>
<div class="page"><main>
<p id="error"></p>
<div class="panel" id="trace-panel" hidden><div class="toolbar"><strong>Counterexample</strong>
<button id="trace-start">« start</button><button id="trace-back">◀ step back</button><button id="trace-forward">step forward ▶</button><button id="trace-end">end »</button>
<span id="trace-where" class="muted"></span></div><div id="trace-note" class="muted"></div></div>
<div class="panel" id="initial-panel" hidden><h3>Pick an initial state</h3><div id="initial"></div></div>
<div id="explore-panel" hidden>
<div class="toolbar"><button id="back">◀ back</button><button id="restart">restart</button><span class="muted">depth <span id="depth">0</span></span></div>
<div class="explorer">
<div><div class="panel"><h3>Enabled steps</h3><div id="successors"></div><p id="end"></p></div>
<div class="panel"><h3>Path</h3><ol id="path" start="0"></ol></div></div>
<div><div class="panel" id="invariants"><h3>Invariants</h3><ul id="invariant-list"></ul></div>
<div class="panel"><h3 id="state-title">State</h3><div id="state"></div></div></div>
</div></div>
</main>
${el("aside", { class: "sources" }, text("h2", {}, "Source"), sourceView(sources, "src"))}
</div>
<script>${SCRIPT}</script>
</body></html>
`;
}
