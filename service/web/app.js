// jxscan web page: submit a report to POST /v1/check, list the findings, and show the
// document text with every finding's evidence highlighted (<mark>), linked both ways.
// No framework and no build step; document text only ever enters the page as text nodes.
"use strict";

const SEVERITY = {
  error: { rank: 0 },
  warning: { rank: 1 },
  info: { rank: 2 },
};

const $ = (id) => document.getElementById(id);

// ------------------------------------------------------------------ language

// The texts come from the one catalogue (extract/messages/) as /static/messages.js.
// Language: the address's ?lang=zh|en when given; else the browser's languages: English
// when they name English and no Chinese (a Chinese auditor on an English-language system
// who lists zh anywhere keeps Chinese); else Chinese. The page sends its language to the
// API as Accept-Language, so the error messages it shows are in the same language.
const I18N = window.JXSCAN_I18N || { messages: {}, recipes: [] };

function pickLang() {
  const asked = String(new URLSearchParams(window.location.search).get("lang") || "").toLowerCase();
  if (asked.startsWith("en")) return "en";
  if (asked.startsWith("zh")) return "zh";
  const listed = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language])
    .map((l) => String(l || "").toLowerCase());
  if (listed.some((l) => l.startsWith("zh"))) return "zh";
  return listed.length && listed[0].startsWith("en") ? "en" : "zh";
}

const LANG = pickLang();

// The message ``id`` in the page's language with ``{field}``s filled in.
function T(id, fields) {
  const entry = I18N.messages[id];
  const text = entry ? entry[LANG] || entry.zh : id;
  return text.replace(/\{(\w+)\}/g, (m, k) => (fields && k in fields ? String(fields[k]) : m));
}

function translatePage() {
  document.documentElement.lang = LANG === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = T(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.setAttribute("placeholder", T(node.dataset.i18nPlaceholder));
  }
  for (const node of document.querySelectorAll("[data-i18n-aria-label]")) {
    node.setAttribute("aria-label", T(node.dataset.i18nAriaLabel));
  }
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

// ------------------------------------------------------------------ submitting

async function submit(event) {
  event.preventDefault();
  const file = $("file").files[0];
  const text = $("text").value;
  let request;
  if (file) {
    const form = new FormData();
    form.append("file", file, file.name);
    form.append("include_text", "true");
    request = { method: "POST", body: form };
  } else if (text.trim()) {
    request = {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: text, include_text: true }),
    };
  } else {
    setStatus(T("page.need_input"), true);
    return;
  }
  $("submit").disabled = true;
  setStatus(T("page.checking"), false);
  request.headers = { ...(request.headers || {}), "Accept-Language": LANG };
  const started = performance.now();
  try {
    const response = await fetch("/v1/check", request);
    let body;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const msg = body && body.error ? body.error.message : response.statusText;
      setStatus(T("page.failed", { status: response.status, message: msg }), true);
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    render(body, file ? null : text);
    setStatus(T("page.done", { seconds }), false);
  } catch (e) {
    setStatus(T("page.offline", { message: e.message }), true);
  } finally {
    $("submit").disabled = false;
  }
}

function setStatus(message, isError) {
  const s = $("status");
  s.textContent = message;
  s.classList.toggle("error", Boolean(isError));
  s.setAttribute("role", isError ? "alert" : "status");
}

// ------------------------------------------------------------------ offsets

// The API's offsets count Unicode code points (Python str indices); JavaScript strings
// index UTF-16 units. Map one to the other when the text has characters outside the BMP.
function codePointToUtf16(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
  const map = [];
  let u = 0;
  for (const ch of text) {
    map.push(u);
    u += ch.length;
  }
  map.push(u);
  return (i) => map[Math.min(i, map.length - 1)];
}

// ------------------------------------------------------------------ rendering

