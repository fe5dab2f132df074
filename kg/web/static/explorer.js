/* The explorer page (kg explore): views, filters, year slider, search, language switch, details.
 *
 * Everything shown is data: text goes into the page through textContent and text nodes only,
 * never as HTML. The graph's items are held in vis DataSets; what is drawn is a DataView of
 * them, filtered by view, entity type, relation and day (docs/design.md's time rule, as in
 * kg.network.typed(store, day)). The state of the page (view, year, filters, selection,
 * language) is kept in the URL's fragment, so that a view can be shared and survives a reload.
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
  var viewByName = new Map();
  meta.views.forEach(function (view) { viewByName.set(view.name, view); });
  var typeNames = meta.types.map(function (t) { return t.name; });
  var relationNames = meta.relations.map(function (r) { return r.name; });
  var datedByRelations = new Set(meta.datedByRelations);

  var state = {
    lang: meta.lang,
    year: meta.year === null ? meta.years[1] : meta.year,
    allYears: false,
    types: new Set(typeNames),
    relations: new Set(relationNames),
    hideIsolated: false,
    view: null,   // the name of the one-click view last chosen (null: none, filters by hand)
    seeds: null,  // only the relations of these entities (a view's), or null: all
    of: null,     // the entity whose neighbourhood is shown
  };
  var pinned = null;  // {kind: "node"|"edge", id}

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

  // The entities a relation names besides its two ends.
  var NAMED = ["place", "representative", "agreement"];

  // Every relation that reaches an entity: at one of its ends or named by it (a signing's
  // place, representative or agreement). People and places have no dates of their own: they
  // are "inside their dates" on a day when one of these is active and both its ends exist.
  var reaching = new Map();
  rawNodes.forEach(function (node) { reaching.set(node.id, []); });
  rawEdges.forEach(function (edge) {
    var reached = new Set([edge.from, edge.to]);
    NAMED.forEach(function (name) { if (typeof edge.dq[name] === "string") reached.add(edge.dq[name]); });
    reached.forEach(function (id) { if (reaching.has(id)) reaching.get(id).push(edge); });
  });

  function reachedOn(id, day) {
    return reaching.get(id).some(function (edge) {
      var from = byId.get(edge.from), to = byId.get(edge.to);
      return edgeActive(edge.dq, day) && from && to && nodeExists(from.dq, day) &&
        nodeExists(to.dq, day);
    });
  }

  // ------------------------------------------------------------------ the network

  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var shownNodes = new Set();
  var shownEdges = new Set();

  function touchesSeed(edge, seeds) {
    return seeds.has(edge.from) || seeds.has(edge.to) || seeds.has(edge.dq.agreement);
  }

  function recompute() {
    var day = state.allYears ? null : currentDay();
    var seeds = state.seeds ? new Set(state.seeds) : null;
    var candidates = new Set();
    rawNodes.forEach(function (node) {
      if (!state.types.has(node.dq.type)) return;
      if (day !== null && !nodeExists(node.dq, day)) return;
      if (day !== null && datedByRelations.has(node.dq.type) && !reachedOn(node.id, day)) return;
      candidates.add(node.id);
    });
    shownEdges = new Set();
    rawEdges.forEach(function (edge) {
      if (state.relations.has(edge.dq.relation) && candidates.has(edge.from) &&
          candidates.has(edge.to) && (day === null || edgeActive(edge.dq, day)) &&
          (seeds === null || touchesSeed(edge, seeds))) {
        shownEdges.add(edge.id);
      }
    });
    if (seeds === null && !state.hideIsolated) {
      shownNodes = candidates;
      return;
    }
    shownNodes = new Set();
    if (seeds !== null) seeds.forEach(function (id) { if (candidates.has(id)) shownNodes.add(id); });
    rawEdges.forEach(function (edge) {
      if (shownEdges.has(edge.id)) { shownNodes.add(edge.from); shownNodes.add(edge.to); }
    });
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
    renderControls();
    showInfo();
    writeHash();
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

  function button(className, text, onClick) {
    var el = element("button", className, text);
    el.type = "button";
    el.addEventListener("click", onClick);
    return el;
  }

  function edgeWhen(data) {
    if (data.start || data.end) {
      return shownDate(data.start, data.start_precision) + " – " +
        shownDate(data.end, data.end_precision);
    }
    return shownDate(data.date, data.date_precision);
  }

  function edgeSortKey(edge) {
    return edge.dq.start || edge.dq.date || "9999";  // undated relations last
  }

  // The timeline of an entity: each relation that reaches it, in order of its start or date,
  // with its role, start–end, evidence count and links to the other party and to itself.
  function timeline(id) {
    var list = element("ol", "timeline");
    var found = reaching.get(id).slice().sort(function (a, b) {
      return edgeSortKey(a).localeCompare(edgeSortKey(b)) ||
        a.dq.relation.localeCompare(b.dq.relation) ||
        labelOf(a.from === id ? a.to : a.from).localeCompare(labelOf(b.from === id ? b.to : b.from));
    });
    found.forEach(function (edge) {
      var data = edge.dq;
      var item = element("li", shownEdges.has(edge.id) ? "event" : "event off");
      item.dataset.edge = edge.id;
      if (data.claim) item.dataset.claim = data.claim;
      item.appendChild(element("span", "when", edgeWhen(data)));
      var what = element("span", "what");
      if (edge.from === id || edge.to === id) {
        var other = edge.from === id ? edge.to : edge.from;
        what.appendChild(element("span", "relation",
          (edge.from === id ? "" : "← ") + term("relations", data.relation) +
          (edge.from === id ? " → " : " ")));
        what.appendChild(entityLink(other));
      } else {  // the entity is named by the relation (its place, representative, agreement)
        what.appendChild(entityLink(edge.from));
        what.appendChild(element("span", "relation", " " + term("relations", data.relation) + " "));
        what.appendChild(entityLink(edge.to));
      }
      item.appendChild(what);
      if (data.role) item.appendChild(element("span", "role", term("values", data.role)));
      var count = (data.evidence || []).length;
      var open = button("open", term("fields", "evidence") + ": " + count, function () {
        selectEdge(edge.id);
      });
      open.title = ui("open_relation");
      item.appendChild(open);
      if (!shownEdges.has(edge.id)) item.title = ui("relation_hidden");
      list.appendChild(item);
    });
    return list;
  }

  function entityLink(id) {
    var link = button("entity", labelOf(id), function () { selectEntity(id); });
    link.dataset.id = id;
    return link;
  }

  function nodeCard(id, inPanel) {
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
    var count = reaching.get(id).length;
    if (!inPanel) {  // a tooltip stays short: the timeline is in the panel
      card.appendChild(element("div", "sub", ui("relations_count", { count: count })));
      return card;
    }
    card.appendChild(element("div", "sub timeline-heading", ui("timeline")));
    card.appendChild(count ? timeline(id) : element("p", "hint", ui("no_relations")));
    return card;
  }

  // A quote's place: its document, line and characters; a link to the text at the quote
  // (doc/<id>#c<start>-<end>, relative: kg serve serves the texts beside /explore) only when
  // the page is served over http(s): from a file there is nothing to link to.
  var DOCUMENT_ID = /^doc\/[A-Za-z0-9_.-]+$/;
  var served = location.protocol === "http:" || location.protocol === "https:";

  // In a kg site folder the texts stand beside the page (meta.textLinks, "{document}.{lang}.html"):
  // there a quote links to its text in the page's language, opened from disk too.
  function quoteHref(item) {
    var text = meta.textLinks
      ? meta.textLinks.replace("{document}", item.document).replace("{lang}", state.lang)
      : item.document;
    return text + "#c" + item.start + "-" + item.end;
  }

  function quotePlace(item) {
    var place = element("div", "source");
    place.appendChild(document.createTextNode(term("fields", "document") + ": "));
    var placed = Number.isInteger(item.start) && Number.isInteger(item.end);
    if ((served || meta.textLinks) && placed && DOCUMENT_ID.test(String(item.document))) {
      var link = element("a", "quote-link", item.document);
      link.href = quoteHref(item);
      link.title = ui("open_quote");
      place.appendChild(link);
    } else {
      place.appendChild(element("span", "document", item.document));
    }
    if (Number.isInteger(item.line)) {
      place.appendChild(document.createTextNode(" · " + term("fields", "line") + ": " + item.line));
    }
    if (placed) {
      place.appendChild(document.createTextNode(
        " · " + term("fields", "characters") + ": " + item.start + "–" + item.end));
    }
    return place;
  }

  // A text in the page's language where the data has one (``note_kk``), else the English one.
  function inLanguage(data, name) {
    return data[name + "_" + state.lang] || data[name];
  }

  // A quote, with the words the curators judge wrong (item.flaw) marked: text nodes only.
  function quoteBlock(item) {
    var block = element("blockquote", null, "«");
    var at = item.flaw ? item.quote.indexOf(item.flaw) : -1;
    if (at < 0) {
      block.appendChild(document.createTextNode(item.quote));
    } else {
      block.appendChild(document.createTextNode(item.quote.slice(0, at)));
      var mark = element("mark", "flaw", item.flaw);
      mark.title = ui("flaw");
      block.appendChild(mark);
      block.appendChild(document.createTextNode(item.quote.slice(at + item.flaw.length)));
    }
    block.appendChild(document.createTextNode("»"));
    return block;
  }

  // What the marked words get wrong, and why: the quote still supports the claim.
  function flawNote(item) {
    return element("div", "flaw-note", ui("flaw") + ": " + inLanguage(item, "flaw_note"));
  }

  function edgeCard(id) {
    var edge = edges.get(id);
    var data = edge.dq;
    var card = element("div", "card");
    card.appendChild(element("div", "heading", term("relations", data.relation)));
    var ends = element("div", "sub");
    ends.appendChild(entityLink(edge.from));
    ends.appendChild(document.createTextNode(" → "));
    ends.appendChild(entityLink(edge.to));
    card.appendChild(ends);
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
    addRow(list, "note", inLanguage(data, "note"));
    addRow(list, "claim", data.claim);
    card.appendChild(list);
    var evidence = data.evidence || [];
    if (evidence.length) {
      card.appendChild(element("div", "sub", term("fields", "evidence")));
      evidence.forEach(function (item) {
        if (item.quote) {
          card.appendChild(quoteBlock(item));
          card.appendChild(quotePlace(item));
          if (item.flaw) card.appendChild(flawNote(item));
        } else {
          card.appendChild(element("div", null, item.citation || ""));
          if (item.source) card.appendChild(element("div", "source", item.source));
        }
      });
    }
    if (!shownEdges.has(id)) card.appendChild(element("div", "notice", ui("not_shown")));
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

  function showInfo() {
    if (pinned && pinned.kind === "node" && byId.has(pinned.id)) {
      info.replaceChildren(nodeCard(pinned.id, true));
    } else if (pinned && pinned.kind === "edge" && edges.get(pinned.id)) {
      info.replaceChildren(edgeCard(pinned.id));
    } else {
      info.replaceChildren(element("p", "hint", ui("hint")));
    }
  }

  network.on("hoverNode", function (params) { showTooltip(nodeCard(params.node, false), params.pointer); });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (params) { showTooltip(edgeCard(params.edge), params.pointer); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  // vis-network sends no blur when the pointer leaves the canvas straight from an item.
  container.addEventListener("pointerleave", hideTooltip);
  container.addEventListener("mouseleave", hideTooltip);
  network.on("click", function (params) {
    if (params.nodes.length) pinned = { kind: "node", id: params.nodes[0] };
    else if (params.edges.length) pinned = { kind: "edge", id: params.edges[0] };
    else pinned = null;
    showInfo();
    writeHash();
  });

  function selectEntity(id) {
    if (!byId.has(id)) return;
    pinned = { kind: "node", id: id };
    if (shownNodes.has(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    } else {
      network.unselectAll();
    }
    showInfo();
    writeHash();
  }

  function selectEdge(id) {
    if (!edges.get(id)) return;
    pinned = { kind: "edge", id: id };
    if (shownEdges.has(id)) network.setSelection({ nodes: [], edges: [id] }); else network.unselectAll();
    showInfo();
    writeHash();
  }

  // ------------------------------------------------------------------ views

  function neighbourhoodOf() {
    if (pinned && pinned.kind === "node") return pinned.id;
    if (meta.focus) return meta.focus;
    return meta.neighbourhood;
  }

  // A one-click view: its types, relations, time and seeds (docs in kg.web.explorer.VIEWS).
  function setView(name, of) {
    var view = viewByName.get(name) || meta.views[0];
    state.view = view.name;
    state.types = new Set(view.types);
    state.relations = new Set(view.relations);
    state.hideIsolated = !!view.hideIsolated;
    if (view.year === "latest") {
      state.year = meta.year === null ? meta.years[1] : meta.year;
      state.allYears = false;
    } else if (view.year === "all") {
      state.allYears = true;
    }
    state.of = null;
    state.seeds = null;
    if (view.seeds === "selection") {
      state.of = of && byId.has(of) ? of : neighbourhoodOf();
      state.seeds = state.of ? [state.of] : [];
    } else if (view.seeds) {
      state.seeds = view.seeds.slice();
    }
  }

  function chooseView(name) {
    setView(name);
    refresh();
    if (pinned && pinned.kind === "node" && shownNodes.has(pinned.id)) network.selectNodes([pinned.id]);
    network.fit({ animation: false });
  }

  // ------------------------------------------------------------------ the URL's fragment

  function encoded(value) {  // readable: slashes and commas of ids are left as they are
    return encodeURIComponent(value).replace(/%2F/g, "/").replace(/%2C/g, ",");
  }

  function edgeKey(edge) { return [edge.from, edge.to, edge.dq.claim || edge.dq.relation].join(","); }

  function stateHash() {
    var parts = [];
    if (state.view) parts.push(["view", state.view]);
    if (state.of) parts.push(["of", state.of]);
    parts.push(["year", state.allYears ? "all" : String(state.year)]);
    parts.push(["types", typeNames.filter(function (n) { return state.types.has(n); }).join(",")]);
    parts.push(["relations",
      relationNames.filter(function (n) { return state.relations.has(n); }).join(",")]);
    parts.push(["isolated", state.hideIsolated ? "hidden" : "shown"]);
    if (pinned && pinned.kind === "node") parts.push(["select", pinned.id]);
    if (pinned && pinned.kind === "edge") parts.push(["edge", edgeKey(edges.get(pinned.id))]);
    parts.push(["lang", state.lang]);
    return "#" + parts.map(function (p) { return p[0] + "=" + encoded(p[1]); }).join("&");
  }

  var writing = false;
  var hashTimer = null;
  var hashDirty = false;

  // At most one write a quarter of a second, the last state always written: a slider dragged
  // across a century would otherwise pass the browser's limit on history updates.
  function writeHash() {
    if (writing) return;
    if (hashTimer !== null) { hashDirty = true; return; }
    var hash = stateHash();
    if (location.hash !== hash) {
      try {
        history.replaceState(null, "", hash);
      } catch (error) {  // a page without a URL of its own (a notebook's srcdoc frame)
      }
    }
    hashTimer = setTimeout(function () {
      hashTimer = null;
      if (hashDirty) { hashDirty = false; writeHash(); }
    }, 250);
  }

  function listed(value, known) {
    return new Set(value.split(",").filter(function (name) { return known.indexOf(name) >= 0; }));
  }

  // The state a fragment names: its view first, then what it sets by hand.
  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    setView(params.get("view") || meta.views[0].name, params.get("of"));
    if (!params.get("view")) state.view = params.has("types") ? null : state.view;
    if (params.has("types")) state.types = listed(params.get("types"), typeNames);
    if (params.has("relations")) state.relations = listed(params.get("relations"), relationNames);
    if (params.has("isolated")) state.hideIsolated = params.get("isolated") !== "shown";
    var year = params.get("year");
    if (year === "all") {
      state.allYears = true;
    } else if (year && /^\d{1,4}$/.test(year)) {
      state.allYears = false;
      state.year = Math.min(meta.years[1], Math.max(meta.years[0], parseInt(year, 10)));
    }
    var lang = params.get("lang");
    if (lang && meta.languages.indexOf(lang) >= 0) state.lang = lang;
    pinned = null;
    var selected = params.get("select") || (params.has("view") || params.has("year") ? null : meta.focus);
    if (selected && byId.has(selected)) pinned = { kind: "node", id: selected };
    var edgeWanted = params.get("edge");
    if (edgeWanted) {
      var edge = rawEdges.find(function (e) { return edgeKey(e) === edgeWanted; });
      if (edge) pinned = { kind: "edge", id: edge.id };
    }
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
      var choice = element("button", null, labelOf(hit.id));
      choice.type = "button";
      choice.dataset.id = hit.id;
      choice.appendChild(element("span", "kind", term("types", byId.get(hit.id).dq.type)));
      if (hit.matched !== labelOf(hit.id)) choice.appendChild(element("span", "also", hit.matched));
      choice.addEventListener("click", function () { pick(hit.id); });
      li.appendChild(choice);
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
  var hideIsolated = document.getElementById("hide-isolated");
  slider.min = meta.years[0];
  slider.max = meta.years[1];

  // Labelled ticks under the slider, each a button that moves it there. A label stands where
  // the thumb's centre is at that year: the thumb (16 px wide) travels the track less its width.
  var tickList = document.getElementById("year-ticks");
  var tickLabels = document.getElementById("year-labels");
  var span = Math.max(1, meta.years[1] - meta.years[0]);
  meta.ticks.forEach(function (year) {
    var option = element("option");
    option.value = String(year);
    tickList.appendChild(option);
    var tick = button("tick", year, function () { setYear(year); });
    tick.dataset.year = String(year);
    tick.style.left = "calc(8px + (100% - 16px) * " + ((year - meta.years[0]) / span) + ")";
    tickLabels.appendChild(tick);
  });

  function renderYear() {
    yearValue.textContent = state.allYears
      ? ui("whole_history")
      : ui("as_of", { day: currentDay() });
    slider.classList.toggle("inactive", state.allYears);
  }

  function renderControls() {
    slider.value = state.year;
    allYears.checked = state.allYears;
    hideIsolated.checked = state.hideIsolated;
    renderYear();
    legendBoxes.forEach(function (box) {
      box.checked = (box.dataset.group === "type" ? state.types : state.relations).has(box.dataset.name);
    });
    viewButtons.querySelectorAll("button").forEach(function (choice) {
      choice.setAttribute("aria-pressed", String(state.view === choice.dataset.view));
    });
    var when = state.allYears ? ui("whole_history") : ui("as_of", { day: currentDay() });
    var key = state.view ? "view_" + state.view + "_note" : "view_custom_note";
    document.getElementById("view-note").textContent =
      ui(key, { when: when, name: state.of ? labelOf(state.of) : "" });
  }

  function setYear(year) {
    state.year = year;
    state.allYears = false;
    refresh();
  }

  slider.addEventListener("input", function () { setYear(parseInt(slider.value, 10)); });
  allYears.addEventListener("change", function () {
    state.allYears = allYears.checked;
    refresh();
  });
  hideIsolated.addEventListener("change", function () {
    state.hideIsolated = hideIsolated.checked;
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

  var legendBoxes = [];  // built with the words, checked by renderControls

  function legendItem(group, key, swatch, name, count, onChange) {
    var li = element("li");
    var label = element("label");
    var box = element("input");
    box.type = "checkbox";
    box.dataset.group = group;
    box.dataset.name = key;
    legendBoxes.push(box);
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(element("span", "name", name));
    label.appendChild(element("span", "count", count));
    li.appendChild(label);
    return li;
  }

  function renderLegend() {
    legendBoxes = [];
    var types = meta.types.map(function (type) {
      var glyph = element("span", "glyph", GLYPHS[type.shape] || "●");
      glyph.style.color = type.color;
      return legendItem("type", type.name, glyph, term("types", type.name), type.count,
        function (on) {
          if (on) showType(type.name); else state.types.delete(type.name);
          refresh();
        });
    });
    document.getElementById("legend-types").replaceChildren.apply(
      document.getElementById("legend-types"), types);
    var relations = meta.relations.map(function (relation) {
      var line = element("span", "line");
      line.style.borderTopColor = relation.color;
      return legendItem("relation", relation.name, line,
        term("relations", relation.name), relation.count,
        function (on) {
          if (on) state.relations.add(relation.name); else state.relations.delete(relation.name);
          refresh();
        });
    });
    document.getElementById("legend-relations").replaceChildren.apply(
      document.getElementById("legend-relations"), relations);
  }

  // Asking for a type (people, places …) brings the relations that tie it to what is shown,
  // when none of them is on: with unconnected entities hidden it would show nothing otherwise.
  function showType(name) {
    state.types.add(name);
    var tying = new Set();
    rawEdges.forEach(function (edge) {
      var from = byId.get(edge.from).dq.type, to = byId.get(edge.to).dq.type;
      if ((from === name && state.types.has(to)) || (to === name && state.types.has(from))) {
        tying.add(edge.dq.relation);
      }
    });
    var on = false;
    tying.forEach(function (relation) { if (state.relations.has(relation)) on = true; });
    if (!on) tying.forEach(function (relation) { state.relations.add(relation); });
  }

  var viewButtons = document.getElementById("views");

  function renderViews() {
    var buttons = meta.views.map(function (view) {
      var choice = button("view", ui("view_" + view.name), function () { chooseView(view.name); });
      choice.dataset.view = view.name;
      return choice;
    });
    viewButtons.replaceChildren.apply(viewButtons, buttons);
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

  function renderWords() {
    document.documentElement.lang = state.lang;
    languageMenu.value = state.lang;
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
    viewButtons.setAttribute("aria-label", ui("views"));
    document.querySelectorAll("[data-ui]").forEach(function (el) {
      el.textContent = ui(el.dataset.ui);
    });
    renderLegend();
    renderViews();
    renderControls();
    renderStatus();
    showInfo();
    if (!results.hidden) renderResults();
  }

  function applyLanguage() {
    nodes.update(rawNodes.map(function (node) { return { id: node.id, label: nodeLabel(node) }; }));
    edges.update(rawEdges.map(function (edge) {
      return { id: edge.id, label: term("relations", edge.dq.relation) };
    }));
    renderWords();
  }

  function setLanguage(lang) {
    state.lang = lang;
    applyLanguage();
    writeHash();
  }

  languageMenu.addEventListener("change", function () { setLanguage(languageMenu.value); });

  // The fragment, edited by hand or by the back button: the page follows it.
  function followHash(first) {
    var lang = state.lang;
    readHash();
    writing = true;  // one write, at the end, of the state as read
    recompute();
    nodeView.refresh();
    edgeView.refresh();
    if (state.lang !== lang) applyLanguage(); else renderWords();
    writing = false;
    network.unselectAll();
    if (pinned && pinned.kind === "node" && shownNodes.has(pinned.id)) network.selectNodes([pinned.id]);
    if (pinned && pinned.kind === "edge" && shownEdges.has(pinned.id)) {
      network.setSelection({ nodes: [], edges: [pinned.id] });
    }
    network.fit({ animation: false });
    if (pinned && pinned.kind === "node" && shownNodes.has(pinned.id) && !first) {
      network.focus(pinned.id, { scale: Math.max(network.getScale(), 1), animation: false });
    }
    writeHash();
  }

  window.addEventListener("hashchange", function () { followHash(false); });

  // ------------------------------------------------------------------ start

  var explorer = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    meta: meta, search: search, selectEntity: selectEntity, selectEdge: selectEdge,
    setLanguage: setLanguage, chooseView: chooseView,
    shownNodes: function () { return Array.from(shownNodes); },
    shownEdges: function () { return Array.from(shownEdges); },
    day: function () { return state.allYears ? null : currentDay(); },
    view: function () { return state.view; },
    readyAt: null,
  };
  window.dqExplorer = explorer;
  network.once("afterDrawing", function () {
    explorer.readyAt = performance.now();
    document.body.dataset.ready = "true";
  });
  followHash(true);
  if (pinned && pinned.kind === "node" && shownNodes.has(pinned.id)) {
    network.focus(pinned.id, { scale: Math.max(network.getScale(), 1), animation: false });
  }
})();
