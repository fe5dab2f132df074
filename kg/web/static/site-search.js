// The static site's search (kg.web.site): window.dqSearch, loaded from search-index.js, holds
// every entity's id, kind, labels by language and other names. Matching is on the lower-cased
// names; results are written with textContent only: a name is data, never HTML.
(function () {
  "use strict";
  var lang = document.currentScript.dataset.lang || "kk";
  var input = document.getElementById("search");
  var hits = document.getElementById("hits");
  var none = document.getElementById("no-match");
  var entries = (window.dqSearch || []).map(function (entry) {
    var names = [entry.kk, entry.ru, entry.en, entry.names, entry.id].filter(Boolean);
    return { entry: entry, text: names.join(" | ").toLowerCase() };
  });
  function show() {
    var wanted = input.value.trim().toLowerCase();
    hits.replaceChildren();
    if (!wanted) { none.hidden = true; return; }
    var found = entries.filter(function (item) { return item.text.indexOf(wanted) >= 0; });
    found.slice(0, 50).forEach(function (item) {
      var entry = item.entry;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "page/" + entry.id + "." + lang + ".html";
      a.textContent = entry[lang] || entry.en || entry.kk || entry.id;
      var code = document.createElement("code");
      code.className = "muted";
      code.textContent = " " + entry.id;
      li.append(a, code);
      hits.append(li);
    });
    none.hidden = found.length > 0;
  }
  input.addEventListener("input", show);
  window.dqSiteSearch = { show: show, size: entries.length };
})();
