/* Shared helpers: DOM built with textContent only (never innerHTML), JSON data blocks. */
"use strict";
var RP = (function () {
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined) return;
        if (k === "text") node.textContent = String(v);
        else if (k === "className") node.className = v;
        else node.setAttribute(k, String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function safeHref(href) {
    if (typeof href !== "string") return null;
    if (/^(https?:|javascript:|data:|vbscript:)/i.test(href.trim())) return null;
    return href;
  }
  function cite(ev) {
    var label = (ev.document || ev.kind || "") + (ev.sentence_id !== null && ev.sentence_id !== undefined ? " #" + ev.sentence_id : "");
    var href = safeHref(ev.href);
    return href ? el("a", { className: "cite", href: href, text: label }) : el("span", { className: "cite", text: label });
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fmt(x, digits) { var n = Number(x); return (n >= 0 ? "+" : "") + n.toFixed(digits === undefined ? 2 : digits); }
  return { el: el, data: data, cite: cite, clear: clear, fmt: fmt, safeHref: safeHref };
})();
