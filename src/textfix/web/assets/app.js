// textfix serve: the page. Every piece of the input and of the result is put in the page as
// text (textContent, createTextNode), never as markup: the text is hostile by nature.
"use strict";

const STRINGS = {
  en: {
    tagline: "Repairs garbled Chinese text on this machine. Nothing is uploaded.",
    inputTitle: "Text or file",
    placeholder: "Paste garbled text here (浠婂ぉ澶╂皵, ÄãºÃ, 聯(lián), &amp;...), or drop a file",
    dropHint: "Drop the file to decode it",
    chooseFile: "Choose a file",
    clearFile: "Back to text",
    clear: "Clear",
    options: "Options",
    target: "Convert script to",
    toNone: "no conversion", toSimplified: "simplified", toTraditional: "traditional",
    toTw: "Taiwan characters", toTwp: "Taiwan, with its phrases", toHk: "Hong Kong",
    toAuto: "auto (the text's own standard)",
    foldWidth: "Fullwidth letters and digits to ASCII",
    foldSpaces: "Unusual spaces to plain spaces",
    punctuation: "Halfwidth punctuation in Chinese to fullwidth",
    dropSpam: "Drop a first line of spam keywords",
    run: "Repair",
    resultTitle: "Result",
    waiting: "Paste text or drop a file.",
    working: "Repairing…",
    nothing: "Nothing to repair: the text is clean.",
    changes: (n) => `${n} ${n === 1 ? "change" : "changes"}`,
    findings: (n) => `${n} irrecoverable ${n === 1 ? "stretch" : "stretches"} reported`,
    tooLarge: (limit) => `Too large: the server takes at most ${limit} per request (413).`,
    failed: (message) => `The server refused it: ${message}`,
    offline: "The textfix server cannot be reached. Is textfix serve still running?",
    binary: "This file is binary data, not text.",
    charset: (enc, reason, size) => `Charset: ${enc} (${reason}), ${size} bytes`,
    fileInfo: (name, size) => `${name}: ${size} bytes`,
    pastedInfo: (size) => `Pasted text: ${size} characters, too long to edit here`,
    tabRepaired: "Repaired", tabDiff: "Diff", tabSummary: "Summary",
    copy: "Copy", copied: "Copied", download: "Download (UTF-8)",
    hoverHint: "Hover over or tap a highlighted change to see what it was and why it changed.",
    footer: "textfix serve: the page and the repair run on this machine.",
    before: "Before", after: "After", layer: "Layer", why: "Why", removed: "(removed)",
    chain: (from, to) => `${from} read as ${to}`,
    evidence: (bits) => `the repair is ${bits} bits more plausible`,
    lost: "the original characters were lost before this text was made",
    kind: "Found", count: "Count",
    scriptLine: (script, s, t, h) => `${script} (${s} simplified-only, ${t} traditional-only of ${h} Han characters)`,
    sampled: " in the first 100,000 characters",
    summaryNothing: "Nothing found.",
    reasons: {
      bom: "a byte-order mark says so", binary: "binary data", "utf-8": "valid UTF-8",
      "declared-verified": "as declared, and the bytes agree",
      "declared-overridden": "the declared charset was wrong; read from the bytes",
      detected: "read from the bytes, nothing declared", "per-line": "mixed, line by line",
    },
    kinds: {
      mojibake: "Mojibake repaired", irrecoverable: "Irrecoverable damage reported",
      annotations: "Romanization removed", entities: "HTML entities", invisible: "Invisible characters removed",
      control: "Control characters removed", unicode: "Other Unicode repairs", converted: "Script conversions",
      punctuation: "Punctuation made fullwidth", spam: "Spam lines dropped", chains: "Chains",
      script: "Script of the text", charset: "Charset",
    },
    layers: {
      decode: "charset", mojibake: "mojibake", html: "HTML entity", unicode: "Unicode",
      "unicode.nfc": "Unicode normalization", annotations: "romanization", script: "script conversion",
      punctuation: "punctuation", spam: "spam line",
    },
    actions: {
      recode: "read back in its real charset", ftfy: "repaired (ftfy)", irrecoverable: "damage that cannot be undone",
      "removed reading": "reading removed", "unescaped reference": "entity replaced",
      invisible: "invisible character removed", "control character": "control character removed",
      "unified ideograph": "compatibility character unified", "fullwidth to ASCII": "fullwidth to ASCII",
      space: "space made plain", "kept joiner": "joiner kept", NFC: "NFC", fullwidth: "made fullwidth",
      "dropped keyword line": "keyword line dropped",
    },
    scripts: { simplified: "simplified", traditional: "traditional", mixed: "mixed", ambiguous: "either script", none: "no Chinese" },
  },
  zh: {
    tagline: "在本机修复乱码中文，不上传任何内容。",
    inputTitle: "文本或文件",
    placeholder: "在此粘贴乱码（浠婂ぉ澶╂皵、ÄãºÃ、聯(lián)、&amp;……），或拖入文件",
    dropHint: "松开以解码文件",
    chooseFile: "选择文件",
    clearFile: "改回文本",
    clear: "清空",
    options: "选项",
    target: "转换为",
    toNone: "不转换", toSimplified: "简体", toTraditional: "繁体",
    toTw: "台湾字形", toTwp: "台湾（含用语）", toHk: "香港",
    toAuto: "自动（按原文标准）",
    foldWidth: "全角字母数字转半角",
    foldSpaces: "特殊空格转普通空格",
    punctuation: "中文里的半角标点转全角",
    dropSpam: "删除首行垃圾关键词",
    run: "修复",
    resultTitle: "结果",
    waiting: "粘贴文本或拖入文件。",
    working: "正在修复…",
    nothing: "没有需要修复的内容：文本是干净的。",
    changes: (n) => `共 ${n} 处修改`,
    findings: (n) => `${n} 处无法恢复的损坏`,
    tooLarge: (limit) => `内容过大：服务器每次最多接收 ${limit}（413）。`,
    failed: (message) => `服务器拒绝了请求：${message}`,
    offline: "无法连接 textfix 服务器。textfix serve 还在运行吗？",
    binary: "这是二进制数据，不是文本。",
    charset: (enc, reason, size) => `编码：${enc}（${reason}），${size} 字节`,
    fileInfo: (name, size) => `${name}：${size} 字节`,
    pastedInfo: (size) => `已粘贴 ${size} 个字符，太长，不在此处编辑`,
    tabRepaired: "修复结果", tabDiff: "对比", tabSummary: "摘要",
    copy: "复制", copied: "已复制", download: "下载（UTF-8）",
    hoverHint: "将鼠标悬停或点按高亮处，查看原文和修改原因。",
    footer: "textfix serve：页面和修复都在本机运行。",
    before: "原文", after: "修改为", layer: "层", why: "原因", removed: "（已删除）",
    chain: (from, to) => `${from} 被当作 ${to} 读取`,
    evidence: (bits) => `修复后的文本可信度高 ${bits} 比特`,
    lost: "原字符在生成此文本之前已经丢失",
    kind: "发现", count: "数量",
    scriptLine: (script, s, t, h) => `${script}（${h} 个汉字中，简体专用 ${s} 个，繁体专用 ${t} 个）`,
    sampled: "（按前 100,000 个字符）",
    summaryNothing: "什么也没发现。",
    reasons: {
      bom: "字节顺序标记", binary: "二进制数据", "utf-8": "有效的 UTF-8",
      "declared-verified": "与声明一致，字节验证无误",
      "declared-overridden": "声明的编码是错的，按字节检测",
      detected: "按字节检测，未声明编码", "per-line": "混合编码，逐行识别",
    },
    kinds: {
      mojibake: "修复的乱码", irrecoverable: "无法恢复的损坏", annotations: "删除的拼音注音",
      entities: "HTML 实体", invisible: "删除的不可见字符", control: "删除的控制字符",
      unicode: "其他 Unicode 修复", converted: "繁简转换", punctuation: "转为全角的标点",
      spam: "删除的垃圾行", chains: "编码链", script: "文本的字形", charset: "编码",
    },
    layers: {
      decode: "编码", mojibake: "乱码", html: "HTML 实体", unicode: "Unicode",
      "unicode.nfc": "Unicode 规范化", annotations: "拼音注音", script: "繁简转换",
      punctuation: "标点", spam: "垃圾行",
    },
    actions: {
      recode: "按真实编码重新读取", ftfy: "已修复（ftfy）", irrecoverable: "无法恢复的损坏",
      "removed reading": "删除注音", "unescaped reference": "替换实体",
      invisible: "删除不可见字符", "control character": "删除控制字符",
      "unified ideograph": "兼容字统一", "fullwidth to ASCII": "全角转半角",
      space: "空格规范化", "kept joiner": "保留连接符", NFC: "NFC", fullwidth: "转为全角",
      "dropped keyword line": "删除关键词行",
    },
    scripts: { simplified: "简体", traditional: "繁体", mixed: "简繁混合", ambiguous: "简繁通用", none: "无中文" },
  },
};