function render(report, pastedText) {
  const text = typeof report.text === "string" ? report.text : pastedText || "";
  const toU16 = codePointToUtf16(text);
  const findings = (report.findings || []).map((f, i) => {
    const ok = Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.end > f.start;
    return { ...f, idx: i, s: ok ? toU16(f.start) : -1, e: ok ? toU16(f.end) : -1 };
  });
  findings.sort((a, b) => rank(a) - rank(b) || (a.s < 0) - (b.s < 0) || a.s - b.s);

  renderSummary(report);
  renderDocument(text, findings);
  renderFindings(findings);
  $("result").hidden = false;
  $("result").scrollIntoView({ behavior: "smooth", block: "start" });
}

function rank(f) {
  return (SEVERITY[f.severity] || { rank: 9 }).rank;
}

function renderSummary(report) {
  const counts = report.counts || {};
  const unknown = T("page.unknown");
  const items = [
    [T("page.field.title"), report.title || unknown],
    [T("page.field.department"), report.department || unknown],
    [T("page.field.year"), report.year ? String(report.year) : unknown],
    [T("page.field.source"), report.source || ""],
  ];
  if (report.pages) items.push([T("page.field.pages"), String(report.pages)]);
  const dl = el("dl");
  for (const [k, v] of items) dl.append(el("dt", {}, k), el("dd", {}, v));
  const risk = typeof report.risk === "number" ? report.risk.toFixed(1) : "—";
  const badges = el(
    "div",
    { class: "badges" },
    el("span", { class: "risk", title: T("page.risk_title") }, T("page.risk", { risk })),
    ...["error", "warning", "info"].map((s) =>
      el("span", { class: `count sev-${s}` }, T("page.count", { label: T(`severity.${s}`), n: counts[s] || 0 })),
    ),
  );
  $("summary").replaceChildren(dl, badges);
}

// Split the text at every span boundary; each piece covered by findings becomes one <mark>
// listing them all (spans may nest or overlap), coloured by the most severe.
function renderDocument(text, findings) {
  const located = findings.filter((f) => f.s >= 0 && f.e <= text.length);
  const cuts = new Set([0, text.length]);
  for (const f of located) {
    cuts.add(f.s);
    cuts.add(f.e);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    const piece = text.slice(a, b);
    const covering = located.filter((f) => f.s <= a && f.e >= b);
    if (!covering.length) {
      frag.append(document.createTextNode(piece));
      continue;
    }
    covering.sort((x, y) => rank(x) - rank(y) || x.e - x.s - (y.e - y.s));
    const top = covering[0];
    const mark = el(
      "mark",
      {
        class: `sev-${top.severity}`,
        title: covering.map((f) => `${f.code} ${f.message}`).join("\n"),
        dataset: { code: top.code, findings: covering.map((f) => f.idx).join(" ") },
      },
      piece,
    );
    frag.append(mark);
  }
  $("doc").replaceChildren(frag);
}

function renderFindings(findings) {
  const list = $("findings");
  list.replaceChildren(...findings.map(findingItem));
  $("findings-count").textContent = LANG === "zh" ? `（${findings.length}）` : `(${findings.length})`;
  $("no-findings").hidden = findings.length > 0;
  applyFilters();
}

function findingItem(f) {
  const sevLabel = SEVERITY[f.severity] ? T(`severity.${f.severity}`) : f.severity;
  const where = [f.location || ""];
  if (f.page) where.push(T("page.on_page", { page: f.page }));
  const li = el(
    "li",
    {
      class: `finding sev-${f.severity}`,
      tabindex: "0",
      id: `finding-${f.idx}`,
      dataset: { idx: String(f.idx), code: f.code, severity: f.severity },
    },
    el("div", { class: "head" }, el("span", { class: "code" }, f.code), el("span", { class: "sev" }, sevLabel)),
    el("p", { class: "msg" }, f.message || ""),
    el("p", { class: "loc" }, where.filter(Boolean).join(" · ") || T("page.no_location")),
  );
  const sentence = explain(f);
  if (sentence) li.append(el("p", { class: "explain" }, sentence));
  if (f.details && typeof f.details === "object" && Object.keys(f.details).length) {
    // The raw details behind a toggle: for whoever checks the sentence against the data.
    li.append(
      el("details", { class: "raw" }, el("summary", {}, T("page.raw_details")),
        el("pre", {}, JSON.stringify(f.details, null, 1))),
    );
  }
  if (f.s < 0) li.append(el("p", { class: "nospan" }, T("page.no_span")));
  return li;
}

