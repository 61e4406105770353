/* The actor network: Cytoscape.js over the page's network-data block. */
"use strict";
(function () {
  var data = RP.data("network-data");
  var box = document.getElementById("cy");
  if (!data || !box || typeof cytoscape !== "function") return;
  var maxM = 1, maxV = 1, maxNet = 1;
  data.nodes.forEach(function (n) { maxM = Math.max(maxM, n.mentions); });
  data.edges.forEach(function (e) { maxV = Math.max(maxV, e.volume); maxNet = Math.max(maxNet, Math.abs(e.net)); });
  var ids = {};
  var elements = [];
  data.nodes.forEach(function (n) {
    ids[n.id] = true;
    elements.push({ group: "nodes", data: { id: n.id, label: n.id, name: n.name, href: n.href, size: 18 + 50 * Math.sqrt(n.mentions / maxM) } });
  });
  data.edges.forEach(function (e) {
    if (!ids[e.source] || !ids[e.target]) return;
    var t = Math.min(1, Math.abs(e.net) / maxNet);
    var color = e.net > 0 ? "rgb(" + Math.round(120 - 90 * t) + "," + Math.round(170 - 30 * t) + "," + Math.round(120 - 70 * t) + ")"
      : e.net < 0 ? "rgb(" + Math.round(200 + 20 * t) + "," + Math.round(120 - 90 * t) + "," + Math.round(120 - 90 * t) + ")" : "#999";
    elements.push({ group: "edges", data: { id: "e-" + e.id, source: e.source, target: e.target, href: e.href, color: color, width: 1.5 + 10 * Math.sqrt(e.volume / maxV), net: e.net } });
  });
  var cy = cytoscape({
    container: box,
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "label": "data(label)", "width": "data(size)", "height": "data(size)", "background-color": "#24527a", "color": "#222", "font-size": 11, "text-valign": "center", "text-halign": "right", "text-margin-x": 4 } },
      { selector: "edge", style: { "line-color": "data(color)", "width": "data(width)", "curve-style": "bezier", "opacity": 0.85 } },
      { selector: "edge:selected, edge.hover", style: { "opacity": 1, "line-style": "solid", "underlay-color": "#ffd84d", "underlay-opacity": 0.6, "underlay-padding": 3 } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 90; } }
  });
  function go(evt) { var href = RP.safeHref(evt.target.data("href")); if (href) window.location.href = href; }
  cy.on("tap", "edge", go);
  cy.on("tap", "node", go);
  cy.on("mouseover", "edge", function (evt) { evt.target.addClass("hover"); box.style.cursor = "pointer"; });
  cy.on("mouseout", "edge", function (evt) { evt.target.removeClass("hover"); box.style.cursor = ""; });
  window.rpNetwork = cy;
})();
