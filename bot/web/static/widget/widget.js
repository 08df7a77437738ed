/* J&J Therapy chat widget: a small Socket.IO client for a Rasa server (no build step).
 *
 * Paste into any page, after the Socket.IO browser client:
 *   <script src=".../widget/socket.io.min.js"></script>
 *   <script src=".../widget/widget.js" data-rasa-url="https://bot.example" defer></script>
 * Settings are data-* attributes on this script tag (README: "The website widget").
 *
 * Message text is only ever put in the page as text nodes; links are built as elements
 * from what the text says (http/https, mailto:, e-mail addresses, UK and emergency phone
 * numbers), so no HTML from a message is ever interpreted.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || typeof io !== "function") {
    if (window.console) console.error("chat widget: load socket.io.min.js before widget.js");
    return;
  }
  var data = script.dataset;
  var cfg = {
    rasaUrl: (data.rasaUrl || "").replace(/\/+$/, ""),
    tokenUrl: data.tokenUrl || "",
    socketPath: data.socketPath || "/socket.io/",
    title: data.title || "Chat with us",
    launcher: data.launcherText || "Chat with us",
    greeting: data.initPayload || "",
    offline: data.offlineText || "Sorry, the assistant can't be reached right now. Please try again later.",
    storage: data.storage === "local" ? window.localStorage : window.sessionStorage,
    key: "jjw-chat:" + (data.rasaUrl || "")
  };

  // ---- the conversation as stored across reloads (sessionStorage unless data-storage="local")
  var state = load() || fresh();
  function fresh() { return { sessionId: null, token: null, open: false, messages: [] }; }
  function load() {
    try {
      var s = JSON.parse(cfg.storage.getItem(cfg.key));
      return s && Array.isArray(s.messages) ? s : null;
    } catch (e) { return null; }
  }
  function save() { try { cfg.storage.setItem(cfg.key, JSON.stringify(state)); } catch (e) { /* private mode */ } }

  // ---- the elements
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  var root = el("aside", { "class": "jjw", "aria-label": cfg.title });
  var launcher = el("button", { type: "button", "class": "jjw-launcher", "aria-expanded": "false", "aria-controls": "jjw-panel" }, cfg.launcher);
  var panel = el("section", { id: "jjw-panel", "class": "jjw-panel", "aria-labelledby": "jjw-title" });
  panel.hidden = true;
  var header = el("div", { "class": "jjw-header" });
  var restart = el("button", { type: "button", "class": "jjw-restart" }, "New chat");
  var close = el("button", { type: "button", "class": "jjw-close", "aria-label": "Close the chat" }, "\u00d7");
  header.append(el("h2", { id: "jjw-title" }, cfg.title), restart, close);
  var log = el("div", { "class": "jjw-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
  var typing = el("div", { "class": "jjw-typing", role: "status" });
  var note = el("p", { "class": "jjw-note", role: "alert" });
  var form = el("form", { "class": "jjw-form" });
  var input = el("input", { id: "jjw-input", type: "text", autocomplete: "off", maxlength: "1000", placeholder: "Type your message" });
  form.append(el("label", { "for": "jjw-input", "class": "jjw-sr" }, "Your message"), input,
              el("button", { type: "submit", "class": "jjw-send" }, "Send"));
  panel.append(header, log, typing, note, form);
  root.append(panel, launcher);
  document.body.appendChild(root);

  // ---- text to safe nodes, with links made clickable
  var LINK = /(https?:\/\/[^\s<>"]+)|((?:mailto|tel):[^\s<>"]+)|([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})|((?:\+44\s?|0)\d{3,4}\s?\d{3}\s?\d{3,4}|999|111)/g;
  function trimUrl(url) {
    url = url.replace(/[.,;:!?'"]+$/, "");
    while (url.slice(-1) === ")" && url.split("(").length < url.split(")").length) url = url.slice(0, -1);
    return url;
  }
  function linkFor(match) {
    if (match[1]) {
      var url = trimUrl(match[1]);
      var q = url.indexOf("?");
      return { text: url, href: url, label: q > 0 ? url.slice(0, q) + "?\u2026" : url, external: true };
    }
    if (match[2]) {
      var raw = trimUrl(match[2]);
      return { text: raw, href: raw, label: raw.replace(/^(mailto|tel):/, "").split("?")[0] };
    }
    if (match[3]) return { text: match[3], href: "mailto:" + match[3], label: match[3] };
    var number = match[4], digits = number.replace(/\D/g, "");
    var before = match.input.charAt(match.index - 1), after = match.input.charAt(match.index + number.length);
    var next = match.input.charAt(match.index + number.length + 1);
    if (/[\w.\/]/.test(before) || /\w/.test(after) || (after === "." && /\w/.test(next))) return null;
    var tel = digits.length === 3 ? digits : "+44" + digits.replace(/^(44|0)/, "");
    return { text: number, href: "tel:" + tel, label: number };
  }
  function richText(text) {
    var frag = document.createDocumentFragment(), last = 0, m;
    LINK.lastIndex = 0;
    while ((m = LINK.exec(text)) !== null) {
      var link = linkFor(m);
      if (!link) continue;
      frag.append(document.createTextNode(text.slice(last, m.index)));
      var a = el("a", { href: link.href }, link.label);
      if (link.external) {
        a.target = "_blank"; a.rel = "noopener noreferrer";
        a.append(el("span", { "class": "jjw-sr" }, " (opens in a new tab)"));
      }
      frag.append(a);
      last = m.index + link.text.length;
      LINK.lastIndex = last;
    }
    frag.append(document.createTextNode(text.slice(last)));
    return frag;
  }

  // ---- drawing messages
  function draw(msg, index) {
    var item = el("div", { "class": "jjw-msg jjw-" + msg.from });
    item.append(el("span", { "class": "jjw-sr" }, msg.from === "bot" ? "Assistant: " : "You: "));
    var body = el("p", { "class": "jjw-text" });
    body.append(richText(msg.text || ""));
    item.append(body);
    if (msg.buttons && msg.buttons.length) {
      var group = el("div", { "class": "jjw-choices", role: "group", "aria-label": "Answers to choose from" });
      msg.buttons.forEach(function (b, i) {
        var button = el("button", { type: "button", "class": "jjw-choice" }, b.title);
        if (msg.chosen === i) button.setAttribute("aria-pressed", "true");
        button.disabled = !!msg.answered;
        button.addEventListener("click", function (e) { choose(index, i, e.detail === 0); });
        group.append(button);
      });
      item.append(group);
    }
    log.append(item);
    log.scrollTop = log.scrollHeight;
  }
  function redraw() {
    log.textContent = "";
    state.messages.forEach(draw);
  }
  function add(msg) {
    state.messages.push(msg);
    save();
    draw(msg, state.messages.length - 1);
  }
  function closeChoices() {
    var changed = false;
    state.messages.forEach(function (m) { if (m.buttons && m.buttons.length && !m.answered) { m.answered = true; changed = true; } });
    if (changed) log.querySelectorAll(".jjw-choice").forEach(function (b) { b.disabled = true; });
  }
  function choose(index, i, byKeyboard) {
    var msg = state.messages[index];
    if (msg.answered) return;
    msg.chosen = i;
    log.children[index].querySelectorAll(".jjw-choice")[i].setAttribute("aria-pressed", "true");
    send(msg.buttons[i].payload, msg.buttons[i].title);
    if (byKeyboard) input.focus();  // the answered buttons are disabled: keep focus in the chat
  }
  function showTyping(on) {
    clearTimeout(showTyping.timer);
    typing.textContent = on ? "The assistant is typing\u2026" : "";
    typing.classList.toggle("jjw-on", on);
    if (on) showTyping.timer = setTimeout(function () { showTyping(false); }, 30000);
  }

  // ---- the connection (Rasa's socket.io protocol)
  var socket = null, confirmed = false, queue = [], retried = false;
  function send(payload, shown) {
    closeChoices();
    add({ from: "user", text: shown });
    showTyping(true);
    queue.push(payload);
    flush();
  }
  function flush() {
    while (confirmed && queue.length) {
      socket.emit("user_uttered", { message: queue.shift(), session_id: state.sessionId });
    }
  }
  function getToken() {
    return fetch(cfg.tokenUrl, { method: "POST" }).then(function (r) {
      if (!r.ok) throw new Error("token " + r.status);
      return r.json();
    }).then(function (t) { adopt(t.session_id); state.token = t.token; save(); });
  }
  function adopt(sessionId) {
    if (state.sessionId && state.sessionId !== sessionId) {  // a new conversation on the server
      state.messages = [];
      redraw();
    }
    state.sessionId = sessionId;
  }
  function connect() {
    if (socket) return;
    if (cfg.tokenUrl && !state.token) {
      getToken().then(connect, function () { offline(cfg.offline); });
      return;
    }
    var s = socket = io(cfg.rasaUrl, { path: cfg.socketPath, auth: state.token ? { token: state.token } : {} });
    function on(event, handler) {  // events of a socket that "New chat" replaced are ignored
      s.on(event, function (arg) { if (s === socket) handler(arg); });
    }
    on("connect", function () {
      retried = false;
      offline("");
      s.emit("session_request", { session_id: state.sessionId });
    });
    on("session_confirm", function (sessionId) {
      adopt(sessionId && sessionId.session_id ? sessionId.session_id : sessionId);
      save();
      confirmed = true;
      if (!state.messages.length && cfg.greeting && !queue.length) { queue.push(cfg.greeting); showTyping(true); }
      flush();
    });
    on("bot_uttered", function (msg) {
      showTyping(false);
      if (!msg) return;
      var buttons = (msg.quick_replies || msg.buttons || []).filter(function (b) { return b && b.title; });
      var text = msg.text || (msg.attachment && msg.attachment.payload && msg.attachment.payload.src) || "";
      if (!text && !buttons.length) return;
      add({ from: "bot", text: text, buttons: buttons.map(function (b) { return { title: String(b.title), payload: String(b.payload || b.title) }; }) });
    });
    on("disconnect", function () { confirmed = false; });
    on("connect_error", function () {
      confirmed = false;
      showTyping(false);
      if (!s.active) {  // refused by the server, not a network fault: no retries follow
        s.close();
        socket = null;
        if (cfg.tokenUrl && state.token && !retried) {  // the token expired: one new session, then give up
          retried = true;
          state.token = null;
          return connect();
        }
      }
      offline(cfg.offline);
    });
  }
  function offline(text) {
    note.textContent = "";
    if (text) note.append(richText(text));
  }

  // ---- opening, closing, typing
  function setOpen(open, focus) {
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    root.classList.toggle("jjw-is-open", open);
    if (open) { connect(); if (focus) input.focus(); log.scrollTop = log.scrollHeight; }
    else if (focus) launcher.focus();
  }
  launcher.addEventListener("click", function () { setOpen(panel.hidden, true); });
  close.addEventListener("click", function () { setOpen(false, true); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") setOpen(false, true); });
  restart.addEventListener("click", function () {
    var open = state.open;
    if (socket) { socket.disconnect(); socket = null; }
    confirmed = false; queue = [];
    state = fresh(); state.open = open;
    redraw(); save(); showTyping(false);
    connect();
    input.focus();
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text, text);
  });

  redraw();
  if (state.open) setOpen(true, false);
})();
