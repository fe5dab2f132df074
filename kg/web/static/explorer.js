/* The explorer page (kg explore): filters, year slider, search, language switch, details.
 *
 * Everything shown is data: text goes into the page through textContent and text nodes only,
 * never as HTML. The graph's items are held in vis DataSets; what is drawn is a DataView of
 * them, filtered by entity type, relation and day (docs/design.md's time rule, as in
 * kg.network.typed(store, day)).
 */
(function () {
  "use strict";

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var rawNodes = readJson("dq-nodes");
  var rawEdges = readJson("dq-edges");
  var meta = readJson("dq-meta");
  var byId = new Map();
  rawNodes.forEach(function (node) { byId.set(node.id, node); });

  var state = {
    lang: meta.lang,
    year: meta.year === null ? meta.years[1] : meta.year,
    allYears: meta.year === null,
    types: new Set(meta.types.map(function (t) { return t.name; })),
    relations: new Set(meta.relations.map(function (r) { return r.name; })),
    hideIsolated: false,
  };

  // ------------------------------------------------------------------ words

  function ui(key, values) {
    var words = meta.interface[key] || {};
    var text = words[state.lang] || words.en || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function term(group, name) {
    var names = (meta.vocabulary[group] || {})[name];
    return (names && (names[state.lang] || names.en)) || name;
  }

  function nodeLabel(node) {
    var labels = node.dq.labels || {};
    return labels[state.lang] || labels.en || labels.ru || labels.kk || node.id;
  }

  function labelOf(id) {
    var node = byId.get(id);
    return node ? nodeLabel(node) : id;
  }

  // A date known to the year or month is shown as such (1993, 1993-12), not as its first day.
  function shownDate(value, precision) {
    if (!value) return "";
    if (precision === "Year") return value.slice(0, 4);
    if (precision === "Month") return value.slice(0, 7);
    return value;
  }

  // ------------------------------------------------------------------ time (docs/design.md)

  function currentDay() {
    return String(state.year).padStart(4, "0") + "-" + meta.yearDay;
  }

  // An entity exists from its inception (or date) until the day before its dissolution.
  function nodeExists(data, day) {
    return (!data.inception || data.inception <= day) &&
      (!data.dissolution || day < data.dissolution) &&
      (!data.date || data.date <= day);
  }

  // A spell is active on day D when start <= D and (no end or D < end); an act from its date.
  function edgeActive(data, day) {
    return (!data.start || data.start <= day) &&
      (!data.end || day < data.end) &&
      (!data.date || data.date <= day);
  }

  // ------------------------------------------------------------------ the network

  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var shownNodes = new Set();
  var shownEdges = new Set();

  function recompute() {
    var day = state.allYears ? null : currentDay();
    shownNodes = new Set();
    rawNodes.forEach(function (node) {
      if (state.types.has(node.dq.type) && (day === null || nodeExists(node.dq, day))) {
        shownNodes.add(node.id);
      }
    });
    shownEdges = new Set();
    rawEdges.forEach(function (edge) {
      if (state.relations.has(edge.dq.relation) && shownNodes.has(edge.from) &&
          shownNodes.has(edge.to) && (day === null || edgeActive(edge.dq, day))) {
        shownEdges.add(edge.id);
      }
    });
    if (state.hideIsolated) {
      var linked = new Set();
      rawEdges.forEach(function (edge) {
        if (shownEdges.has(edge.id)) { linked.add(edge.from); linked.add(edge.to); }
      });
      shownNodes = linked;
    }
  }

  recompute();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return shownNodes.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return shownEdges.has(e.id); } });
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, meta.options);

  function refresh() {
    recompute();
    nodeView.refresh();
    edgeView.refresh();
    renderStatus();
  }

  // ------------------------------------------------------------------ details (DOM text only)

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  function addRow(list, name, value) {
    if (value === undefined || value === null || value === "") return;
    list.appendChild(element("dt", null, term("fields", name)));
    list.appendChild(element("dd", null, value));
  }

  function nodeCard(id) {
    var node = byId.get(id);
    var data = node.dq;
    var card = element("div", "card");
    card.appendChild(element("div", "heading", nodeLabel(node)));
    card.appendChild(element("div", "sub", term("types", data.type)));
    var list = element("dl");
    var others = [];
    meta.languages.forEach(function (lang) {
      var label = (data.labels || {})[lang];
      if (label && label !== nodeLabel(node) && others.indexOf(label) < 0) others.push(label);
    });
    (data.alt || []).forEach(function (label) {
      if (others.indexOf(label) < 0 && label !== nodeLabel(node)) others.push(label);
    });
    addRow(list, "other_names", others.join(" · "));
    addRow(list, "iso3", data.iso3);
    addRow(list, "inception", shownDate(data.inception, data.inception_precision));
    addRow(list, "dissolution", shownDate(data.dissolution, data.dissolution_precision));
    addRow(list, "date", shownDate(data.date, data.date_precision));
    addRow(list, "id", node.id);
    card.appendChild(list);
    if (!shownNodes.has(id)) card.appendChild(element("div", "notice", ui("not_shown")));
    return card;
  }

  function edgeCard(id) {
    var edge = edges.get(id);
    var data = edge.dq;
    var card = element("div", "card");
    card.appendChild(element("div", "heading", term("relations", data.relation)));
    card.appendChild(element("div", "sub", labelOf(edge.from) + " → " + labelOf(edge.to)));
    var list = element("dl");
    addRow(list, "role", data.role && term("values", data.role));
    addRow(list, "start", shownDate(data.start, data.start_precision));
    addRow(list, "end", shownDate(data.end, data.end_precision));
    addRow(list, "end_cause", data.end_cause && term("values", data.end_cause));
    addRow(list, "date", shownDate(data.date, data.date_precision));
    addRow(list, "announced", shownDate(data.announced, data.announced_precision));
    addRow(list, "place", data.place && labelOf(data.place));
    addRow(list, "agreement", data.agreement && labelOf(data.agreement));
    addRow(list, "representative", data.representative && labelOf(data.representative));
    addRow(list, "office", data.office);
    addRow(list, "succession_kind", data.succession_kind && term("values", data.succession_kind));
    addRow(list, "rank", data.rank && data.rank !== "Normal" ? term("values", data.rank) : "");
    addRow(list, "note", data.note);
    addRow(list, "claim", data.claim);
    card.appendChild(list);
    var evidence = data.evidence || [];
    if (evidence.length) {
      card.appendChild(element("div", "sub", term("fields", "evidence")));
      evidence.forEach(function (item) {
        if (item.quote) {
          card.appendChild(element("blockquote", null, "«" + item.quote + "»"));
          card.appendChild(element("div", "source", term("fields", "document") + ": " + item.document));
        } else {
          card.appendChild(element("div", null, item.citation || ""));
          if (item.source) card.appendChild(element("div", "source", item.source));
        }
      });
    }
    return card;
  }

  var tooltip = document.getElementById("tooltip");
  var info = document.getElementById("info");

  function showTooltip(card, pointer) {
    tooltip.replaceChildren(card);
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = pointer.DOM.x + 14;
    var y = pointer.DOM.y + 14;
    if (x + tooltip.offsetWidth > box.width) x = Math.max(0, pointer.DOM.x - tooltip.offsetWidth - 14);
    if (y + tooltip.offsetHeight > box.height) y = Math.max(0, pointer.DOM.y - tooltip.offsetHeight - 14);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  function hideTooltip() { tooltip.hidden = true; }

  var pinned = null;  // {kind: "node"|"edge", id}

  function showInfo() {
    if (!pinned) {
      info.replaceChildren(element("p", "hint", ui("hint")));
    } else if (pinned.kind === "node") {
      info.replaceChildren(nodeCard(pinned.id));
    } else {
      info.replaceChildren(edgeCard(pinned.id));
    }
  }

  network.on("hoverNode", function (params) { showTooltip(nodeCard(params.node), params.pointer); });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (params) { showTooltip(edgeCard(params.edge), params.pointer); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  network.on("click", function (params) {
    if (params.nodes.length) pinned = { kind: "node", id: params.nodes[0] };
    else if (params.edges.length) pinned = { kind: "edge", id: params.edges[0] };
    else pinned = null;
    showInfo();
  });

  function selectEntity(id) {
    pinned = { kind: "node", id: id };
    if (shownNodes.has(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    } else {
      network.unselectAll();
    }
    showInfo();
  }

  // ------------------------------------------------------------------ search

  function fold(text) { return String(text).normalize("NFC").toLowerCase(); }

  var searchIndex = rawNodes.map(function (node) {
    var data = node.dq;
    var names = Object.values(data.labels || {}).concat(data.alt || []);
    if (data.iso3) names.push(data.iso3);
    names.push(node.id);
    return { id: node.id, names: names, folded: names.map(fold) };
  });

  function search(query) {
    var q = fold(query.trim());
    if (!q) return [];
    var found = [];
    searchIndex.forEach(function (entry) {
      var best = null;
      entry.folded.forEach(function (name, i) {
        var score = name === q ? 0 : name.startsWith(q) ? 1 : name.indexOf(q) >= 0 ? 2 : null;
        if (score !== null && (best === null || score < best.score)) best = { score: score, name: entry.names[i] };
      });
      if (best) found.push({ id: entry.id, score: best.score, matched: best.name });
    });
    found.sort(function (a, b) {
      return a.score - b.score || labelOf(a.id).localeCompare(labelOf(b.id));
    });
    return found.slice(0, 30);
  }

  var searchBox = document.getElementById("search");
  var results = document.getElementById("results");

  function renderResults() {
    var query = searchBox.value;
    if (!query.trim()) { results.hidden = true; results.replaceChildren(); return; }
    var found = search(query);
    var items = found.map(function (hit) {
      var li = element("li");
      li.setAttribute("role", "option");
      var button = element("button", null, labelOf(hit.id));
      button.type = "button";
      button.dataset.id = hit.id;
      button.appendChild(element("span", "kind", term("types", byId.get(hit.id).dq.type)));
      if (hit.matched !== labelOf(hit.id)) button.appendChild(element("span", "also", hit.matched));
      button.addEventListener("click", function () { pick(hit.id); });
      li.appendChild(button);
      return li;
    });
    if (!items.length) items = [element("li", "empty", ui("no_results"))];
    results.replaceChildren.apply(results, items);
    results.hidden = false;
  }

  function pick(id) {
    results.hidden = true;
    selectEntity(id);
  }

  searchBox.addEventListener("input", renderResults);
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = search(searchBox.value);
      if (found.length) pick(found[0].id);
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });
  document.addEventListener("click", function (event) {
    if (!document.getElementById("search-box").contains(event.target)) results.hidden = true;
  });

  // ------------------------------------------------------------------ controls

  var slider = document.getElementById("year");
  var allYears = document.getElementById("all-years");
  var yearValue = document.getElementById("year-value");
  slider.min = meta.years[0];
  slider.max = meta.years[1];
  slider.value = state.year;
  allYears.checked = state.allYears;

  function renderYear() {
    yearValue.textContent = state.allYears
      ? ui("whole_history")
      : ui("as_of", { day: currentDay() });
    slider.classList.toggle("inactive", state.allYears);
  }

  slider.addEventListener("input", function () {
    state.year = parseInt(slider.value, 10);
    state.allYears = false;
    allYears.checked = false;
    renderYear();
    refresh();
  });
  allYears.addEventListener("change", function () {
    state.allYears = allYears.checked;
    renderYear();
    refresh();
  });

  document.getElementById("hide-isolated").addEventListener("change", function (event) {
    state.hideIsolated = event.target.checked;
    refresh();
  });
  document.getElementById("physics").addEventListener("change", function (event) {
    network.setOptions({ physics: { enabled: event.target.checked } });
  });
  document.getElementById("fit").addEventListener("click", function () {
    network.fit({ animation: false });
  });

  var GLYPHS = {
    dot: "●", square: "■", diamond: "◆", triangle: "▲", triangleDown: "▼", star: "★",
    hexagon: "⬢", box: "▬", ellipse: "⬮", circle: "●",
  };

  function legendItem(checked, swatch, name, count, onChange) {
    var li = element("li");
    var label = element("label");
    var box = element("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(element("span", "name", name));
    label.appendChild(element("span", "count", count));
    li.appendChild(label);
    return li;
  }

  function renderLegend() {
    var types = meta.types.map(function (type) {
      var glyph = element("span", "glyph", GLYPHS[type.shape] || "●");
      glyph.style.color = type.color;
      return legendItem(state.types.has(type.name), glyph, term("types", type.name), type.count,
        function (on) {
          if (on) state.types.add(type.name); else state.types.delete(type.name);
          refresh();
        });
    });
    document.getElementById("legend-types").replaceChildren.apply(
      document.getElementById("legend-types"), types);
    var relations = meta.relations.map(function (relation) {
      var line = element("span", "line");
      line.style.borderTopColor = relation.color;
      return legendItem(state.relations.has(relation.name), line,
        term("relations", relation.name), relation.count,
        function (on) {
          if (on) state.relations.add(relation.name); else state.relations.delete(relation.name);
          refresh();
        });
    });
    document.getElementById("legend-relations").replaceChildren.apply(
      document.getElementById("legend-relations"), relations);
  }

  function renderStatus() {
    document.getElementById("status").textContent =
      ui("shown", { nodes: shownNodes.size, edges: shownEdges.size });
  }

  var languageMenu = document.getElementById("lang");
  meta.languages.forEach(function (lang) {
    var option = element("option", null, meta.languageNames[lang] || lang);
    option.value = lang;
    languageMenu.appendChild(option);
  });
  languageMenu.value = state.lang;

  function renderWords() {
    document.documentElement.lang = state.lang;
    var title = meta.title || ui("title");  // a title given by the caller is kept as it is
    document.title = title;
    document.getElementById("title").textContent = title;
    var scopeLine = document.getElementById("scope");  // what the page holds: a named scope
    scopeLine.hidden = !meta.scope;
    if (meta.scope) {
      scopeLine.textContent = meta.scope.text[state.lang] || meta.scope.text.en;
      scopeLine.title = ui("scope_note");
      scopeLine.dataset.scope = meta.scope.id;
    }
    searchBox.placeholder = ui("search");
    searchBox.setAttribute("aria-label", ui("search"));
    slider.setAttribute("aria-label", ui("year"));
    document.querySelectorAll("[data-ui]").forEach(function (el) {
      el.textContent = ui(el.dataset.ui);
    });
    renderLegend();
    renderYear();
    renderStatus();
    showInfo();
    if (!results.hidden) renderResults();
  }

  function setLanguage(lang) {
    state.lang = lang;
    nodes.update(rawNodes.map(function (node) { return { id: node.id, label: nodeLabel(node) }; }));
    edges.update(rawEdges.map(function (edge) {
      return { id: edge.id, label: term("relations", edge.dq.relation) };
    }));
    renderWords();
  }

  languageMenu.addEventListener("change", function () { setLanguage(languageMenu.value); });

  // ------------------------------------------------------------------ start

  renderWords();
  var explorer = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    meta: meta, search: search, selectEntity: selectEntity, setLanguage: setLanguage,
    shownNodes: function () { return Array.from(shownNodes); },
    shownEdges: function () { return Array.from(shownEdges); },
    day: function () { return state.allYears ? null : currentDay(); },
    readyAt: null,
  };
  window.dqExplorer = explorer;
  network.once("afterDrawing", function () {
    explorer.readyAt = performance.now();
    document.body.dataset.ready = "true";
  });
  network.fit({ animation: false });
  if (meta.focus) selectEntity(meta.focus);
})();