const CODEC_NAMES = {
  "utf-8": "UTF-8", gbk: "GBK", gb18030: "GBK (GB18030)", gb2312: "GB2312", big5: "Big5",
  big5hkscs: "Big5-HKSCS", cp950: "Big5 (cp950)", cp1252: "Latin-1 (cp1252)", "latin-1": "Latin-1",
  "iso8859-1": "Latin-1", cp1251: "Cyrillic (cp1251)", cp437: "DOS (cp437)", shift_jis: "Shift_JIS",
  mac_roman: "Mac Roman",
};

const $ = (id) => document.getElementById(id);
const state = {
  lang: "en", file: null, result: null, marks: [], run: 0, timer: 0, diffBuilt: false, pastedAt: null,
};
let t = STRINGS.en;

function chooseLanguage() {
  const saved = localStorage.getItem("textfix-lang");
  if (saved === "zh" || saved === "en") return saved;
  const asked = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
  return String(asked[0]).toLowerCase().startsWith("zh") ? "zh" : "en";
}

function applyLanguage(lang) {
  state.lang = lang;
  t = STRINGS[lang];
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const element of document.querySelectorAll("[data-i18n]")) {
    const value = t[element.dataset.i18n];
    if (typeof value === "string") element.textContent = value;
  }
  for (const element of document.querySelectorAll("[data-i18n-placeholder]")) {
    element.placeholder = t[element.dataset.i18nPlaceholder];
  }
  const other = lang === "zh" ? "en" : "zh";
  $("lang").textContent = other === "zh" ? "中文" : "English";
  $("lang").lang = other === "zh" ? "zh-CN" : "en";
  showSource();
  if (state.result) showResult(state.result, false);
}

