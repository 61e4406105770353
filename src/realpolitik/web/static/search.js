/* Static report search: ranks the exported evidence sentences (search-data.js) by the
   rarity (idf) of the question's words they contain, boosted by how many facts they carry. */
"use strict";
(function () {
  var data = window.RP_SEARCH;
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  if (!data || !form) return;
  var STOP = {};
  "a an and are as at be by does do for from has have how in is it its of on or that the their this to was were what when where which who why will with".split(" ").forEach(function (w) { STOP[w] = true; });
  function words(text) { return (String(text).toLowerCase().match(/[\w'’-]+/g) || []).map(function (w) { return w.replace(/^['’-]+|['’-]+$/g, ""); }); }
  var tokens = data.sentences.map(function (s) { var t = {}; words(s.text).forEach(function (w) { t[w] = true; }); return t; });
  function run(q) {
    RP.clear(list);
    var terms = words(q).filter(function (w) { return w.length > 1 && !STOP[w]; });
    terms = terms.filter(function (w, i) { return terms.indexOf(w) === i; }).slice(0, 8);
    if (!terms.length) return;
    var total = Math.max(1, data.total);
    var df = {}; terms.forEach(function (w) { df[w] = 0; });
    tokens.forEach(function (t) { terms.forEach(function (w) { if (t[w]) df[w]++; }); });
    var hits = [];
    tokens.forEach(function (t, i) {
      var score = 0;
      terms.forEach(function (w) { if (t[w]) score += Math.log(1 + total / (1 + df[w])); });
      if (score > 0) hits.push({ s: data.sentences[i], score: score * (1 + 0.25 * Math.min(data.sentences[i].facts, 4)) });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.s.sentence_id - b.s.sentence_id; });
    if (!hits.length) { list.appendChild(RP.el("li", { id: "no-results", text: "Nothing matches." })); return; }
    hits.slice(0, 30).forEach(function (h) {
      list.appendChild(RP.el("li", null, RP.el("span", { className: "score", text: h.score.toFixed(3) }),
        RP.el("blockquote", { text: h.s.text }), RP.cite({ document: h.s.doc, sentence_id: h.s.sentence_id, href: h.s.href })));
    });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); window.location.hash = "q=" + encodeURIComponent(input.value); run(input.value); });
  var m = /#q=([^&]*)/.exec(window.location.hash);
  if (m) { input.value = decodeURIComponent(m[1]); run(input.value); }
})();
