/* The scenario runner. Served: the server runs realpolitik.model.scenario (POST api/scenario).
   Static report: the same fuzzy-cognitive-map inference runs here, over the exported maps
   in scenario-data.js (tanh, k1 = 0, k2 = 1, tol 1e-5, 100 steps; paths: depth 4, top 3). */
"use strict";
(function () {
  var config = RP.data("scenario-config");
  var staticData = window.RP_SCENARIO || null;
  var holderSel = document.getElementById("holder");
  var varSel = document.getElementById("variable-select");
  var shocksList = document.getElementById("shocks");
  var candidates = document.getElementById("candidates");
  var valueInput = document.getElementById("shock-value");
  var errorBox = document.getElementById("scenario-error");
  var shocks = [];
  var labels = {};

  function holder() { return holderSel.value || ""; }
  function fail(msg) { errorBox.textContent = msg; errorBox.hidden = false; }
  function ok() { errorBox.hidden = true; }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(r.status + ": " + t); });
      return r.json();
    });
  }

  function variables() {
    if (staticData) {
      var m = staticData.maps[holder()] || { variables: [] };
      return Promise.resolve(m.variables.slice().sort(function (a, b) {
        var x = a.label.toLowerCase(), y = b.label.toLowerCase();
        return x < y ? -1 : x > y ? 1 : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      }));
    }
    return getJSON(config.api + "/variables?holder=" + encodeURIComponent(holder()));
  }

  function loadVariables() {
    RP.clear(varSel);
    return variables().then(function (rows) {
      labels = {};
      rows.forEach(function (v) {
        labels[v.id] = v.label;
        varSel.appendChild(RP.el("option", { value: v.id, text: v.label }));
      });
      if (!rows.length) varSel.appendChild(RP.el("option", { value: "", text: "(this map has no variables)" }));
    }).catch(function (e) { fail(String(e)); });
  }

  function words(text) {
    return (String(text).toLowerCase().match(/[a-z0-9]+/g) || []).filter(function (w) { return w.length > 1; });
  }

  function match(q) {
    if (staticData) {
      var qs = words(q);
      var m = staticData.maps[holder()] || { variables: [] };
      var scored = m.variables.map(function (v) {
        var vs = {}; words(v.label + " " + v.id).forEach(function (w) { vs[w] = true; });
        var hit = qs.filter(function (w) { return vs[w]; }).length;
        return { id: v.id, label: v.label, score: qs.length ? Math.round(1000 * hit / qs.length) / 1000 : 0 };
      }).filter(function (r) { return r.score > 0; });
      scored.sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : 1); });
      return Promise.resolve(scored.slice(0, 8));
    }
    return getJSON(config.api + "/match?holder=" + encodeURIComponent(holder()) + "&q=" + encodeURIComponent(q));
  }

  function renderShocks() {
    RP.clear(shocksList);
    if (!shocks.length) { shocksList.appendChild(RP.el("li", { className: "none", text: "none yet" })); return; }
    shocks.forEach(function (s, i) {
      var rm = RP.el("button", { type: "button", className: "remove", text: "remove" });
      rm.addEventListener("click", function () { shocks.splice(i, 1); renderShocks(); });
      shocksList.appendChild(RP.el("li", { className: "shock" }, RP.el("b", { text: labels[s.variable] || s.variable }), " = " + RP.fmt(s.value) + " ", rm));
    });
  }

  function addShock(id) {
    if (!id) return;
    var v = Math.max(-1, Math.min(1, Number(valueInput.value) || 1));
    shocks = shocks.filter(function (s) { return s.variable !== id; });
    shocks.push({ variable: id, value: v });
    renderShocks();
  }

  document.getElementById("match-button").addEventListener("click", function () {
    var q = document.getElementById("match-text").value;
    ok();
    match(q).then(function (rows) {
      RP.clear(candidates);
      if (!rows.length) candidates.appendChild(RP.el("li", { text: "no variable matches" }));
      rows.forEach(function (r) {
        labels[r.id] = r.label;
        var add = RP.el("button", { type: "button", className: "add-candidate", "data-variable": r.id, text: "add" });
        add.addEventListener("click", function () { addShock(r.id); });
        candidates.appendChild(RP.el("li", null, add, " ", RP.el("span", { text: r.label }), RP.el("span", { className: "small", text: "  (" + r.score + ")" })));
      });
    }).catch(function (e) { fail(String(e)); });
  });
  document.getElementById("match-text").addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); document.getElementById("match-button").click(); }
  });
  document.getElementById("add-selected").addEventListener("click", function () { addShock(varSel.value); });
  holderSel.addEventListener("change", function () { shocks = []; renderShocks(); RP.clear(candidates); loadVariables(); });

  // ------------------------------------------------------------ client-side inference
  function runLocal(map, shockList) {
    var ids = map.variables.map(function (v) { return v.id; }).sort();
    var index = {}; ids.forEach(function (id, i) { index[id] = i; });
    var lab = {}; map.variables.forEach(function (v) { lab[v.id] = v.label; });
    var edges = map.edges.filter(function (e) { return e.source in index && e.target in index; });
    var src = edges.map(function (e) { return index[e.source]; });
    var dst = edges.map(function (e) { return index[e.target]; });
    var w = edges.map(function (e) { return e.weight; });
    var n = ids.length;
    function infer(clamp, initial) {
      var state = initial ? initial.slice() : new Array(n).fill(0);
      Object.keys(clamp).forEach(function (k) { state[k] = clamp[k]; });
      for (var it = 1; it <= 100; it++) {
        var inflow = new Array(n).fill(0);
        for (var j = 0; j < src.length; j++) inflow[dst[j]] += w[j] * state[src[j]];
        var next = inflow.map(function (x) { return Math.tanh(x); });
        Object.keys(clamp).forEach(function (k) { next[k] = clamp[k]; });
        var delta = 0;
        for (var i = 0; i < n; i++) delta = Math.max(delta, Math.abs(next[i] - state[i]));
        state = next;
        if (delta < 1e-5) return { state: state, iterations: it, converged: true };
      }
      return { state: state, iterations: 100, converged: false };
    }
    var base = infer({}, null);
    var clamp = {};
    shockList.forEach(function (s) { clamp[index[s.variable]] = s.value; });
    var run = infer(clamp, base.state);
    var change = run.state.map(function (x, i) { return x - base.state[i]; });
    var order = ids.map(function (_, i) { return i; });
    order.sort(function (a, b) { return Math.abs(change[b]) - Math.abs(change[a]) || a - b; });
    var adj = {};
    edges.forEach(function (e) { (adj[e.source] = adj[e.source] || []).push(e); });
    Object.keys(adj).forEach(function (k) {
      adj[k] = adj[k].map(function (e, i) { return [e, i]; }).sort(function (x, y) { return Math.abs(y[0].weight) - Math.abs(x[0].weight) || x[1] - y[1]; }).map(function (p) { return p[0]; });
    });
    var shocked = {}; shockList.forEach(function (s) { shocked[s.variable] = true; });
    function paths(target) {
      var found = [];
      shockList.forEach(function (s) {
        var visits = 0;
        var stack = [[s.variable, [], s.value, [s.variable]]];
        while (stack.length && visits < 20000) {
          var top = stack.pop(); visits++;
          var node = top[0], trail = top[1], strength = top[2], seen = top[3];
          if (node === target && trail.length) { found.push([strength, trail]); continue; }
          if (trail.length >= 4) continue;
          var out = (adj[node] || []).slice().reverse();
          out.forEach(function (e) {
            if (seen.indexOf(e.target) >= 0 || (shocked[e.target] && e.target !== target)) return;
            stack.push([e.target, trail.concat([e]), strength * e.weight, seen.concat([e.target])]);
          });
        }
      });
      found = found.map(function (f, i) { return [f, i]; }).sort(function (a, b) { return Math.abs(b[0][0]) - Math.abs(a[0][0]) || a[1] - b[1]; }).map(function (p) { return p[0]; });
      return found.slice(0, 3).map(function (f) {
        var nodes = [f[1][0].source].concat(f[1].map(function (e) { return e.target; }));
        return {
          nodes: nodes, labels: nodes.map(function (x) { return lab[x] || x; }), strength: f[0],
          steps: f[1].map(function (e) { return { edge: e.id, source: e.source, target: e.target, weight: e.weight, evidence: e.evidence.slice(0, 3) }; })
        };
      });
    }
    var effects = [];
    order.forEach(function (i) {
      if (i in clamp || Math.abs(change[i]) < 1e-6) return;
      effects.push({ variable: ids[i], label: lab[ids[i]], baseline: base.state[i], shocked: run.state[i], change: change[i], paths: [] });
    });
    effects.slice(0, 10).forEach(function (eff) { eff.paths = paths(eff.variable); });
    return {
      holder: holder() || null, iterations: run.iterations, converged: run.converged,
      shocks: shockList.map(function (s) { return { variable: s.variable, value: s.value, label: lab[s.variable] }; }),
      effects: effects.slice(0, 50)
    };
  }

  function renderResult(res) {
    var box = document.getElementById("scenario-result");
    var list = document.getElementById("effects");
    RP.clear(list);
    document.getElementById("result-meta").textContent = "holder: " + (res.holder || "all") + " · " + res.iterations + " iteration(s)" + (res.converged ? "" : " · no fixed point") + " · shocks: " + res.shocks.map(function (s) { return (s.label || s.variable) + " " + RP.fmt(s.value); }).join("; ");
    if (!res.effects.length) list.appendChild(RP.el("li", { text: "Nothing moves: no edge leaves the shocked variables in this map." }));
    res.effects.forEach(function (eff) {
      var li = RP.el("li", { className: "effect" },
        RP.el("span", { className: eff.change > 0 ? "pos" : "neg", text: RP.fmt(eff.change, 3) }), " ",
        RP.el("b", { text: eff.label }), RP.el("span", { className: "small", text: "  [" + eff.variable + "]" }));
      eff.paths.forEach(function (p) {
        var pd = RP.el("div", { className: "path" }, RP.el("span", { className: "small", text: "path " + RP.fmt(p.strength, 3) + ": " }), RP.el("span", { text: (p.labels || p.nodes).join(" → ") }));
        p.steps.forEach(function (st) {
          var sd = RP.el("div", { className: "step" }, RP.el("span", { className: st.weight > 0 ? "pos" : "neg", text: RP.fmt(st.weight) + " " }), RP.el("span", { className: "small", text: st.edge }));
          st.evidence.forEach(function (ev) {
            sd.appendChild(RP.el("blockquote", { className: "step-evidence", text: ev.text }));
            if (ev.sentence_id !== null && ev.sentence_id !== undefined) sd.appendChild(RP.cite(ev));
          });
          pd.appendChild(sd);
        });
        li.appendChild(pd);
      });
      list.appendChild(li);
    });
    box.hidden = false;
  }

  document.getElementById("scenario-form").addEventListener("submit", function (e) {
    e.preventDefault();
    ok();
    if (!shocks.length) { fail("Add at least one shock."); return; }
    if (staticData) {
      renderResult(runLocal(staticData.maps[holder()], shocks));
      return;
    }
    fetch(config.api + "/scenario", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ holder: holder() || null, shocks: shocks })
    }).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(r.status + ": " + t); });
      return r.json();
    }).then(renderResult).catch(function (err) { fail(String(err)); });
  });

  if (staticData) {
    var h = /#holder=([^&]+)/.exec(window.location.hash);
    if (h) holderSel.value = decodeURIComponent(h[1]);
  }
  window.rpScenarioReady = loadVariables();
})();