// ------------------------------------------------------------------ the sentence under a finding

// The same recipes as service/explain.py (received in messages.js): the message a recipe
// fills, the detail keys it needs, how each field is formatted.
function num(v) {
  if (typeof v !== "number") return String(v);
  const s = v.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" || s === "" ? "0" : s;
}

function quantity(raw) {
  let s = String(raw).split(/\s+/).filter(Boolean).join(" ").replaceAll(">=", "≥").replaceAll("<=", "≤");
  if (s.startsWith("=")) s = s.slice(1);
  return /[\u4e00-\u9fff%]/.test(s) ? s.replaceAll(" ", "") : s;
}

function lookup(prefix, v) {
  return I18N.messages[`${prefix}.${v}`] ? T(`${prefix}.${v}`) : String(v);
}

const RATE_WORD = { "explain.dir.increase": "explain.dir.up", "explain.dir.decrease": "explain.dir.down" };
const DIRECTION = { 增加: "explain.dir.increase", 减少: "explain.dir.decrease", 增长: "explain.dir.increase",
  下降: "explain.dir.decrease" };

function change(c) {
  if (!c || typeof c !== "object") return "";
  const parts = [];
  if (c.rate_kind === "completion") {
    if (c.rate !== null && c.rate !== undefined) parts.push(T("explain.completion", { rate: num(Math.abs(c.rate)) }));
    return parts.join(T("explain.comma"));
  }
  const word = DIRECTION[c.direction || ""];
  const direction = word ? T(word) : c.direction || "";
  if (c.amount !== null && c.amount !== undefined) {
    parts.push(T("explain.change_amount", { direction, amount: num(Math.abs(c.amount)) }));
  }
  if (c.rate !== null && c.rate !== undefined) {
    const id = c.rate_kind === "points" ? "explain.change_points" : "explain.change_rate";
    const rateWord = RATE_WORD[word] ? T(RATE_WORD[word]) : direction;
    parts.push(T(id, { direction: rateWord, rate: num(Math.abs(c.rate)) }));
  }
  return parts.join(T("explain.comma"));
}

const FORMATS = {
  num: (v) => num(v),
  text: (v) => String(v).split(/\s+/).filter(Boolean).join(" "),
  share: (v) => (typeof v === "number" ? `${num(Math.round(v * 1000) / 10)}%` : String(v)),
  pct: (v) => `${num(v)}%`,
  quantity,
  signed_pct: (v) => {
    if (typeof v !== "number") return String(v);
    if (v === 0) return "0%";
    return T("explain.dir_pct", { direction: T(v > 0 ? "explain.dir.up" : "explain.dir.down"), v: num(Math.abs(v)) });
  },
  change,
  expected: (v) => {
    if (v && typeof v === "object") {
      const vals = [...new Set(Object.values(v).filter((x) => typeof x === "number").map(num))];
      return vals.sort((a, b) => Number(a) - Number(b)).join(T("explain.or"));
    }
    return num(v);
  },
  rule: (v) => (v === "none" ? T("explain.rule_none_short") : lookup("scoring", v)),
  status: (v) => lookup("status", v),
  quality: (v) => lookup("quality", v),
  funds: (v) => (v && typeof v === "object" ? T("explain.funds_sum", { total: num(v.total), sum: num(v.sum) }) : String(v)),
  other: (v) =>
    v && typeof v === "object"
      ? ["department", "year", "source"].filter((k) => v[k]).map((k) => String(v[k])).join(" ") || String(v.doc_id || "")
      : String(v),
};