// --- Input -------------------------------------------------------------------------------

function options() {
  const chosen = { to: $("to").value || null, options: {} };
  for (const name of ["fold_width", "fold_spaces", "punctuation", "drop_spam_lines"]) {
    chosen.options[name] = $("opt-" + name).checked;
  }
  return chosen;
}

function request() {
  const chosen = options();
  if (state.file && state.file.bytes) {
    const query = new URLSearchParams();
    if (chosen.to) query.set("to", chosen.to);
    for (const [name, on] of Object.entries(chosen.options)) if (on) query.set(name, "1");
    return fetch("/api/fix?" + query, {
      method: "POST", headers: { "content-type": "application/octet-stream" }, body: state.file.bytes,
    });
  }
  return fetch("/api/fix", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: state.file ? state.file.text : $("source").value, ...chosen }),
  });
}

async function repair() {
  clearTimeout(state.timer);
  const run = ++state.run;
  if (!state.file && $("source").value === "") {
    reset();
    return;
  }
  const started = performance.now();
  const pastedAt = state.pastedAt;  // the time from a paste to its result is what a person waits
  state.pastedAt = null;
  document.body.dataset.state = "busy";
  setStatus(t.working, "");
  let response;
  try {
    response = await request();
  } catch (error) {
    if (run === state.run) fail(t.offline, run);
    return;
  }
  let answer = null;
  try {
    answer = await response.json();
  } catch (error) {
    answer = null;
  }
  if (run !== state.run) return;  // a newer request is on its way
  if (response.status === 413) {
    const limit = answer && answer.limit ? `${+(answer.limit / 1048576).toFixed(1)} MB` : "?";
    fail(t.tooLarge(limit), run);
    return;
  }
  if (!response.ok || !answer) {
    fail(t.failed(answer && answer.error ? answer.error : `HTTP ${response.status}`), run);
    return;
  }
  const received = performance.now();
  await showResult(answer, true, run);
  if (run !== state.run) return;
  document.body.dataset.requestMs = String(Math.round(received - started));
  document.body.dataset.renderMs = String(Math.round(performance.now() - started));
  document.body.dataset.pasteMs = pastedAt === null ? "" : String(Math.round(performance.now() - pastedAt));
  document.body.dataset.state = "done";
  document.body.dataset.run = String(run);
}

