# The two commands a new user needs are `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
COMMISSION := $(BIN)/commission
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo serve lint typecheck check bench clean

$(BIN)/commission: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Commission needs Python 3.11 ($(PYTHON) was not found)."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/commission

install: $(BIN)/commission

## Install, migrate the SQLite database under var/, load the demo data and serve it. The demo
## stops where the seed story's letters arrive, so a new user can take its steps in the browser
## (README, "Where to start"); `commission demo` without the option plays the rest.
run: install
	$(COMMISSION) migrate --verbosity 0
	$(COMMISSION) demo --without-letters
	$(COMMISSION) serve --host $(HOST) --port $(PORT)

CHROMIUM ?= /usr/bin/chromium

# Debian's Chromium, which the browser tests drive; installed with apt when missing and allowed.
$(CHROMIUM):
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser tests."; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -qq chromium >/dev/null 2>&1 || \
	  { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; \
	else \
	  echo "The browser tests need Debian's Chromium at $(CHROMIUM): sudo apt-get install chromium"; \
	  exit 1; \
	fi

# axe-core, the accessibility checker the browser walk runs in every page, from npm, into a
# folder git ignores (tests/browser/pagecheck.py reads it; without it the browser tests fail).
AXE_VERSION ?= 4.14.1
AXE := tests/browser/node_modules/axe-core/axe.min.js

$(AXE):
	@command -v npm >/dev/null 2>&1 || { echo "The browser tests need npm to install axe-core: sudo apt-get install npm"; exit 1; }
	npm install --no-save --no-audit --no-fund --prefix tests/browser axe-core@$(AXE_VERSION)

## Run the whole test suite (on SQLite unless DATABASE_URL names PostgreSQL).
test: install $(CHROMIUM) $(AXE)
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy commission

check: test lint typecheck

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
