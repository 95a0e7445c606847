# The course's commands. `make lab` to learn, `make test` to check everything.
# Each creates .venv on first use (needs Python 3.10+ as $(PYTHON)) and installs what it needs.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# The kernel websocket without Nagle's 40 ms stall on widget updates (see helpers/server.py).
LAB_SETTINGS := --ServerApp.kernel_websocket_connection_class=helpers.server.PromptWebsocketConnection
BENCH ?=

.PHONY: lab test notebooks bench flakes lint clean

lab: $(VENV)/.runtime-installed  ## launch JupyterLab on the first notebook
	$(BIN)/jupyter lab --ip=127.0.0.1 $(ROOT_FLAG) $(LAB_SETTINGS) notebooks/00-start-here.ipynb

test: $(VENV)/.dev-installed  ## lint, unit tests, strict nbval, hygiene, browser and Binder checks
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

notebooks: $(VENV)/.dev-installed  ## re-execute every notebook in a clean kernel and save it clean
	$(BIN)/python tools/execute_notebooks.py

flakes: $(VENV)/.dev-installed  ## strict nbval 10 times in a row and twice in parallel; counts green runs
	tools/flake_check.sh

bench: $(VENV)/.dev-installed  ## measure P1-P6 (medians, spread) into bench-results/; e.g. make bench BENCH="P1 P3 --runs 3"
	$(BIN)/python -m tools.bench $(BENCH)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts bench-results

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "This course needs Python 3.10 or newer as '$(PYTHON)' (try: make PYTHON=python3.12 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.runtime-installed: $(VENV)/.created requirements.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# --- classroom track: links, lock, hub, lite -------------------------------------------------
HUB ?= https://hub.example.org

.PHONY: links link
links:  ## print the Binder and nbgitpuller links made from course.cfg (and rewrite them in the docs)
	$(PYTHON) -m tools.links --write
	$(PYTHON) -m tools.links

link:  ## print the nbgitpuller link for a hub: make link HUB=https://hub.example.org
	@$(PYTHON) -m tools.links --hub $(HUB)

# Exact versions for Binder and the hub (uv; one universal lock for Python 3.10-3.13).
# `make lock` keeps every pin that still satisfies requirements.txt (so a raised minimum moves
# only that package); `make lock-upgrade` moves everything to the newest releases.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.10 --custom-compile-command "make lock"
.PHONY: lock lock-upgrade
lock: $(VENV)/.dev-installed  ## pin requirements.txt into requirements-lock.txt (and the hub's lock)
	$(UV_COMPILE) $(LOCK_FLAGS) requirements.txt -o requirements-lock.txt
	$(UV_COMPILE) $(LOCK_FLAGS) classroom/requirements-hub.in -o classroom/requirements-hub-lock.txt

lock-upgrade:  ## the same, with every package at its newest release
	$(MAKE) lock LOCK_FLAGS=--upgrade

.PHONY: hub-proxy
hub-proxy: classroom/node_modules/.bin/configurable-http-proxy  ## the hub's proxy, from npm

classroom/node_modules/.bin/configurable-http-proxy: classroom/package.json classroom/package-lock.json
	npm ci --prefix classroom --no-audit --no-fund
	touch $@

# The course in the browser: a static JupyterLite site in build/lite (Pyodide from npm, wheels
# served from the site; nothing from a CDN). Built in .venv-lite, apart from the course's venv.
.PHONY: lite
lite: $(VENV)/.dev-installed .venv-lite/.installed lite/node_modules/pyodide/pyodide.mjs  ## build the JupyterLite site into build/lite
	$(BIN)/python tools/build_lite.py

.venv-lite/.installed: lite/requirements.txt requirements-lock.txt
	$(PYTHON) -m venv .venv-lite
	.venv-lite/bin/python -m pip install --quiet -r lite/requirements.txt $$(grep -E '^(jupyterlab-widgets|jupyter-server)==' requirements-lock.txt | cut -d' ' -f1)
	touch $@

lite/node_modules/pyodide/pyodide.mjs: lite/package.json lite/package-lock.json
	npm ci --prefix lite --no-audit --no-fund
	touch $@
