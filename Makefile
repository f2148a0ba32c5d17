# Two commands for a fresh machine (Python 3.11 on PATH as python3.11 or python3):
#   make run    set up .venv and run the app on http://localhost:8501 (this machine only;
#               `make run ADDRESS=0.0.0.0` serves every network interface)
#   make test   set up .venv (+ Debian chromium for browser tests) and run ruff, mypy and the whole test suite
#   make test-fast  the same without the browser: ruff, mypy and pytest minus the e2e tests (no Chromium)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Where `make run` listens: loopback by default, so the app is not exposed to the network by accident.
ADDRESS ?= localhost
# Fewer glibc malloc arenas: the threaded server hands memory back after sessions end (scripts/loadtest.py).
export MALLOC_ARENA_MAX ?= 2

.PHONY: run test test-fast lint setup setup-dev chromium axe bench messages
# Debian packages: as root, else through sudo.
APT_GET := $(if $(filter 0,$(shell id -u)),,sudo )apt-get

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m basemap.maps.assets
	$(BIN)/pybabel compile --statistics -d locale -D atlas

# After changing user-visible strings: extract them into locale/atlas.pot and merge it into the
# Japanese catalogue (then translate the new entries in locale/ja/LC_MESSAGES/atlas.po).
messages: setup
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output --omit-header -o locale/atlas.pot .
	$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -i locale/atlas.pot -d locale -D atlas -l ja

setup-dev: setup axe
	$(BIN)/pip install --quiet -r requirements-dev.txt

# Browser tests drive Debian's Chromium (never `playwright install`).
chromium:
	@command -v chromium >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq chromium >/dev/null; }
	@# A CJK font, so that screenshots of the Japanese pages show text, not empty boxes.
	@fc-list :lang=ja 2>/dev/null | grep -q . || { $(APT_GET) update -qq && $(APT_GET) install -y -qq fonts-noto-cjk >/dev/null; }

# axe-core for the accessibility browser tests, at the exact version of package-lock.json, into the
# git-ignored node_modules/ (Debian's nodejs and npm first if npm is missing). Tests read it offline.
axe: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: setup
	$(BIN)/streamlit run app.py --server.address $(ADDRESS)

# The lint steps, also run by pre-commit (.pre-commit-config.yaml).
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint chromium
	$(BIN)/python -m pytest

test-fast: lint
	$(BIN)/python -m pytest -m "not e2e"

bench: setup-dev chromium
	$(BIN)/python -m scripts.bench
