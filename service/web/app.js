// jxscan web page: submit a report to POST /v1/check, list the findings, and show the
// document text with every finding's evidence highlighted (<mark>), linked both ways.
// No framework and no build step; document text only ever enters the page as text nodes.
"use strict";

const SEVERITY = {
  error: { label: "错误", rank: 0 },
  warning: { label: "警告", rank: 1 },
  info: { label: "提示", rank: 2 },
};

const $ = (id) => document.getElementById(id);

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
    setStatus("请先粘贴报告文本或选择文件。", true);
    return;
  }
  $("submit").disabled = true;
  setStatus("正在检查……", false);
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
      setStatus(`检查失败（${response.status}）：${msg}`, true);
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    render(body, file ? null : text);
    setStatus(`完成，用时 ${seconds} 秒。`, false);
  } catch (e) {
    setStatus(`无法连接服务：${e.message}`, true);
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
  const items = [
    ["标题", report.title || "（未识别）"],
    ["部门", report.department || "（未识别）"],
    ["年度", report.year ? String(report.year) : "（未识别）"],
    ["来源", report.source || ""],
  ];
  if (report.pages) items.push(["页数", String(report.pages)]);
  const dl = el("dl");
  for (const [k, v] of items) dl.append(el("dt", {}, k), el("dd", {}, v));
  const risk = typeof report.risk === "number" ? report.risk.toFixed(1) : "—";
  const badges = el(
    "div",
    { class: "badges" },
    el("span", { class: "risk", title: "风险分（0–100）" }, `风险分 ${risk}`),
    el("span", { class: "count sev-error" }, `错误 ${counts.error || 0}`),
    el("span", { class: "count sev-warning" }, `警告 ${counts.warning || 0}`),
    el("span", { class: "count sev-info" }, `提示 ${counts.info || 0}`),
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
  $("findings-count").textContent = `（${findings.length}）`;
  $("no-findings").hidden = findings.length > 0;
  applyFilters();
}

function findingItem(f) {
  const sev = SEVERITY[f.severity] || { label: f.severity };
  const where = [f.location || ""];
  if (f.page) where.push(`第 ${f.page} 页`);
  const li = el(
    "li",
    {
      class: `finding sev-${f.severity}`,
      tabindex: "0",
      id: `finding-${f.idx}`,
      dataset: { idx: String(f.idx), code: f.code, severity: f.severity },
    },
    el("div", { class: "head" }, el("span", { class: "code" }, f.code), el("span", { class: "sev" }, sev.label)),
    el("p", { class: "msg" }, f.message || ""),
    el("p", { class: "loc" }, where.filter(Boolean).join(" · ") || "（无位置信息）"),
  );
  const details = detailsLine(f.details);
  if (details) li.append(el("p", { class: "details" }, details));
  if (f.s < 0) li.append(el("p", { class: "nospan" }, "（无原文定位）"));
  return li;
}

function detailsLine(details) {
  if (!details || typeof details !== "object") return "";
  const parts = [];
  for (const [k, v] of Object.entries(details)) {
    if (v === null || typeof v === "object") continue;
    parts.push(`${k}=${v}`);
  }
  return parts.join("，");
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
  $("file-name").textContent = file ? `${file.name}（${formatSize(file.size)}）` : "未选择文件";
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

document.addEventListener("DOMContentLoaded", () => {
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
