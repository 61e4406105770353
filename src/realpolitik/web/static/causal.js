/* The causal map: Cytoscape.js graph; clicking an edge lists the sentences behind it. */
"use strict";
(function () {
  var data = RP.data("causal-data");
  var box = document.getElementById("cy");
  if (!data) return;
  var labels = {}, edges = {};
  data.variables.forEach(function (v) { labels[v.id] = v.label; });
  data.edges.forEach(function (e) { edges[e.id] = e; });
  var panel = document.getElementById("edge-panel");

  function show(id) {
    var e = edges[id];
    if (!e || !panel) return;
    document.getElementById("edge-title").textContent = (labels[e.source] || e.source) + "  " + e.sign + "→  " + (labels[e.target] || e.target);
    document.getElementById("edge-meta").textContent = "belief " + e.belief + " · " + e.sources + " independent source(s) · holders " + e.holders.join(", ") + (e.contradicted ? " · contradicted" : "") + (e.evidence_total > e.evidence.length ? " · first " + e.evidence.length + " of " + e.evidence_total + " sentences" : "");
    var list = document.getElementById("edge-evidence");
    RP.clear(list);
    e.evidence.forEach(function (ev) {
      list.appendChild(RP.el("li", { className: "edge-sentence" },
        RP.el("span", { className: "tag", text: ev.kind }), " ",
        ev.holder ? RP.el("span", { className: "small", text: ev.holder }) : null,
        RP.el("blockquote", { text: ev.text }),
        ev.sentence_id !== null ? RP.cite(ev) : RP.el("span", { className: "small", text: "(the normaliser's step: no sentence)" })));
    });
    panel.hidden = false;
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.show-edge"), function (b) {
    b.addEventListener("click", function () { show(b.getAttribute("data-edge")); panel.scrollIntoView(); });
  });
  if (!box || typeof cytoscape !== "function") return;
  var elements = [];
  data.variables.forEach(function (v) { elements.push({ group: "nodes", data: { id: v.id, label: v.label } }); });
  data.edges.forEach(function (e, i) {
    elements.push({ group: "edges", data: { id: "edge-" + i, key: e.id, source: e.source, target: e.target, color: e.sign === "+" ? "#1a7f37" : "#c62828", width: 1 + 5 * e.belief, style: e.contradicted ? "dashed" : "solid" } });
  });
  var cy = cytoscape({
    container: box,
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "label": "data(label)", "width": 14, "height": 14, "background-color": "#24527a", "font-size": 9, "text-wrap": "wrap", "text-max-width": 140, "color": "#333" } },
      { selector: "edge", style: { "line-color": "data(color)", "target-arrow-color": "data(color)", "target-arrow-shape": "triangle", "width": "data(width)", "line-style": "data(style)", "curve-style": "bezier", "opacity": 0.8 } },
      { selector: "edge:selected", style: { "opacity": 1, "underlay-color": "#ffd84d", "underlay-opacity": 0.6, "underlay-padding": 3 } }
    ],
    layout: { name: "cose", animate: false, randomize: false }
  });
  cy.on("tap", "edge", function (evt) { show(evt.target.data("key")); });
  window.rpCausal = cy;
})();