function reset() {
  state.result = null;
  state.marks = [];
  setStatus(t.waiting, "");
  $("charset").hidden = true;
  $("output").textContent = "";
  $("diff").textContent = "";
  $("summary").textContent = "";
  $("copy").disabled = $("download").disabled = true;
  hideTip();
  document.body.dataset.state = "idle";
}

function fail(message, run) {
  state.result = null;
  setStatus(message, "error");
  $("output").textContent = "";
  $("diff").textContent = "";
  $("summary").textContent = "";
  $("charset").hidden = true;
  $("copy").disabled = $("download").disabled = true;
  document.body.dataset.state = "error";
  document.body.dataset.run = String(run);
}

function setStatus(message, kind) {
  $("status").textContent = message;
  $("status").className = kind;
}

function useFile(file) {
  file.arrayBuffer().then((buffer) => {
    state.file = { name: file.name, bytes: new Uint8Array(buffer) };
    $("source").value = "";
    showSource();
    repair();
  });
}

// A text box lays out all of its text: a 1 MB paste held the tab for seconds in Chromium (39 s
// to replace a selected 1 MB by another). A large paste into an empty or wholly selected box is
// kept out of it, like a file, and repaired as it is; smaller ones take the native path.
const LARGE_PASTE = 20000;  // characters

function pasteLarge(event) {
  const box = $("source");
  const pasted = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
  const whole = box.selectionStart === 0 && box.selectionEnd === box.value.length;
  if (pasted.length < LARGE_PASTE || !whole) return;
  event.preventDefault();
  box.value = "";
  state.file = { name: "pasted", text: pasted };
  showSource();
  repair();
}

// What is repaired when it is not the box's text: a file, or a large paste.
function showSource() {
  const file = state.file;
  if (file) {
    $("file-info").textContent = file.bytes ? t.fileInfo(file.name, file.bytes.length) : t.pastedInfo(file.text.length);
  }
  $("file-info").hidden = $("clear-file").hidden = !file;
}

function clearFile() {
  state.file = null;
  $("file").value = "";
  showSource();
}

// --- Result ------------------------------------------------------------------------------

function sleep() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function showResult(answer, fresh, run) {
  state.result = answer;
  state.marks = answer.marks;
  state.diffBuilt = false;
  hideTip();
  const steps = answer.steps.filter((step) => step.layer !== "decode");
  const changes = steps.filter((step) => step.before !== step.after).length;
  const findings = steps.length - changes;
  if (answer.encoding && answer.encoding.encoding === "binary") {
    setStatus(t.binary, "error");
  } else if (!changes && !findings) {
    setStatus(t.nothing, "clean");
  } else {
    setStatus([changes ? t.changes(changes) : "", findings ? t.findings(findings) : ""].filter(Boolean).join(" · "), "");
  }
  if (answer.encoding) {
    const reason = t.reasons[answer.encoding.reason] || answer.encoding.reason;
    $("charset").textContent = t.charset(answer.encoding.encoding, reason, answer.encoding.bytes);
    $("charset").hidden = false;
  } else {
    $("charset").hidden = true;
  }
  $("copy").disabled = $("download").disabled = false;
  buildSummary(answer);
  if (!fresh) {  // a language switch: the texts stay, the labels change
    if (!$("diff").hidden) buildDiff();
    return;
  }
  $("diff").textContent = "";
  await buildText($("output"), answer, false, run);
  if (!$("diff").hidden) await buildDiff(run);
}

// The text with each change in a <mark>, in blocks of about CHUNK characters cut at line ends,
// which the browser lays out only when they come into view (content-visibility). The blocks are
// built a few at a time with a pause between, so that a 1 MB result with 100,000 changes never
// holds the tab.
const CHUNK = 16384;
const MARKS_PER_PAUSE = 2000;
const CHUNKS_PER_PAUSE = 4;

