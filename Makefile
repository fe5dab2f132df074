# Dostastyq: `make demo` builds and shows the graph; `make test` runs the suite.
# Targets are idempotent: the venv is made once per change of pyproject.toml, and the graph is
# rebuilt only when a fact, a text, the ontology or the code changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
KG     := $(BIN)/kg
GRAPH  := build/kg.ttl

GRAPH_INPUTS := $(wildcard corpus/facts/*.yaml) corpus/manifest.yaml corpus/scopes.yaml \
                $(wildcard corpus/external/cow-igo-v3/*) \
                $(wildcard corpus/texts/*.txt) $(wildcard ontology/*.ttl) \
                $(shell find kg -name '*.py' -o -name '*.rq')

.PHONY: demo test lint build clean datasheet virtuoso chromium bench bench-scale bench-serve bench-explorer

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "python3 -m venv failed; installing Debian's python3-venv"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

$(GRAPH): $(VENV)/.installed $(GRAPH_INPUTS)
	$(KG) build -o $(GRAPH)

build: $(GRAPH)

demo: $(GRAPH)
	@echo "$(GRAPH) was validated against ontology/shapes.ttl when it was built."
	@echo
	@echo "Who were the members of the CIS on 1 June 1992?"
	@$(KG) query members-at --param org=org/cis --param date=1992-06-01 --store oxigraph --graph $(GRAPH)
	@echo
	@echo "Which states connected the others on 30 June 2005? (betweenness, co-membership graph)"
	@$(KG) centrality --at 2005-06-30 --measure betweenness --top 5 --store oxigraph --graph $(GRAPH)
	@echo
	@echo "And in the world of every intergovernmental organisation (Correlates of War), 30 June 2005?"
	@$(KG) centrality --at 2005-06-30 --measure strength --top 5 --scope world --store oxigraph --graph $(GRAPH)
	@$(KG) centrality --series 1992:2025 --measure betweenness --top 8 --store oxigraph --graph $(GRAPH) \
	  --plot build/centrality-rank.png
	@$(KG) explore --store oxigraph --graph $(GRAPH) -o build/explorer.html
	@echo
	@echo "Outputs:"
	@echo "  $(GRAPH)  the knowledge graph (Turtle): the curated record and the world layer"
	@echo "  build/centrality-rank.png  each state's betweenness rank, year by year (30 June; post-Soviet scope)"
	@echo "  build/explorer.html  the explorer: open it in a browser, offline (or kg serve, /explore)"
	@echo "  more questions: $(KG) query --list; the two records compared: $(KG) report reconcile"

datasheet: $(GRAPH)
	$(KG) report stats --graph $(GRAPH) --update corpus/README.md

# The notebooks in JupyterLab (notebooks/README.md says what each shows): the `notebooks` extra,
# the graph `make build` writes, a server on this machine only (127.0.0.1) with notebooks/ as
# its root (--allow-root only when run as root, which Jupyter otherwise refuses); Ctrl-C stops
# it. The outputs stored in them are the tests' (curated graph); to refresh them:
# KG_NOTEBOOK_UPDATE=1 $(BIN)/pytest tests/test_notebooks.py
.PHONY: notebooks
$(VENV)/.installed-notebooks: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[notebooks]'
	touch $@

notebooks: $(GRAPH) $(VENV)/.installed-notebooks
	KG_GRAPH="$(CURDIR)/$(GRAPH)" $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 \
	  --ServerApp.root_dir=notebooks $$( [ "$$(id -u)" -eq 0 ] && echo --allow-root )

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests
	$(BIN)/mypy

# The store tests compare answers with a real Virtuoso, from Debian's packages.
virtuoso:
	@command -v virtuoso-t >/dev/null || { \
	  echo "Installing Debian's virtuoso-opensource for the store tests"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq virtuoso-opensource >/dev/null; }

# The browser tests drive Debian's Chromium (never a browser download).
chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

test: $(VENV)/.installed-dev lint virtuoso chromium
	$(BIN)/python -m pytest

clean:
	rm -rf build

# Scale (bench/README.md): the world graph `kg build` writes (curated record + Correlates of War
# layer, ~319,000 triples), built for real: the build's time and peak memory, load, every named
# query, the 1815-2014 centrality series and 20 clients on `kg serve`, against rdflib and a naive
# loop; then a scale-up curve on synthetic graphs of 1x, 3x and 5x its size, and the explorer at
# 2,000 nodes against stock pyvis. Writes build/bench.json and build/bench.md (15-20 minutes on
# 2 cores). Not part of `make test`. A subset: `$(BIN)/python bench/run.py --scales world`.
bench: bench-scale
bench-scale: $(VENV)/.installed-dev chromium
	$(BIN)/python bench/run.py

# A real `kg serve` (Oxigraph, 2 workers) on loopback, three loads: 20 clients uncached, kept
# answers over keep-alive, 19 clients while a query is killed at the timeout (bench/README.md).
# bench/run.py has a row for each; `--workers 0` here measures the plain server.
bench-serve: $(GRAPH) $(VENV)/.installed-dev
	$(BIN)/python bench/load_serve.py --graph $(GRAPH)

# Time to interactive of the explorer on 2,000 nodes and 10,000 edges, ours vs stock pyvis.
bench-explorer: $(VENV)/.installed-dev chromium
	$(BIN)/python bench/explorer.py
