# The course's commands. `make lab` to learn, `make test` to check everything.
# Each creates .venv on first use (needs Python 3.10+ as $(PYTHON)) and installs what it needs.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
BENCH ?=
# axe-core (npm, pinned in tests/browser/package-lock.json) for the a11y scan
AXE    := tests/browser/node_modules/axe-core/axe.min.js
# The oldest and newest Python the README names; `make test-pythons` runs the suite on each.
PYTHONS ?= 3.10 3.13

.PHONY: help lab test notebooks bench flakes lint clean test-pythons test-no-browser

help:  ## list these commands with what each does (`make` alone runs `make lab`)
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

lab: $(VENV)/.runtime-installed  ## launch JupyterLab on the first notebook
	$(BIN)/jupyter lab --ip=127.0.0.1 $(ROOT_FLAG) notebooks/00-start-here.ipynb

test: $(VENV)/.dev-installed $(AXE)  ## lint, unit tests, strict nbval, hygiene, browser and Binder checks
	$(BIN)/ruff check .
	$(BIN)/python -m pytest --durations=25

test-no-browser: $(VENV)/.dev-installed  ## unit, kernel, strict nbval and hygiene tests; no browser, Binder, hub, site or slow pace run
	$(BIN)/python -m pytest --durations=25 -m "not browser and not binder and not hub and not lite and not slow"

test-pythons:  ## test-no-browser on each Python in PYTHONS (3.10, 3.13) from pyenv, each in its own .venv-X.Y
	@root="$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv")"; \
	for version in $(PYTHONS); do \
	  found="$$(ls -d "$$root"/versions/$$version.* 2>/dev/null | sort -V | tail -n 1)"; \
	  python="$$found/bin/python3"; \
	  if [ -z "$$found" ] || [ ! -x "$$python" ]; then \
	    echo "test-pythons: Python $$version not found under $$root/versions, skipped (pyenv install $$version)"; \
	    continue; \
	  fi; \
	  echo "test-pythons: $$("$$python" --version) in .venv-$$version"; \
	  $(MAKE) --no-print-directory test-no-browser PYTHON="$$python" VENV=".venv-$$version" || exit 1; \
	done

notebooks: $(VENV)/.dev-installed  ## re-execute every notebook in a clean kernel and save it clean
	$(BIN)/python -m tools.execute_notebooks

flakes: $(VENV)/.dev-installed  ## strict nbval 10 times in a row and twice in parallel; counts green runs
	tools/flake_check.sh

bench: $(VENV)/.dev-installed  ## measure P1-P11 (medians, spread) into bench-results/; e.g. make bench BENCH="P1 P3 --runs 3"
	$(BIN)/python -m tools.bench $(BENCH)

lint: $(VENV)/.dev-installed  ## ruff over the whole repository (part of make test)
	$(BIN)/ruff check .

clean:  ## remove the venvs, test artifacts, bench results and axe-core
	rm -rf $(VENV) $(addprefix .venv-,$(PYTHONS)) .pytest_cache test-artifacts bench-results
	rm -rf tests/browser/node_modules  # axe-core

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "This course needs Python 3.10 or newer as '$(PYTHON)' (try: make PYTHON=python3.12 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.runtime-installed: $(VENV)/.created requirements.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m course_server  # widget updates without Nagle's stall (see course_server/)
	touch $@

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core for tests/browser/test_a11y.py. Without npm the scan is skipped
# (or fails with CI=true, as .ci/run sets), like the browser tests without Chromium.
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the axe-core accessibility scan will be skipped (CI installs npm)"; fi
# The full reader's-pace run (over an hour; CI runs only the time-dependent
# notebooks at reading pace, as part of `make test`). E.g. make pace PACE_PAUSE=90
PACE_PAUSE ?= 60
.PHONY: pace
pace: $(VENV)/.dev-installed  ## every notebook cell by cell, at 200 words a minute and with a fixed pause; all at once (about 40 min)
	PACE=full PACE_PAUSE=$(PACE_PAUSE) $(BIN)/python -m pytest -m pace -v tests/pace
# --- links, lock, hub, JupyterLite -------------------------------------------------
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
lock: $(VENV)/.dev-installed  ## pin requirements.txt into requirements-lock.txt (and the hub's and Binder's locks)
	$(UV_COMPILE) $(LOCK_FLAGS) requirements.txt -o requirements-lock.txt
	$(UV_COMPILE) $(LOCK_FLAGS) classroom/requirements-hub.in -o classroom/requirements-hub-lock.txt
	$(UV_COMPILE) $(LOCK_FLAGS) binder/requirements.in -o binder/requirements.txt

lock-upgrade:  ## the same, with every package at its newest release
	$(MAKE) lock LOCK_FLAGS=--upgrade

.PHONY: hub-proxy hub-env
hub-proxy: classroom/node_modules/.bin/configurable-http-proxy  ## the hub's proxy, from npm

# The one-server hub's environment: the hub, and every learner's server, run from it. It must be
# readable by every learner's account, so it is made from a Python outside /root.
HUB_ENV ?= /opt/jwt-course/env
HUB_PYTHON ?= /usr/bin/python3
hub-env:  ## the hub's and learners' environment: make hub-env HUB_ENV=/opt/jwt-course/env
	$(HUB_PYTHON) -m tools.hub_env $(HUB_ENV) --python $(HUB_PYTHON)

classroom/node_modules/.bin/configurable-http-proxy: classroom/package.json classroom/package-lock.json
	npm ci --prefix classroom --no-audit --no-fund
	touch $@

# The course in the browser: a static JupyterLite site in build/lite (Pyodide from npm, wheels
# served from the site; nothing from a CDN). Built in .venv-lite, apart from the course's venv.
.PHONY: lite
lite: $(VENV)/.dev-installed .venv-lite/.installed lite/node_modules/pyodide/pyodide.mjs  ## build the JupyterLite site into build/lite
	$(BIN)/python -m tools.build_lite

.venv-lite/.installed: lite/requirements.txt requirements-lock.txt | $(VENV)/.dev-installed
	$(PYTHON) -m venv .venv-lite
	.venv-lite/bin/python -m pip install --quiet -r lite/requirements.txt $$($(BIN)/python -m tools.lock jupyterlab-widgets jupyter-server)
	touch $@

lite/node_modules/pyodide/pyodide.mjs: lite/package.json lite/package-lock.json
	npm ci --prefix lite --no-audit --no-fund
	touch $@

# --- the learner's journey: pages made from helpers/course/data/, the cheat sheet, the class ---------
HOMES ?= /srv/jwt-course/homes
.PHONY: course-docs cheatsheet class-progress
course-docs: $(VENV)/.runtime-installed  ## rewrite the README's course table and docs/glossary.md from the course data
	$(BIN)/python -m tools.course_docs --write

cheatsheet: $(VENV)/.runtime-installed  ## print docs/cheatsheet.md to build/cheatsheet.pdf (one A4 page; needs chromium)
	$(BIN)/python -m tools.course_docs --cheatsheet-pdf build/cheatsheet.pdf

class-progress: $(VENV)/.runtime-installed  ## learners x exercises, from every home in HOMES, again every 30 s (Ctrl+C stops)
	$(BIN)/python -m helpers.progress --class $(HOMES) --watch 30