async function buildText(target, answer, diff, run) {
  target.textContent = "";
  const text = answer.text;
  const marks = answer.marks;
  let block = newBlock();
  let size = 0;
  let blocks = 0;
  let sinceMarks = 0;
  const flush = () => {
    target.append(block);
    block = newBlock();
    size = 0;
    blocks += 1;
  };
  const addText = (piece) => {
    while (piece) {
      const cut = size + piece.length <= CHUNK ? -1 : piece.indexOf("\n", Math.max(0, CHUNK - size));
      if (cut < 0) {
        block.append(piece);
        size += piece.length;
        return;
      }
      block.append(piece.slice(0, cut + 1));
      flush();
      piece = piece.slice(cut + 1);
    }
  };
  let position = 0;
  for (let index = 0; index < marks.length; index++) {
    const [start, end, origin, ids] = marks[index];
    if (start > position) addText(text.slice(position, start));
    const after = text.slice(start, end);
    if (diff && origin !== after) {
      const pair = document.createElement("span");
      pair.className = "pair";
      pair.dataset.mark = String(index);
      if (origin) pair.append(element("del", origin));
      if (after) pair.append(element("ins", after));
      block.append(pair);
    } else {
      block.append(markElement(index, after, ids));
    }
    size += after.length;
    position = end;
    if (++sinceMarks >= MARKS_PER_PAUSE || blocks >= CHUNKS_PER_PAUSE) {
      sinceMarks = blocks = 0;
      await sleep();
      if (run !== undefined && run !== state.run) return;
    }
  }
  addText(text.slice(position));
  target.append(block);
}

function newBlock() {
  const block = document.createElement("div");
  block.className = "block";
  return block;
}

function element(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

function markElement(index, after, ids) {
  const node = document.createElement("mark");
  const first = state.result.steps[ids[0]];
  const damage = ids.every((id) => state.result.steps[id].action === "irrecoverable");
  node.className = "m k-" + (damage ? "damage" : first.layer.split(".")[0]) + (after ? "" : " gap");
  node.dataset.mark = String(index);
  node.textContent = after;
  return node;
}

async function buildDiff(run) {
  if (state.diffBuilt || !state.result) return;
  state.diffBuilt = true;
  await buildText($("diff"), state.result, true, run);
}

function buildSummary(answer) {
  const box = $("summary");
  box.textContent = "";
  const table = document.createElement("table");
  table.className = "summary-table";
  const row = (label, value, count) => {
    const tr = table.insertRow();
    tr.append(element("th", label));
    const cell = element("td", value);
    if (count) cell.className = "count";
    tr.append(cell);
  };
  if (answer.encoding) {
    row(t.kinds.charset, `${answer.encoding.encoding} (${t.reasons[answer.encoding.reason] || answer.encoding.reason})`);
  }
  const kinds = answer.summary.kinds;
  const order = ["mojibake", "irrecoverable", "entities", "invisible", "control", "unicode",
    "annotations", "converted", "punctuation", "spam"];
  const known = order.filter((kind) => kind in kinds);
  for (const kind of [...known, ...Object.keys(kinds).filter((kind) => !order.includes(kind))]) {
    row(t.kinds[kind] || kind, String(kinds[kind]), true);
  }
  const chains = Object.entries(answer.summary.chains);
  if (chains.length) {
    row(t.kinds.chains, chains.map(([chain, n]) => `${describeChain(chain)}: ${n}`).join("\n"));
  }
  const script = answer.script;
  row(t.kinds.script, t.scriptLine(t.scripts[script.script] || script.script, script.simplified,
    script.traditional, script.han) + (script.sampled ? t.sampled : ""));
  if (!Object.keys(kinds).length) box.append(element("p", t.summaryNothing));
  box.append(table);
}

function codecName(codec) {
  return CODEC_NAMES[codec] || codec.toUpperCase();
}

function describeChain(chain) {
  const found = /^(\S+) read as (\S+)$/.exec(chain);
  return found ? t.chain(codecName(found[1]), codecName(found[2])) : chain;
}

// A mojibake repair's fields, chain "utf-8 read as gbk" and gain 87.2 bits, read as
// "UTF-8 read as GBK; the repair is 87 bits..."; other steps by their detail.
function describeDetail(step) {
  if (step.chain && typeof step.gain === "number") {
    return `${describeChain(step.chain)}; ${t.evidence(step.gain.toFixed(0))}`;
  }
  if (step.action === "irrecoverable") return t.lost;
  return step.detail || "";
}

// Characters that would be invisible in the tip are named: U+200B, not nothing.
function visible(text) {
  return text.replace(/[\u0000-\u001f\u007f-\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0]/g,
    (char) => `‹U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}›`);
}

// --- The tip -------------------------------------------------------------------------------

function showTip(mark) {
  const [, , origin, ids] = state.marks[+mark.dataset.mark];
  const tip = $("tip");
  tip.textContent = "";
  const list = document.createElement("dl");
  const pair = (term, value) => {
    list.append(element("dt", term));
    list.append(element("dd", value));
  };
  pair(t.before, origin ? visible(origin) : "");
  const after = state.result.text.slice(state.marks[+mark.dataset.mark][0], state.marks[+mark.dataset.mark][1]);
  pair(t.after, after ? visible(after) : t.removed);
  tip.append(list);
  for (const id of ids) {
    const step = state.result.steps[id];
    const box = document.createElement("dl");
    box.className = "step";
    box.append(element("dt", t.layer), element("dd", `${t.layers[step.layer] || step.layer}: ${t.actions[step.action] || step.action}`));
    const why = describeDetail(step);
    if (why) box.append(element("dt", t.why), element("dd", why));
    tip.append(box);
  }
  for (const old of document.querySelectorAll(".active")) old.classList.remove("active");
  mark.classList.add("active");
  tip.hidden = false;
  const where = mark.getBoundingClientRect();
  const width = tip.offsetWidth;
  const left = Math.max(4, Math.min(where.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 4));
  tip.style.left = `${left}px`;
  tip.style.top = `${where.bottom + window.scrollY + 6}px`;
}

function hideTip() {
  $("tip").hidden = true;
  for (const old of document.querySelectorAll(".active")) old.classList.remove("active");
}

// --- Wiring --------------------------------------------------------------------------------

function showView(view) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const selected = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(selected));
    $(tab.dataset.view).hidden = !selected;
  }
  hideTip();
  if (view === "diff") buildDiff(state.run);
}

