# Two commands on a fresh machine: `make run` serves the seed graph, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test crash-test load assets gazetteer rapper chromium libreoffice wrk bench bench-load clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

load: $(STAMP)
	$(BIN)/tiegraph load seeds/*.trig

# Rebuild seeds/gazetteer.trig from the pinned source package (the file is committed; run this
# only to change the source or the build).
gazetteer: $(STAMP)
	$(BIN)/pip install --quiet -e ".[gazetteer]"
	$(BIN)/tiegraph gazetteer -o seeds/gazetteer.trig

run: load assets
	$(BIN)/tiegraph serve --host $(HOST) --port $(PORT)

# The explorer's scripts: npm packages from the lockfile, bundled by esbuild, served at /assets.
WEB := api/pages/web
assets: $(WEB)/dist/.built

$(WEB)/dist/.built: $(WEB)/package.json $(WEB)/package-lock.json $(WEB)/build.mjs $(wildcard $(WEB)/src/*)
	npm ci --prefix $(WEB) --no-audit --no-fund
	cd $(WEB) && node build.mjs
	touch $@

test: $(STAMP) rapper chromium libreoffice tests/js/node_modules/.package-lock.json assets
	$(BIN)/python -m pytest

# The crash tests at length: KILLS kill -9s per kind of write (make test runs 20 of each).
KILLS ?= 200
crash-test: $(STAMP)
	TIEGRAPH_CRASH_KILLS=$(KILLS) $(BIN)/python -m pytest tests/test_crash_safety.py -v --durations=0

# The benchmark suite on a generated graph of SIZE firms (about 33 quads each); writes bench/RESULTS.md.
SIZE ?= 100000
bench: $(STAMP) wrk
	$(BIN)/python bench/suite.py --firms $(SIZE)

bench-load: $(STAMP)
	$(BIN)/python bench/bench_load.py --triples $${TRIPLES:-1000000}

clean:
	rm -rf $(VENV) data bench/work $(WEB)/node_modules $(WEB)/dist

# Debian's `rapper` re-reads our dumps in a test as an independent parser; needs root for apt.
rapper:
	@command -v rapper >/dev/null || (apt-get update -qq && apt-get install -y -qq raptor2-utils) >/dev/null 2>&1 \
		|| echo "rapper could not be installed: its test will be skipped"

# Headless Chromium opens the service's pages in tests (/docs offline); CJK fonts render Chinese names.
chromium:
	@(command -v chromium >/dev/null && dpkg -s fonts-noto-cjk >/dev/null 2>&1) || (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null 2>&1 \
		|| echo "chromium could not be installed: the browser tests will be skipped"

# LibreOffice's converter opens the ledger's CSV in a test, as a spreadsheet user would.
libreoffice:
	@command -v soffice >/dev/null || (apt-get update -qq && apt-get install -y -qq libreoffice-calc-nogui) >/dev/null 2>&1 \
		|| echo "LibreOffice could not be installed: its test will be skipped"

# wrk drives the HTTP throughput benchmarks from outside the Python process being measured.
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 \
		|| (echo "wrk could not be installed (apt-get install wrk, as root)" && false)

# graphology's GEXF and GraphML readers re-read our exports in tests as independent parsers.
tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund
