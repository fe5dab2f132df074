// The query page of `kg serve`: runs the editor's query and the named queries against this
// server and shows the answers. Every value from the graph is written with textContent, never
// as HTML: labels and quotes are data.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("kg-config").textContent);
  const editor = document.getElementById("editor");
  const results = document.getElementById("results");
  const status = document.getElementById("status");
  const downloads = document.getElementById("downloads");

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function display(term) {
    if (!term) return "";
    if (term.type === "uri") {
      if (term.value.startsWith(config.resources)) return term.value.slice(config.resources.length);
      if (term.value.startsWith(config.vocabulary)) return term.value.slice(config.vocabulary.length);
      return term.value;
    }
    if (term.type === "bnode") return "_:" + term.value;
    return term.value;
  }

  function describeLink(iri) {
    const link = element("a", null);
    link.href = "sparql?format=turtle&query=" + encodeURIComponent("DESCRIBE <" + iri + ">");
    link.title = iri;
    return link;
  }

  function cell(term) {
    const td = element("td");
    if (!term) return td;
    if (term.type === "uri") {
      const link = describeLink(term.value);
      link.textContent = display(term);
      td.appendChild(link);
    } else {
      td.appendChild(document.createTextNode(display(term)));
      if (term["xml:lang"]) td.appendChild(element("span", "@" + term["xml:lang"], "lang"));
    }
    return td;
  }

  function clear() {
    results.replaceChildren();
    status.replaceChildren();
  }

  function showError(message) {
    clear();
    results.appendChild(element("div", message, "error"));
  }

  function showTable(answer, truncated) {
    clear();
    if (typeof answer.boolean === "boolean") {
      results.appendChild(element("p", "ASK: " + answer.boolean));
      return;
    }
    const vars = answer.head.vars;
    const rows = answer.results.bindings;
    status.textContent = rows.length + " row(s)";
    if (truncated) {
      status.appendChild(element("span", " — cut at the server's row limit (" + truncated + "); add a LIMIT or narrow the query", "warning"));
    }
    const table = element("table", null, "results");
    const head = table.createTHead().insertRow();
    for (const name of vars) head.appendChild(element("th", name));
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const name of vars) tr.appendChild(cell(row[name]));
    }
    results.appendChild(table);
  }

  function showGraph(text) {
    clear();
    results.appendChild(element("pre", text, "graph"));
  }

  async function show(response) {
    const type = (response.headers.get("Content-Type") || "").split(";")[0];
    const text = await response.text();
    if (!response.ok) {
      showError(response.status + " " + response.statusText + "\n" + text);
    } else if (type.endsWith("json") && type !== "application/ld+json") {
      showTable(JSON.parse(text), response.headers.get("X-KG-Truncated") === "true" ? response.headers.get("X-KG-Row-Limit") : null);
    } else {
      showGraph(text);
    }
  }

  function updateDownloads(query) {
    downloads.replaceChildren();
    for (const [format, label] of [["json", "JSON"], ["csv", "CSV"], ["tsv", "TSV"], ["xml", "XML"], ["turtle", "Turtle"], ["jsonld", "JSON-LD"]]) {
      const link = element("a", label);
      link.href = "sparql?format=" + format + "&query=" + encodeURIComponent(query);
      downloads.appendChild(link);
    }
  }

  async function runEditor() {
    const query = editor.value;
    clear();
    status.textContent = "Running…";
    updateDownloads(query);
    try {
      const response = await fetch("sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: new URLSearchParams({ query: query }),
      });
      await show(response);
    } catch (error) {
      showError(String(error));
    }
  }

  document.getElementById("run").addEventListener("click", runEditor);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      runEditor();
    }
  });

  for (const form of document.querySelectorAll("form.named-query")) {
    const parameters = () => new URLSearchParams(new FormData(form));
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      clear();
      status.textContent = "Running " + form.dataset.name + "…";
      try {
        const response = await fetch(form.action + "?" + parameters(), {
          headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        });
        await show(response);
        results.scrollIntoView({ behavior: "smooth", block: "start" });
      } catch (error) {
        showError(String(error));
      }
    });
    form.querySelector("button.to-editor").addEventListener("click", async function () {
      const response = await fetch(form.action + ".rq?" + parameters());
      const text = await response.text();
      if (!response.ok) {
        showError(response.status + " " + response.statusText + "\n" + text);
        return;
      }
      editor.value = text;
      editor.focus();
      window.scrollTo({ top: 0, behavior: "smooth" });
    });
  }
  updateDownloads(editor.value);
})();