function download() {
  if (!state.result) return;
  const blob = new Blob([state.result.text], { type: "text/plain;charset=utf-8" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  const base = state.file && state.file.bytes ? state.file.name.replace(/\.[^.]*$/, "") : "textfix";
  link.download = `${base}.fixed.txt`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

async function copy() {
  if (!state.result) return;
  try {
    await navigator.clipboard.writeText(state.result.text);
  } catch (error) {  // no clipboard permission: the old way, through a selection
    const scratch = document.createElement("textarea");
    scratch.value = state.result.text;
    document.body.append(scratch);
    scratch.select();
    document.execCommand("copy");
    scratch.remove();
  }
  $("copy").textContent = t.copied;
  setTimeout(() => { $("copy").textContent = t.copy; }, 1500);
}

function start() {
  applyLanguage(chooseLanguage());
  $("lang").addEventListener("click", () => {
    const next = state.lang === "zh" ? "en" : "zh";
    localStorage.setItem("textfix-lang", next);
    applyLanguage(next);
  });
  // A paste is repaired at once; typing, once it pauses.
  $("source").addEventListener("paste", (event) => {
    state.pastedAt = performance.now();
    pasteLarge(event);
  });
  $("source").addEventListener("input", () => {
    if (state.file) clearFile();
    clearTimeout(state.timer);
    state.timer = setTimeout(repair, state.pastedAt === null ? 300 : 0);
  });
  $("run").addEventListener("click", repair);
  $("to").addEventListener("change", repair);
  for (const box of document.querySelectorAll("#options input")) box.addEventListener("change", repair);
  $("file").addEventListener("change", () => { if ($("file").files.length) useFile($("file").files[0]); });
  $("clear-file").addEventListener("click", () => { clearFile(); repair(); });
  $("clear").addEventListener("click", () => {
    clearFile();
    $("source").value = "";
    repair();
    $("source").focus();
  });
  const drop = $("drop");
  // Anywhere on the page: a file dropped outside the box must not replace the page.
  document.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  document.addEventListener("dragleave", (event) => { if (!event.relatedTarget) drop.classList.remove("over"); });
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const files = event.dataTransfer && event.dataTransfer.files;
    if (files && files.length) useFile(files[0]);
  });
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => showView(tab.dataset.view));
  }
  for (const view of [$("output"), $("diff")]) {
    const toggle = (event) => {
      const mark = event.target.closest("[data-mark]");
      if (mark) showTip(mark); else hideTip();
    };
    view.addEventListener("mouseover", toggle);
    view.addEventListener("click", toggle);
  }
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hideTip(); });
  $("copy").addEventListener("click", copy);
  $("download").addEventListener("click", download);
}

start();