function explain(f) {
  const d = f.details;
  if (!d || typeof d !== "object") return "";
  const parts = [];
  const used = new Set();
  for (const r of I18N.recipes) {
    if (r.codes && !r.codes.includes(f.code)) continue;
    if (r.not_codes && r.not_codes.includes(f.code)) continue;
    if (!r.keys.every((k) => d[k] !== null && d[k] !== undefined)) continue;
    if (r.keys.length && r.keys.every((k) => used.has(k))) continue;
    const fields = {};
    for (const k of r.keys) {
      const name = /^[A-Za-z_]\w*$/.test(k) ? k : "v";
      fields[name] = FORMATS[(r.fmt || {})[k] || "num"](d[k]);
    }
    if (!Object.values(fields).every(Boolean)) continue;
    parts.push(T(r.id, fields));
    r.keys.forEach((k) => used.add(k));
  }
  return parts.length ? parts.join(T("explain.sep")) + T("explain.end") : "";
}

// ------------------------------------------------------------------ linking

function marksOf(idx) {
  return [...$("doc").querySelectorAll("mark")].filter((m) => m.dataset.findings.split(" ").includes(String(idx)));
}

function activate(idx, scrollTarget) {
  for (const n of document.querySelectorAll(".active")) n.classList.remove("active");
  const li = $(`finding-${idx}`);
  const marks = marksOf(idx);
  if (li) li.classList.add("active");
  for (const m of marks) m.classList.add("active");
  if (scrollTarget === "text" && marks.length) scrollWithin($("doc"), marks[0], "center");
  if (scrollTarget === "text" && li) scrollWithin($("findings"), li, "nearest");
  if (scrollTarget === "list" && li) scrollWithin($("findings"), li, "nearest");
}

// Scroll a pane (not the whole page) so that ``target`` shows; the page itself moves only
// when the pane is not fully on screen (narrow layouts).
function scrollWithin(pane, target, block) {
  const p = pane.getBoundingClientRect();
  const t = target.getBoundingClientRect();
  let delta = 0;
  if (block === "center") delta = t.top - p.top - (p.height - Math.min(t.height, p.height)) / 2;
  else if (t.top < p.top) delta = t.top - p.top;
  else if (t.bottom > p.bottom) delta = t.bottom - p.bottom;
  if (delta) pane.scrollBy({ top: delta, behavior: "smooth" });
  if (p.top < 0 || p.bottom > window.innerHeight) pane.scrollIntoView({ behavior: "smooth", block: "nearest" });
}

function onFindingClick(event) {
  const li = event.target.closest("li.finding");
  if (li) activate(li.dataset.idx, "text");
}

function onFindingKey(event) {
  if (event.key !== "Enter" && event.key !== " ") return;
  const li = event.target.closest("li.finding");
  if (!li) return;
  event.preventDefault();
  activate(li.dataset.idx, "text");
}

// A click on a highlight selects the finding it belongs to (the next one on repeated clicks
// when several findings share the text).
function onMarkClick(event) {
  const mark = event.target.closest("mark");
  if (!mark) return;
  const ids = mark.dataset.findings.split(" ");
  const current = document.querySelector("li.finding.active");
  const at = current ? ids.indexOf(current.dataset.idx) : -1;
  activate(ids[(at + 1) % ids.length], "list");
}

function applyFilters() {
  const shown = new Set(
    [...document.querySelectorAll("#filters input:checked")].map((c) => c.value),
  );
  for (const li of document.querySelectorAll("li.finding")) li.hidden = !shown.has(li.dataset.severity);
}

// ------------------------------------------------------------------ wiring

function onFileChange() {
  const file = $("file").files[0];
  $("clear-file").hidden = !file;
  $("text").disabled = Boolean(file);
  $("file-name").textContent = file ? `${file.name} (${formatSize(file.size)})` : T("page.no_file");
}

function formatSize(bytes) {
  if (bytes < 1024) return T("page.bytes", { n: bytes });
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

document.addEventListener("DOMContentLoaded", () => {
  translatePage();
  $("check-form").addEventListener("submit", submit);
  $("file").addEventListener("change", onFileChange);
  $("clear-file").addEventListener("click", () => {
    $("file").value = "";
    onFileChange();
  });
  $("findings").addEventListener("click", onFindingClick);
  $("findings").addEventListener("keydown", onFindingKey);
  $("doc").addEventListener("click", onMarkClick);
  $("filters").addEventListener("change", applyFilters);
});
